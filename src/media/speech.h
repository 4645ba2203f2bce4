#pragma once

// Speech synthesis with libespeak-ng (issue 23, part 5): text in, 16-bit
// mono samples out, in memory. Nothing is played here: the samples go to a
// WAV file (`beacon speak`) or, on the kiosk, through mpv and ALSA like a
// video's sound, at the configured device and volume.
//
// Threading: espeak-ng is one global synthesiser; every call here takes
// its lock, so any thread may call, one at a time.

#include "core/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace beacon::media {

struct Speech {
    int sample_rate = 0;
    std::vector<std::int16_t> samples; // mono
    double seconds() const {
        return sample_rate ? static_cast<double>(samples.size()) / sample_rate : 0;
    }
};

// Whether espeak-ng has a voice named `voice` ("en", "es", "cmn").
bool has_voice(const std::string& voice);

// Those of `languages` (playlist codes) espeak-ng has a voice for, in order.
std::vector<std::string> voiced_languages(const std::vector<std::string>& languages);

// `text` (UTF-8) spoken by `voice`; an Error when the library or the voice
// is missing.
Result<Speech> synthesize(const std::string& text, const std::string& voice);

// The samples as a WAV file's bytes (RIFF, PCM 16-bit mono).
std::string wav_bytes(const Speech& speech);

} // namespace beacon::media

#include "media/speech.h"

#include "core/hotline_speech.h"

#include <espeak-ng/speak_lib.h>

#include <cstring>
#include <mutex>

namespace beacon::media {

namespace {

std::mutex g_espeak;
int g_sample_rate = 0; // set by the first successful espeak_Initialize()

// Under g_espeak. espeak-ng finds its data in its installed place.
bool initialize() {
    if (g_sample_rate > 0)
        return true;
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
    if (rate <= 0)
        return false;
    g_sample_rate = rate;
    return true;
}

// espeak-ng's synthesis callback: appends each piece to the Speech passed
// as the synthesis' user data. 0: go on.
int collect(short* wave, int count, espeak_EVENT* events) {
    if (!wave || count <= 0 || !events)
        return 0;
    auto* speech = static_cast<Speech*>(events->user_data);
    speech->samples.insert(speech->samples.end(), wave, wave + count);
    return 0;
}

} // namespace

bool has_voice(const std::string& voice) {
    std::lock_guard lock(g_espeak);
    return initialize() && espeak_SetVoiceByName(voice.c_str()) == EE_OK;
}

std::vector<std::string> voiced_languages(const std::vector<std::string>& languages) {
    std::vector<std::string> voiced;
    for (const std::string& lang : languages)
        if (has_voice(espeak_voice_name(lang)))
            voiced.push_back(lang);
    return voiced;
}

Result<Speech> synthesize(const std::string& text, const std::string& voice) {
    std::lock_guard lock(g_espeak);
    if (!initialize())
        return Error{"speech: espeak-ng cannot start (is espeak-ng-data installed?)"};
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK)
        return Error{"speech: espeak-ng has no voice \"" + voice + "\""};
    // A little slower than espeak-ng's 175 words a minute: a number is
    // heard once and must be remembered.
    espeak_SetParameter(espeakRATE, 150, 0);
    espeak_SetSynthCallback(collect);
    Speech speech;
    speech.sample_rate = g_sample_rate;
    espeak_ERROR status = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                       espeakCHARS_UTF8, nullptr, &speech);
    if (status == EE_OK)
        status = espeak_Synchronize();
    if (status != EE_OK)
        return Error{"speech: espeak-ng could not speak the text (error " +
                     std::to_string(static_cast<int>(status)) + ")"};
    return speech;
}

std::string wav_bytes(const Speech& speech) {
    auto put = [](std::string& out, std::uint32_t value, int bytes) {
        for (int i = 0; i < bytes; ++i)
            out += static_cast<char>((value >> (8 * i)) & 0xFF);
    };
    std::uint32_t data_bytes = static_cast<std::uint32_t>(speech.samples.size() * 2);
    std::string out = "RIFF";
    put(out, 36 + data_bytes, 4);
    out += "WAVEfmt ";
    put(out, 16, 4);                                                 // fmt chunk size
    put(out, 1, 2);                                                  // PCM
    put(out, 1, 2);                                                  // mono
    put(out, static_cast<std::uint32_t>(speech.sample_rate), 4);     // samples a second
    put(out, static_cast<std::uint32_t>(speech.sample_rate) * 2, 4); // bytes a second
    put(out, 2, 2);                                                  // bytes a frame
    put(out, 16, 2);                                                 // bits a sample
    out += "data";
    put(out, data_bytes, 4);
    for (std::int16_t sample : speech.samples)
        put(out, static_cast<std::uint16_t>(sample), 2);
    return out;
}

} // namespace beacon::media

#include "media/speech.h"

#include "core/hotline_speech.h"

#include "system/shared_library.h"

#include <espeak-ng/speak_lib.h>

#include <cstring>
#include <mutex>

namespace beacon::media {

namespace {

// The espeak-ng functions Beacon calls, resolved with dlopen() the first
// time a voice is asked for. Why not linked: libespeak-ng and the libraries
// only it needs (libpcaudio, libsonic, libpulse-simple) were then read from
// disk at every start of the player, before its first frame, while speech
// is off unless configured (issue 22: the cold first frame).
struct EspeakLibrary {
    decltype(&::espeak_Initialize) initialize;
    decltype(&::espeak_SetVoiceByName) set_voice_by_name;
    decltype(&::espeak_SetParameter) set_parameter;
    decltype(&::espeak_SetSynthCallback) set_synth_callback;
    decltype(&::espeak_Synth) synth;
    decltype(&::espeak_Synchronize) synchronize;
};

constexpr const char* k_soname = "libespeak-ng.so.1"; // Debian 12's libespeak-ng1

// Under g_espeak. Null when the library or an entry point is missing.
EspeakLibrary const* load_espeak() {
    auto loaded = system::load_table<EspeakLibrary>(
        k_soname, RTLD_NOW, "cannot load libespeak-ng", "",
        [](system::SharedLibrary& espeak, EspeakLibrary& library) {
            espeak.resolve(library.initialize, "espeak_Initialize");
            espeak.resolve(library.set_voice_by_name, "espeak_SetVoiceByName");
            espeak.resolve(library.set_parameter, "espeak_SetParameter");
            espeak.resolve(library.set_synth_callback, "espeak_SetSynthCallback");
            espeak.resolve(library.synth, "espeak_Synth");
            espeak.resolve(library.synchronize, "espeak_Synchronize");
        });
    return loaded ? loaded.value() : nullptr; // stays loaded for the life of the process
}

std::mutex g_espeak;
EspeakLibrary const* g_library = nullptr; // under g_espeak, set by initialize()
int g_sample_rate = 0;                    // set by the first successful espeak_Initialize()

// Under g_espeak. espeak-ng finds its data in its installed place. A
// failure is not remembered: a later call tries again.
bool initialize() {
    if (g_sample_rate > 0)
        return true;
    if (!g_library)
        g_library = load_espeak();
    if (!g_library)
        return false;
    int rate = g_library->initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
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
    return initialize() && g_library->set_voice_by_name(voice.c_str()) == EE_OK;
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
        return Error{"speech: espeak-ng cannot start (are libespeak-ng1 and espeak-ng-data "
                     "installed?)"};
    if (g_library->set_voice_by_name(voice.c_str()) != EE_OK)
        return Error{"speech: espeak-ng has no voice \"" + voice + "\""};
    // A little slower than espeak-ng's 175 words a minute: a number is
    // heard once and must be remembered.
    g_library->set_parameter(espeakRATE, 150, 0);
    g_library->set_synth_callback(collect);
    Speech speech;
    speech.sample_rate = g_sample_rate;
    espeak_ERROR status = g_library->synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                           espeakCHARS_UTF8, nullptr, &speech);
    if (status == EE_OK)
        status = g_library->synchronize();
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

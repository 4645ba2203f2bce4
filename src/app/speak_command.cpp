#include "app/speak_command.h"

#include "app/content.h"
#include "core/hotline_speech.h"
#include "media/speech.h"
#include "system/log.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace beacon::app {

int run_speak(const Options& options) {
    LoadedContent content = load_content(options.files[0]);
    for (auto& diagnostic : content.diagnostics)
        log::console(diagnostic.to_string() + "\n");
    if (!content.playlist)
        return 1;
    Playlist& playlist = *content.playlist;
    // The title spoken is the one the screen shows: the discreet style's
    // neutral title with --hotline-style discreet, as a kiosk's beacon.conf.
    apply_hotline_choices(playlist.hotline, hotline_choices(options));
    std::string lang = options.lang.empty() ? playlist.languages.front() : options.lang;
    const HotlineText* text = playlist.hotline.text_for(lang);
    if (!text) {
        log::console("beacon: the playlist has no language \"" + lang + "\"\n");
        return 1;
    }
    std::string voice = espeak_voice_name(lang);
    if (!media::has_voice(voice)) {
        log::console("beacon: espeak-ng has no voice for \"" + lang +
                     "\"; the hotline screen has no Listen button in that language\n");
        return 1;
    }
    auto speech = media::synthesize(hotline_speech(playlist.hotline, *text), voice);
    if (!speech) {
        log::console("beacon: " + speech.error().message + "\n");
        return 1;
    }
    std::ofstream out(options.out, std::ios::binary | std::ios::trunc);
    std::string bytes = media::wav_bytes(speech.value());
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        log::console("beacon: cannot write " + options.out + "\n");
        return 1;
    }
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", speech.value().seconds());
    log::console("beacon: wrote " + options.out + ": " + seconds + " s of speech (" + lang +
                 ", espeak-ng voice \"" + voice + "\")\n");
    return 0;
}

} // namespace beacon::app

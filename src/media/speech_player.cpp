#include "media/speech_player.h"

#include "events/event_wait.h"
#include "media/mpv_library.h"

#include <SDL.h>
#include <mpv/client.h>

#include <cstdint>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

namespace beacon::media {

namespace {

// The words in an anonymous in-memory file, read from its start; -1 on
// failure. The caller hands the descriptor to mpv.
int memory_file(const std::string& bytes) {
    int fd = memfd_create("beacon-listen", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    std::size_t written = 0;
    while (written < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) {
            ::close(fd);
            return -1;
        }
        written += static_cast<std::size_t>(n);
    }
    if (::lseek(fd, 0, SEEK_SET) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

SpeechPlayer::~SpeechPlayer() {
    if (m_mpv)
        m_api->terminate_destroy(m_mpv);
}

Status SpeechPlayer::start_core() {
    auto api = mpv_library();
    if (!api)
        return api.error();
    m_api = api.value();
    m_mpv = m_api->create();
    if (!m_mpv)
        return Error{"speech: mpv cannot start"};
    // Sound only, through ALSA like a video's; nothing of mpv's own
    // configuration, scripts or terminal output.
    const char* const options[][2] = {
        {"config", "no"},
        {"terminal", "no"},
        {"idle", "yes"},
        {"vo", "null"},
        {"vid", "no"},
        {"ao", "alsa"},
        {"audio-display", "no"},
        {"load-scripts", "no"},
        {"ytdl", "no"},
        {"input-default-bindings", "no"},
        {"osc", "no"},
        {"keep-open", "no"},
        {"load-stats-overlay", "no"},
        {"load-osd-console", "no"},
        {"load-auto-profiles", "no"},
    };
    for (auto const& option : options)
        m_api->set_option_string(m_mpv, option[0], option[1]);
    if (int rc = m_api->initialize(m_mpv); rc < 0) {
        m_api->terminate_destroy(m_mpv);
        m_mpv = nullptr;
        return Error{std::string("speech: mpv cannot start: ") + m_api->error_string(rc)};
    }
    // Empty while no audio output is open: mpv notifies it when the output
    // opens and when it closes (MPV_EVENT_AUDIO_RECONFIG's properties).
    m_api->observe_property(m_mpv, 0, "current-ao", MPV_FORMAT_STRING);
    if (m_wake_event)
        // From mpv's threads: events::wake_callback() only pushes an event.
        m_api->set_wakeup_callback(m_mpv, events::wake_callback,
                                   events::wake_context(m_wake_event));
    return Done{};
}

void SpeechPlayer::poll() {
    // Taken so the queue never fills; only current-ao matters.
    while (m_mpv) {
        mpv_event* event = m_api->wait_event(m_mpv, 0);
        if (event->event_id == MPV_EVENT_NONE)
            break;
        if (event->event_id != MPV_EVENT_PROPERTY_CHANGE)
            continue;
        auto* property = static_cast<mpv_event_property*>(event->data);
        if (std::strcmp(property->name, "current-ao") != 0)
            continue;
        const char* value = property->format == MPV_FORMAT_STRING
                                ? *static_cast<const char**>(property->data)
                                : nullptr;
        m_holds_device = value && *value;
    }
}

Status SpeechPlayer::play(const Speech& speech, const std::string& device, double mpv_volume) {
    if (!m_mpv) {
        if (auto started = start_core(); !started)
            return started;
    }
    poll();
    std::string const output = device.empty() ? "auto" : "alsa/" + device;
    const char* output_text = output.c_str();
    m_api->set_property_async(m_mpv, 0, "audio-device", MPV_FORMAT_STRING, &output_text);
    double volume = mpv_volume;
    m_api->set_property_async(m_mpv, 0, "volume", MPV_FORMAT_DOUBLE, &volume);
    int fd = memory_file(wav_bytes(speech));
    if (fd < 0)
        return Error{"speech: no memory for the words"};
    // fdclose://: mpv closes the descriptor when it is done with the file.
    std::string const url = "fdclose://" + std::to_string(fd);
    const char* command[] = {"loadfile", url.c_str(), "replace", nullptr};
    if (int rc = m_api->command_async(m_mpv, 0, command); rc < 0) {
        ::close(fd);
        return Error{std::string("speech: mpv cannot play: ") + m_api->error_string(rc)};
    }
    return Done{};
}

void SpeechPlayer::stop() {
    if (!m_mpv)
        return;
    const char* command[] = {"stop", nullptr};
    m_api->command_async(m_mpv, 0, command);
    poll();
}

} // namespace beacon::media

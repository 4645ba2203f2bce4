#include "media/media_probe.h"

#include "media/mpv_library.h"
#include "media/mpv_options.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <clocale>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace beacon::media {

namespace {

constexpr double first_frame_timeout_seconds = 10;

struct DestroyMpv {
    MpvLibrary const* api;
    void operator()(mpv_handle* mpv) const { api->terminate_destroy(mpv); }
};

std::string string_property(MpvLibrary const& api, mpv_handle* mpv, const char* name) {
    char* value = api.get_property_string(mpv, name);
    if (!value)
        return {};
    std::string text = value;
    api.free(value);
    return text;
}

template <typename T>
T number_property(MpvLibrary const& api, mpv_handle* mpv, const char* name, mpv_format format) {
    T value{};
    if (api.get_property(mpv, name, format, &value) < 0)
        return T{};
    return value;
}

VideoFacts read_facts(MpvLibrary const& api, mpv_handle* mpv) {
    VideoFacts facts;
    facts.container = string_property(api, mpv, "file-format");
    facts.codec = string_property(api, mpv, "current-tracks/video/codec");
    if (facts.codec.empty())
        facts.codec = string_property(api, mpv, "video-format");
    facts.width =
        static_cast<int>(number_property<std::int64_t>(api, mpv, "width", MPV_FORMAT_INT64));
    facts.height =
        static_cast<int>(number_property<std::int64_t>(api, mpv, "height", MPV_FORMAT_INT64));
    facts.fps = number_property<double>(api, mpv, "container-fps", MPV_FORMAT_DOUBLE);
    facts.duration = number_property<double>(api, mpv, "duration", MPV_FORMAT_DOUBLE);
    // The player's options select no sound track (aid=no), so the track
    // list, not current-tracks, says whether the file has sound.
    auto tracks = number_property<std::int64_t>(api, mpv, "track-list/count", MPV_FORMAT_INT64);
    for (std::int64_t i = 0; i < tracks && facts.audio_codec.empty(); ++i) {
        std::string const track = "track-list/" + std::to_string(i);
        if (string_property(api, mpv, (track + "/type").c_str()) == "audio") {
            facts.audio_codec = string_property(api, mpv, (track + "/codec").c_str());
            if (facts.audio_codec.empty())
                facts.audio_codec = "unknown";
        }
    }
    return facts;
}

} // namespace

Result<VideoFacts> probe_video(const std::string& path) {
    {
        // mpv refuses to start unless numbers are parsed the C way; the
        // player sets the same (MpvPlayer::create).
        static std::once_flag numeric_locale;
        std::call_once(numeric_locale, [] { std::setlocale(LC_NUMERIC, "C"); });
    }
    auto library = mpv_library();
    if (!library)
        return library.error();
    MpvLibrary const& api = *library.value();
    std::unique_ptr<mpv_handle, DestroyMpv> mpv(api.create(), DestroyMpv{&api});
    if (!mpv)
        return Error{"mpv: mpv_create failed"};
    if (auto applied = apply_player_options(api, mpv.get()); !applied)
        return applied.error();
    // The player's options, then no output at all: the decoders, demuxers
    // and their whitelists stay the player's.
    for (auto [name, value] :
         {std::pair{"vo", "null"}, {"ao", "null"}, {"pause", "yes"}, {"msg-level", "all=no"}}) {
        if (int rc = api.set_option_string(mpv.get(), name, value); rc < 0)
            return Error{std::string("mpv: setting ") + name + ": " + api.error_string(rc)};
    }
    if (int rc = api.initialize(mpv.get()); rc < 0)
        return Error{std::string("mpv: mpv_initialize: ") + api.error_string(rc)};
    const char* command[] = {"loadfile", path.c_str(), nullptr};
    if (int rc = api.command_async(mpv.get(), 1, command); rc < 0)
        return Error{api.error_string(rc)};

    bool loaded = false;
    auto const give_up = std::chrono::steady_clock::now() +
                         std::chrono::duration<double>(first_frame_timeout_seconds);
    while (std::chrono::steady_clock::now() < give_up) {
        mpv_event* event = api.wait_event(mpv.get(), 0.5);
        switch (event->event_id) {
        case MPV_EVENT_COMMAND_REPLY:
            if (event->error < 0)
                return Error{api.error_string(event->error)};
            break;
        case MPV_EVENT_FILE_LOADED:
            loaded = true;
            if (string_property(api, mpv.get(), "current-tracks/video/codec").empty() &&
                string_property(api, mpv.get(), "video-format").empty())
                return Error{"it has no video track mpv can play"};
            break;
        case MPV_EVENT_PLAYBACK_RESTART:
            // The first frame is decoded: the file plays.
            if (loaded)
                return read_facts(api, mpv.get());
            break;
        case MPV_EVENT_END_FILE: {
            auto* end = static_cast<mpv_event_end_file*>(event->data);
            if (end->reason == MPV_END_FILE_REASON_ERROR)
                return Error{api.error_string(end->error)};
            return Error{"it ended before its first frame"};
        }
        default:
            break;
        }
    }
    return Error{"its first frame did not come within 10 s"};
}

void load_decoder_ahead() {
    // The result is kept by mpv_library() itself; a failure is reported by
    // the probe that needs the library.
    (void)mpv_library();
}

std::map<std::string, Result<VideoFacts>> probe_videos(const std::vector<std::string>& paths) {
    std::vector<std::optional<Result<VideoFacts>>> found(paths.size());
    std::atomic<std::size_t> next{0};
    {
        std::vector<std::jthread> probes;
        std::size_t const threads = std::min<std::size_t>(2, paths.size());
        for (std::size_t i = 0; i < threads; ++i)
            probes.emplace_back([&] {
                // Each thread writes only the slots whose index it took.
                for (std::size_t at = next++; at < paths.size(); at = next++)
                    found[at] = probe_video(paths[at]);
            });
    }
    std::map<std::string, Result<VideoFacts>> by_path;
    for (std::size_t i = 0; i < paths.size(); ++i)
        by_path.emplace(paths[i], std::move(*found[i]));
    return by_path;
}

} // namespace beacon::media

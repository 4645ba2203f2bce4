// Issue 18, finding 3, the second wall: even when a file that names other
// files reaches mpv (it changed after it was checked, say), the player's mpv
// options open nothing it names. Real files, played by the player's own
// MpvPlayer: an mpv EDL file and an ffconcat list naming a video outside the
// content root (watched with inotify: it must never be opened), and M3U, PLS
// and HLS playlists naming http://127.0.0.1:PORT (a listening socket: it must
// never be connected to). The outside video itself plays, so the watch and
// the player are shown to work.

#include "integration/watchers.h"
#include "media/mpv_player.h"

#include <catch2/catch.hpp>

#include <SDL.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace beacon;
namespace fs = std::filesystem;

namespace {

fs::path work_dir() {
    fs::path dir = fs::path(BEACON_WORK_DIR) / "mpv-references";
    fs::remove_all(dir);
    fs::create_directories(dir / "root/media");
    fs::create_directories(dir / "outside");
    return dir;
}

struct Outcome {
    bool ready = false;
    bool failed = false;
    std::string detail;
};

// Loads `path` into a fresh player and waits for its verdict (or 6 s).
Outcome play(const fs::path& path) {
    static std::uint32_t event_type = SDL_RegisterEvents(1);
    auto player =
        media::MpvPlayer::create(media::RenderPath::Software, nullptr, {event_type, event_type});
    REQUIRE(player.ok());
    auto& mpv = *player.value();
    auto id = mpv.load(path.string(), media::MpvPlayer::Kind::Video, std::nullopt);
    Outcome outcome;
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(6);
    while (std::chrono::steady_clock::now() < give_up && !outcome.ready && !outcome.failed) {
        SDL_PumpEvents();
        SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
        for (auto& event : mpv.poll_events()) {
            if (event.load_id != id)
                continue;
            outcome.ready |= event.kind == media::MediaEventKind::Ready;
            outcome.failed |= event.kind != media::MediaEventKind::Ready;
            outcome.detail = event.detail;
        }
        if (mpv.frame_pending())
            mpv.skip_frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return outcome;
}

} // namespace

TEST_CASE("mpv follows no reference a media file makes", "[media][security]") {
    REQUIRE(SDL_Init(SDL_INIT_EVENTS) == 0);
    fs::path dir = work_dir();
    fs::path secret = dir / "outside/secret.mp4";
    REQUIRE(std::system(("ffmpeg -v error -y -f lavfi -i testsrc=size=160x90:rate=10 -t 1 "
                         "-pix_fmt yuv420p " +
                         secret.string())
                            .c_str()) == 0);
    test::Listener server;
    std::string url = "http://127.0.0.1:" + std::to_string(server.port());
    const std::vector<std::pair<std::string, std::string>> files = {
        {"edl.mp4", "# mpv EDL v0\n" + secret.string() + "\n"},
        {"edl-url.mp4", "# mpv EDL v0\n" + url + "/edl.mp4\n"},
        {"m3u.mp4", "#EXTM3U\n#EXTINF:1,x\n" + url + "/m3u.mp4\n"},
        {"m3u-local.mp4", "#EXTM3U\n" + secret.string() + "\n"},
        {"pls.mp4", "[playlist]\nFile1=" + url + "/pls.mp4\nNumberOfEntries=1\n"},
        {"hls.mp4", "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + url +
                        "/seg.ts\n#EXT-X-ENDLIST\n"},
        {"concat.mp4", "ffconcat version 1.0\nfile " + secret.string() + "\n"},
        {"plain.mp4", secret.string() + "\n"},
    };
    for (auto& [name, text] : files) {
        INFO(name);
        fs::path file = dir / "root/media" / name;
        std::ofstream(file) << text;
        test::OpenWatch watch(secret);
        Outcome outcome = play(file);
        INFO(outcome.detail);
        CHECK_FALSE(outcome.ready);
        CHECK_FALSE(watch.opened());
        CHECK(server.connections() == 0);
    }
    // The watch sees an open, and the player plays a real file.
    test::OpenWatch watch(secret);
    Outcome real = play(secret);
    CHECK(real.ready);
    CHECK(watch.opened());
}

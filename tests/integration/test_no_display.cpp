// Issue 17, "a renderer failure is never a crash loop on a black screen": a
// kiosk with no display at all (no KMS device, X11 or Wayland: QEMU's
// raspi3b, a Pi whose vc4 driver has not bound) says why once and waits for
// one. It never plays to SDL's offscreen fallback, where no one sees it, and
// never exits into systemd's restart loop.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

fs::path still_playlist(const fs::path& dir) {
    return test::media_playlist(dir, "still.png",
                                R"(  <image id="still" src="media/still.png" duration="2"/>)");
}

int occurrences(const std::string& text, const std::string& what) {
    int count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++count;
    return count;
}

// `beacon play` in its kiosk mode (full screen), stopped by `timeout` with
// SIGTERM after `seconds`: exit status 124 means it was still running then.
// (XDG_RUNTIME_DIR as beacon.service sets it: without one, SDL's Wayland
// backend complains at every try.)
test::CommandResult play_for(const fs::path& dir, const std::string& environment, int seconds) {
    fs::create_directories(dir / "run");
    fs::permissions(dir / "run", fs::perms::owner_all, fs::perm_options::replace);
    // (env's -u options come before its assignments.)
    return test::run("env -u DISPLAY -u WAYLAND_DISPLAY " + environment +
                     " XDG_RUNTIME_DIR=" + (dir / "run").string() + " timeout -s TERM " +
                     std::to_string(seconds) + " " + test::beacon() + " play " +
                     still_playlist(dir).string() + " --store " + (dir / "store").string());
}

} // namespace

TEST_CASE("a kiosk whose display cannot be opened says why once and waits for one",
          "[integration][display]") {
    auto dir = test::work_dir("no-display-wait");
    // Wayland asked for by name, with no compositor: SDL's video cannot start.
    // 13 s is at least two quiet tries again (every 5 s) after the first.
    auto result = play_for(dir, "SDL_VIDEODRIVER=wayland", 13);
    INFO(result.output);
    CHECK(result.exit_code == 124); // still waiting, not exited
    CHECK(occurrences(result.output, "no display") == 1);
    CHECK(result.output.find("trying again every 5 s") != std::string::npos);
}

TEST_CASE("SDL's offscreen fallback is no display for the kiosk", "[integration][display]") {
    // Where a KMS device exists, SDL may draw on it: nothing to test here.
    if (fs::exists("/dev/dri")) {
        WARN("this machine has /dev/dri; the fallback is not reached");
        return;
    }
    auto dir = test::work_dir("no-display-offscreen");
    auto result = play_for(dir, "-u SDL_VIDEODRIVER", 8);
    INFO(result.output);
    CHECK(result.exit_code == 124);
    CHECK(occurrences(result.output, "only its offscreen driver") == 1);
    CHECK(result.output.find("video driver offscreen") == std::string::npos);
}

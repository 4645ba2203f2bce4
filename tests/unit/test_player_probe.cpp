// The player's seams that need no display: the registry of wake-up event
// types, and the probe the testing and measurement options choose.

#include "app/options.h"
#include "app/player/probe.h"
#include "app/wake_events.h"
#include "core/frame_log.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace beacon;
using namespace beacon::app;
using namespace std::chrono_literals;

TEST_CASE("every wake-up has an SDL event type of its own, registered once", "[player][wake]") {
    std::set<std::uint32_t> types;
    for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(Wake::Count); ++i) {
        auto wake = static_cast<Wake>(i);
        std::uint32_t type = wake_type(wake);
        CHECK(type != 0);
        CHECK(wake_type(wake) == type); // the same type every time
        CHECK(wake_of(type) == wake);
        types.insert(type);
    }
    CHECK(types.size() == static_cast<std::size_t>(Wake::Count));
    CHECK_FALSE(wake_of(SDL_QUIT).has_value());
    CHECK_FALSE(wake_of(SDL_FINGERDOWN).has_value());
}

TEST_CASE("a plain run gets the real probe", "[player][probe]") {
    auto probe = player::probe_for(Options{});
    REQUIRE(probe.ok());
    auto& real = probe.value();
    real.begin();
    CHECK_FALSE(real.input->next_due().has_value());
    CHECK_FALSE(real.stop_at().has_value());
    CHECK(real.clock->to_loop(100ms) == 100ms);
    CHECK(real.clock->now() >= real.clock->start());
}

TEST_CASE("the testing options choose a scaled clock, scripted taps and a stop",
          "[player][probe]") {
    Options options;
    options.time_scale = 10;
    options.tap_at = {Seconds(2), Seconds(1)};
    options.run_for = Seconds(3);
    auto probe = player::probe_for(options);
    REQUIRE(probe.ok());
    auto& scripted = probe.value();
    scripted.begin();
    auto start = scripted.clock->start();
    CHECK(scripted.input->next_due() == start + 1s); // in order, whatever the command line's
    CHECK(scripted.stop_at() == start + 3s);
    CHECK(scripted.clock->to_loop(100ms) == 1s);
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(scripted.clock->to_real(1s)) ==
          100ms);
    CHECK(scripted.clock->now() >= start);
}

TEST_CASE("the frame log sink writes its header, and an unwritable one is an error",
          "[player][probe]") {
    Options options;
    options.frame_log = "/nonexistent-beacon-dir/frames.csv";
    CHECK_FALSE(player::probe_for(options).ok());

    auto path = std::filesystem::temp_directory_path() / "beacon-probe-frames.csv";
    options.frame_log = path.string();
    {
        auto probe = player::probe_for(options);
        REQUIRE(probe.ok());
        probe.value().begin();
        probe.value().frames->event(probe.value().clock->start() + 5ms, {"hotline", "id", "en"},
                                    "tap close");
        probe.value().frames->display(probe.value().clock->start() + 7ms, {"loop", "one", "en"},
                                      false);
        probe.value().frames->display(probe.value().clock->start() + 9ms, {"loop", "one", "en"},
                                      true);
    }
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    CHECK(text.str() == frame_log_header() +
                            frame_log_event_row(5, "hotline", "id", "en", "tap close") +
                            "7,display,loop,one,en,,off\n9,display,loop,one,en,,on\n");
    std::filesystem::remove(path);
}

TEST_CASE("--help lists the testing and measurement options apart", "[player][probe][options]") {
    std::string text = usage();
    auto group = text.find("\nTesting and measurement");
    REQUIRE(group != std::string::npos);
    for (const char* name : {"--headless", "--run-for", "--frame-log", "--tap-at", "--time-scale"})
        CHECK(text.find(std::string("  ") + name + " ") > group);
    CHECK(text.find("  --windowed ") < group);
}

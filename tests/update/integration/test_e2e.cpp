// End to end: the kiosk plays version A from its store, an administrator
// installs version B while it plays, and the frame log shows B's items from
// the next item boundary on, with no black frame in between.

#include "bundle_helpers.h"
#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

TEST_CASE("an install while the kiosk plays swaps content at the next item boundary, never black",
          "[update-e2e]") {
    fs::path dir = test::fresh_dir("e2e");
    fs::path store = dir / "store";
    std::string keys = test::trusted_keys_dir().string();
    auto a = test::make_bundle(test::fixtures() / "content", dir / "a");
    auto b = test::make_bundle(test::fixtures() / "content-b", dir / "b");
    REQUIRE(test::run(test::beacon() + " install " + a.string() + " --store " + store.string() +
                      " --keys " + keys)
                .exit_code == 0);
    fs::path log = dir / "frames.csv";
    pid_t player = fork();
    if (player == 0) {
        execl(test::beacon().c_str(), "beacon", "play", "--headless", "--size", "640x360",
              "--run-for", "11", "--frame-log", log.c_str(), "--store", store.c_str(), "--keys",
              keys.c_str(), "--usb-dir", (dir / "no-usb").c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // Mid-way through the picture or the fact sheet of the first cycle.
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    auto install = test::run(test::beacon() + " install " + b.string() + " --store " +
                             store.string() + " --keys " + keys);
    INFO(install.output);
    CHECK(install.exit_code == 0);
    int status = 0;
    waitpid(player, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);

    auto rows = test::read_frame_log(log);
    std::size_t staged = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].detail.rfind("update-staged", 0) == 0) {
            staged = i;
            break;
        }
    REQUIRE(staged < rows.size());
    std::string item_at_staging;
    long long last_a = -1, first_b = -1;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        if (row.type != "frame")
            continue;
        INFO("frame at " << row.t_ms << " ms: " << row.item);
        CHECK(row.luma >= 8);
        CHECK(row.screen == "loop");
        CHECK_FALSE(row.item.empty());
        if (i < staged)
            item_at_staging = row.item;
        if (row.item.rfind("a-", 0) == 0) {
            last_a = row.t_ms;
            CHECK(first_b < 0); // once B shows, A never comes back
        }
        if (row.item.rfind("b-", 0) == 0 && first_b < 0)
            first_b = row.t_ms;
    }
    INFO("staged at " << rows[staged].t_ms << " ms during " << item_at_staging << "; last A frame "
                      << last_a << " ms, first B frame " << first_b << " ms");
    REQUIRE(first_b > 0);
    CHECK(item_at_staging.rfind("a-", 0) == 0);
    // The item on screen when B arrived played to its end (the picture 2 s,
    // the fact sheet 2 s in each of its 2 languages): the swap waited for it.
    long long run_start = -1;
    for (std::size_t i = 0; i < staged; ++i)
        if (rows[i].type == "frame" && rows[i].item == item_at_staging &&
            (run_start < 0 ||
             (i > 0 && rows[i - 1].type == "frame" && rows[i - 1].item != item_at_staging)))
            run_start = rows[i].t_ms;
    long long full = item_at_staging == "a-facts" ? 4000 : 2000;
    INFO("the interrupted item's run began at " << run_start << " ms");
    CHECK(first_b - run_start >= full - 150);
    CHECK(first_b - run_start <= full + 600);
    CHECK(first_b > last_a);
    // B starts at its first item.
    for (auto& row : rows)
        if (row.type == "frame" && row.t_ms == first_b)
            CHECK(row.item == "b-picture");
}

// The rule for a report's picture of the screen (core/screenshot_gate.h),
// on a fake clock: never while the hotline screen is up, nor within 60 s
// after it closed.

#include "core/screenshot_gate.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace std::chrono_literals;

namespace {
const ScreenshotGate::TimePoint t0{std::chrono::hours(1)};
}

TEST_CASE("a screenshot is allowed only away from the hotline screen", "[screenshot]") {
    ScreenshotGate gate;
    CHECK(gate.allows(false, t0));      // never opened
    CHECK_FALSE(gate.allows(true, t0)); // up at the moment of asking
    gate.observe(false, t0);
    CHECK(gate.allows(false, t0 + 1s));

    gate.observe(true, t0 + 10s); // opened
    CHECK_FALSE(gate.allows(false, t0 + 10s));
    // Still up as far as the gate knows, however long ago it opened.
    CHECK_FALSE(gate.allows(false, t0 + 1h));
    gate.observe(true, t0 + 40s);  // a language picked
    gate.observe(false, t0 + 50s); // closed
    CHECK_FALSE(gate.allows(false, t0 + 50s));
    CHECK_FALSE(gate.allows(false, t0 + 50s + 59999ms));
    CHECK(gate.allows(false, t0 + 50s + 60s));
    REQUIRE(gate.quiet_until());
    CHECK(*gate.quiet_until() == t0 + 110s);
    // Closed long ago, but up again now.
    CHECK_FALSE(gate.allows(true, t0 + 1h));
}

TEST_CASE("a hotline reopened within the quiet minute starts it again", "[screenshot]") {
    ScreenshotGate gate;
    gate.observe(true, t0);
    gate.observe(false, t0 + 5s);
    gate.observe(true, t0 + 30s);
    gate.observe(false, t0 + 35s);
    CHECK_FALSE(gate.allows(false, t0 + 65s)); // 60 s after the first close only
    CHECK(gate.allows(false, t0 + 95s));
    // Observing the loop again and again does not move the closing time.
    gate.observe(false, t0 + 200s);
    gate.observe(false, t0 + 300s);
    CHECK(*gate.quiet_until() == t0 + 95s);
}

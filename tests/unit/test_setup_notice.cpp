// The setup notice's words and its problems file (app/player/setup_notice.h).

#include "app/player/setup_notice.h"

#include <catch2/catch.hpp>

using beacon::app::player::setup_problem_lines;
using beacon::app::player::setup_summary;

TEST_CASE("the setup notice names the first problem and counts the rest", "[setup-notice]") {
    CHECK(setup_summary({}).empty());
    CHECK(setup_summary({"beacon.conf:2: unknown key \"colour\""}) ==
          "Setup problem: beacon.conf:2: unknown key \"colour\"");
    CHECK(setup_summary({"a", "b"}) == "Setup problem: a (and 1 more: see the journal)");
    CHECK(setup_summary({"a", "b", "c", "d"}) == "Setup problem: a (and 3 more: see the journal)");
}

TEST_CASE("a problems file gives one problem per non-blank line, capped", "[setup-notice]") {
    CHECK(setup_problem_lines("", 20).empty());
    CHECK(setup_problem_lines("\n \r\n\t\n", 20).empty());
    // Windows line ends and surrounding spaces are not part of a problem.
    CHECK(setup_problem_lines("  one \r\n\ntwo", 20) == std::vector<std::string>{"one", "two"});
    std::string many;
    for (int i = 0; i < 50; ++i)
        many += "problem " + std::to_string(i) + "\n";
    auto capped = setup_problem_lines(many, 20);
    REQUIRE(capped.size() == 20);
    CHECK(capped.back() == "problem 19");
}

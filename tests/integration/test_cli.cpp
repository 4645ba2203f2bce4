// `beacon validate` as an administrator runs it: real binary, real files.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

TEST_CASE("validate reports every problem as FILE:LINE and exits 1", "[cli]") {
    fs::path bad = fs::path(BEACON_FIXTURES) / "playlists" / "bad";
    // Run from the fixture folder so FILE is printed as given.
    auto result =
        test::run("cd " + bad.string() + " && " + test::beacon() + " validate many-problems.xml");
    CHECK(result.exit_code == 1);
    std::ifstream expected_file(bad / "many-problems.expected");
    std::stringstream expected;
    expected << expected_file.rdbuf();
    CHECK(result.output == expected.str());
}

TEST_CASE("validate checks several files and reports them all", "[cli]") {
    fs::path data = fs::path(BEACON_FIXTURES) / "playlists";
    auto result = test::run(test::beacon() + " validate " + (data / "good/full.xml").string() +
                            " " + (data / "bad/missing-media.xml").string() + " " +
                            (data / "bad/malformed.xml").string());
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("full.xml: ok, 3 items, 3 languages") != std::string::npos);
    CHECK(result.output.find("missing-media.xml:13: error: <image id=\"gone\">") !=
          std::string::npos);
    CHECK(result.output.find("malformed.xml:2: error: malformed XML") != std::string::npos);
}

TEST_CASE("the shipped default playlist validates", "[cli]") {
    auto result = test::run(test::beacon() + " validate " +
                            (test::source_dir() / "playlists/default.xml").string());
    INFO(result.output);
    CHECK(result.exit_code == 0);
}

TEST_CASE("a file that does not exist is an error, not a crash", "[cli]") {
    auto result = test::run(test::beacon() + " validate /nonexistent/playlist.xml");
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("/nonexistent/playlist.xml:0: error: cannot read") == 0);
}

TEST_CASE("bad command lines exit 2 with a message", "[cli]") {
    auto result = test::run(test::beacon() + " --size huge");
    CHECK(result.exit_code == 2);
    CHECK(result.output.find("--size") != std::string::npos);
    CHECK(test::run(test::beacon() + " --help").exit_code == 0);
}

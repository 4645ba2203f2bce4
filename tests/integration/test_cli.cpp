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

TEST_CASE("a picture too large for a kiosk is named by validate at its line, refused by render",
          "[cli]") {
    fs::path dir = test::work_dir("validate-pictures");
    fs::create_directories(dir / "media");
    // 81 million pixels as a PNG: refused. The same as a JPEG: decoded
    // reduced on the kiosk, so accepted.
    for (auto name : {"huge.png", "huge.jpg"})
        REQUIRE(test::run("ffmpeg -v error -y -f lavfi -i color=c=0xd9823d:s=9000x9000 "
                          "-frames:v 1 " +
                          (dir / "media" / name).string())
                    .exit_code == 0);
    std::ifstream minimal(fs::path(BEACON_FIXTURES) / "playlists/good/minimal.xml");
    std::stringstream text;
    text << minimal.rdbuf();
    std::string playlist = text.str();
    playlist.replace(playlist.find("</playlist>"), std::string::npos,
                     "  <image id=\"a\" src=\"media/huge.png\" duration=\"5\"/>\n"
                     "  <image id=\"b\" src=\"media/huge.jpg\" duration=\"5\"/>\n"
                     "  <image id=\"c\" src=\"media/huge.png\" duration=\"5\"/>\n"
                     "</playlist>\n");
    std::ofstream(dir / "pictures.xml") << playlist;
    auto result =
        test::run("cd " + dir.string() + " && " + test::beacon() + " validate pictures.xml");
    CHECK(result.exit_code == 1);
    std::string const why = "\": it is 9000x9000 pixels, more than Beacon decodes (67 million "
                            "pixels, 8192x8192): save it smaller\n";
    CHECK(result.output == "pictures.xml:16: error: <image id=\"a\"> src \"media/huge.png" + why +
                               "pictures.xml:18: error: <image id=\"c\"> src \"media/huge.png" +
                               why);

    // `beacon render` draws the JPEG and refuses the PNG, as the player would.
    auto render = [&](const std::string& id) {
        return test::run("cd " + dir.string() + " && " + test::beacon() +
                         " render pictures.xml --screen " + id + " --size 640x360 --out " + id +
                         ".png");
    };
    auto refused = render("a");
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("media/huge.png: it is 9000x9000 pixels") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "a.png"));
    auto drawn = render("b");
    INFO(drawn.output);
    CHECK(drawn.exit_code == 0);
    CHECK(fs::exists(dir / "b.png"));
}

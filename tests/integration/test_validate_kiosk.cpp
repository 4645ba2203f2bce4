// `beacon validate` as the kiosk sees it (issue 21): every video opened as
// the player opens it, the target board's decoding limits, expired notices
// and schedules that never play; and `--at`, the loop at a chosen moment.
// Real binary, real libmpv, real media made with ffmpeg.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

// minimal.xml with `extra` in place of its end: the factsheet "one" is on
// line 13, so the first extra element is on line 16.
std::string playlist_with(const std::string& extra) {
    std::ifstream minimal(fs::path(BEACON_FIXTURES) / "playlists/good/minimal.xml");
    std::stringstream text;
    text << minimal.rdbuf();
    std::string playlist = text.str();
    playlist.replace(playlist.find("</playlist>"), std::string::npos, extra + "</playlist>\n");
    return playlist;
}

void make_video(const fs::path& target, const std::string& args) {
    if (!fs::exists(target))
        REQUIRE(test::run("ffmpeg -v error -y " + args + " " + target.string()).exit_code == 0);
}

test::CommandResult validate(const fs::path& dir, const std::string& file,
                             const std::string& options = "") {
    return test::run("cd " + dir.string() + " && " + test::beacon() + " validate " + file + " " +
                     options);
}

} // namespace

TEST_CASE("validate opens each video as the player does: a text file named .mp4 and a cut-off "
          "MP4 are errors at their lines",
          "[cli][validate]") {
    fs::path dir = test::work_dir("validate-videos");
    fs::create_directories(dir / "media");
    std::ofstream(dir / "media/clip.mp4") << "This is not a video, just some notes.\n";
    fs::copy_file(test::test_media() / "clip.mp4", dir / "media/good.mp4",
                  fs::copy_options::overwrite_existing);
    // The first 4 KiB of a real MP4: it starts like one (the byte sniff
    // takes it), but its index is at the end, so nothing can play.
    {
        std::ifstream whole(dir / "media/good.mp4", std::ios::binary);
        std::string head(4096, '\0');
        whole.read(head.data(), static_cast<std::streamsize>(head.size()));
        std::ofstream(dir / "media/cut.mp4", std::ios::binary) << head;
    }
    std::ofstream(dir / "text.xml")
        << playlist_with("  <video id=\"notes\" src=\"media/clip.mp4\"/>\n");
    auto text = validate(dir, "text.xml");
    INFO(text.output);
    CHECK(text.exit_code == 1);
    CHECK(text.output.starts_with("text.xml:16: error: <video id=\"notes\"> "));

    std::ofstream(dir / "cut.xml")
        << playlist_with("  <video id=\"good\" src=\"media/good.mp4\"/>\n"
                         "  <video id=\"cut\" src=\"media/cut.mp4\"/>\n"
                         "  <video id=\"again\" src=\"media/cut.mp4\"/>\n");
    auto cut = validate(dir, "cut.xml");
    INFO(cut.output);
    CHECK(cut.exit_code == 1);
    CHECK(cut.output.find("cut.xml:16:") == std::string::npos); // the good one plays
    CHECK(cut.output.find("cut.xml:17: error: <video id=\"cut\"> src \"media/cut.mp4\" cannot be "
                          "played: ") != std::string::npos);
    CHECK(cut.output.find("cut.xml:18: error: <video id=\"again\">") != std::string::npos);
}

TEST_CASE("validate --target warns about videos the board cannot decode smoothly",
          "[cli][validate]") {
    fs::path dir = test::work_dir("validate-target");
    fs::create_directories(dir / "media");
    make_video(dir / "media/fullhd.mp4", "-f lavfi -i testsrc2=size=1920x1080:rate=30 -t 1 "
                                         "-c:v libx264 -preset ultrafast -pix_fmt yuv420p");
    make_video(dir / "media/hevc.mp4", "-f lavfi -i testsrc2=size=640x360:rate=25 -t 1 "
                                       "-c:v libx265 -preset ultrafast -pix_fmt yuv420p "
                                       "-x265-params log-level=error");
    std::ofstream(dir / "boards.xml")
        << playlist_with("  <video id=\"big\" src=\"media/fullhd.mp4\"/>\n"
                         "  <video id=\"hevc\" src=\"media/hevc.mp4\"/>\n");

    auto pc = validate(dir, "boards.xml");
    INFO(pc.output);
    CHECK(pc.exit_code == 0);
    CHECK(pc.output == "boards.xml: ok, 3 items, 1 languages\n");

    auto pi4 = validate(dir, "boards.xml", "--target pi4");
    INFO(pi4.output);
    CHECK(pi4.exit_code == 0); // warnings only
    CHECK(pi4.output.find("boards.xml:16: warning: <video id=\"big\"> src \"media/fullhd.mp4\" "
                          "may stutter on --target pi4: 1920x1080 H.264 at 30 fps: on the Beacon "
                          "image a Raspberry Pi 4 decodes video on its CPU") != std::string::npos);
    CHECK(pi4.output.find("boards.xml:17:") == std::string::npos);

    auto pi3 = validate(dir, "boards.xml", "--target pi3");
    INFO(pi3.output);
    CHECK(pi3.output.find("boards.xml:17: warning: <video id=\"hevc\">") != std::string::npos);

    CHECK(validate(dir, "boards.xml", "--target pi5").exit_code == 2);
}

TEST_CASE("validate warns about an expired notice and a schedule that never plays",
          "[cli][validate]") {
    fs::path dir = test::work_dir("validate-time");
    fs::create_directories(dir);
    std::ofstream(dir / "time.xml")
        << playlist_with("  <factsheet id=\"summer\" duration=\"5\">\n"
                         "    <schedule dates=\"2025-06-01..2025-08-31\"/>\n"
                         "    <text lang=\"en\"><title>Summer</title><point>Heat</point></text>\n"
                         "  </factsheet>\n"
                         "  <factsheet id=\"weekend\" duration=\"5\">\n"
                         "    <schedule days=\"sat sun\" dates=\"2026-12-07..2026-12-11\"/>\n"
                         "    <text lang=\"en\"><title>Weekend</title><point>Rest</point></text>\n"
                         "  </factsheet>\n"
                         "  <notice id=\"flu\" expires=\"2026-11-30T18:00\">\n"
                         "    <text lang=\"en\">Flu shots today</text>\n"
                         "  </notice>\n");
    auto result = validate(dir, "time.xml", "--at \"2026-12-06 11:00\"");
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.find(
              "time.xml:16: warning: <factsheet id=\"summer\"> never plays: no moment from "
              "2026-12-06 11:00 on is allowed by its <schedule>") != std::string::npos);
    CHECK(result.output.find("time.xml:20: warning: <factsheet id=\"weekend\"> never plays") !=
          std::string::npos);
    CHECK(result.output.find("time.xml:24: warning: <notice id=\"flu\"> expired at 2026-11-30 "
                             "18:00") != std::string::npos);
    CHECK(result.output.find("time.xml: ok, 3 items, 1 languages, 3 warnings\n") !=
          std::string::npos);
    // Seen from the summer of 2025, only the weekend sheet is wrong: its
    // dates are all weekdays, whenever it is seen from.
    auto before = validate(dir, "time.xml", "--at \"2025-07-01 10:00\"");
    INFO(before.output);
    CHECK(before.output.find("warning: <factsheet id=\"summer\">") == std::string::npos);
    CHECK(before.output.find("warning: <notice id=\"flu\">") == std::string::npos);
    CHECK(before.output.find("the loop plays 1 of 3 items: summer; notices: flu;") !=
          std::string::npos);
    CHECK(before.output.find("time.xml: ok, 3 items, 1 languages, 1 warning\n") !=
          std::string::npos);
}

TEST_CASE("validate and render --at show the loop of a chosen moment: a weekday poster on a "
          "Monday, not on a "
          "Sunday, and a notice within its window",
          "[cli][validate][render]") {
    fs::path dir = test::work_dir("validate-at");
    fs::create_directories(dir);
    std::ofstream(dir / "week.xml") << playlist_with(
        "  <factsheet id=\"weekday\" duration=\"5\">\n"
        "    <schedule days=\"mon-fri\" hours=\"08:00-18:00\"/>\n"
        "    <text lang=\"en\"><title>Open today</title><point>Walk in</point></text>\n"
        "  </factsheet>\n"
        "  <notice id=\"shelter\" expires=\"2026-12-08T08:00\">\n"
        "    <text lang=\"en\">Shelter full tonight</text>\n"
        "  </notice>\n");
    // 2026-12-07 is a Monday, 2026-12-06 a Sunday.
    auto monday = validate(dir, "week.xml", "--at \"2026-12-07 09:00\"");
    INFO(monday.output);
    CHECK(monday.exit_code == 0);
    CHECK(monday.output.find("week.xml: at 2026-12-07 09:00 (Monday) the loop plays 1 of 2 items: "
                             "weekday; notices: shelter; languages: en\n") != std::string::npos);
    auto sunday = validate(dir, "week.xml", "--at \"2026-12-06 09:00\"");
    CHECK(sunday.output.find("week.xml: at 2026-12-06 09:00 (Sunday) the loop plays 1 of 2 items: "
                             "one; notices: shelter; languages: en\n") != std::string::npos);
    auto later = validate(dir, "week.xml", "--at \"2026-12-09 09:00\"");
    CHECK(later.output.find("notices: (none)") != std::string::npos);

    auto render = [&](const std::string& screen, const std::string& at) {
        return test::run("cd " + dir.string() + " && " + test::beacon() +
                         " render week.xml --screen " + screen + " --size 640x360 --at \"" + at +
                         "\" --out " + screen + ".png");
    };
    // The notice's banner goes over the item while the notice is current.
    auto top_left_luma = [&](const std::string& at) {
        REQUIRE(render("weekday", at).exit_code == 0);
        test::Picture picture(dir / "weekday.png");
        REQUIRE(picture.ok());
        SDL_Color c = picture.at(4, 4);
        return (c.r + c.g + c.b) / 3;
    };
    CHECK(top_left_luma("2026-12-07 09:00") > 200);
    CHECK(top_left_luma("2026-12-08 09:00") < 100); // Tuesday, the notice has expired
    auto refused = render("weekday", "2026-12-06 09:00");
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("\"weekday\" is not in the loop at 2026-12-06 09:00") !=
          std::string::npos);
    CHECK(render("shelter", "2026-12-07 09:00").exit_code == 0);
    CHECK(render("shelter", "2026-12-08 08:00").exit_code == 1);

    // A strict form, and a clear error otherwise.
    for (auto bad : {"2026-12-07", "12/07/2026 09:00", "2026-12-07T09:00", "2026-12-32 09:00"}) {
        auto wrong = validate(dir, "week.xml", std::string("--at \"") + bad + "\"");
        CHECK(wrong.exit_code == 2);
        CHECK(wrong.output.find("expected a local time such as \"2026-12-07 09:00\"") !=
              std::string::npos);
    }
}

TEST_CASE("a fact sheet of 6 points of 150 characters is too small to read: validate refuses it "
          "and render exits 1",
          "[cli][validate][render][typography]") {
    fs::path dir = test::work_dir("validate-readable");
    fs::create_directories(dir);
    std::string const words =
        "Ask at the front desk for a free and confidential talk with a trained advocate who "
        "speaks your language, on any day of the week, at no cost to you or your family.";
    std::string points;
    for (int i = 0; i < 6; ++i)
        points += "<point>" + words.substr(0, 150) + "</point>";
    REQUIRE(words.size() >= 150);
    std::ofstream(dir / "long.xml")
        << playlist_with("  <factsheet id=\"long\" duration=\"5\">\n"
                         "    <text lang=\"en\"><title>Where to get help</title>" +
                         points + "</text>\n  </factsheet>\n");
    auto result = validate(dir, "long.xml");
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("long.xml:17: error: <factsheet id=\"long\"> in language \"en\" does "
                             "not fit the screen at a readable size at 1080x1920 (48 px): its "
                             "smallest text must be at least 1/40 of the screen height") !=
          std::string::npos);

    auto rendered = test::run("cd " + dir.string() + " && " + test::beacon() +
                              " render long.xml --screen long --size 1280x720 --out long.png");
    INFO(rendered.output);
    CHECK(rendered.exit_code == 1);
    CHECK(rendered.output.find("does not fit the screen at a readable size") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "long.png"));
}

TEST_CASE("play --at starts the player's clock at that moment: the weekday poster plays on a "
          "Monday, the notice banner shows, and a Sunday plays the rest",
          "[e2e][play]") {
    fs::path dir = test::work_dir("play-at");
    fs::create_directories(dir);
    std::ofstream(dir / "week.xml") << playlist_with(
        "  <factsheet id=\"weekday\" duration=\"5\">\n"
        "    <schedule days=\"mon-fri\" hours=\"08:00-18:00\"/>\n"
        "    <text lang=\"en\"><title>Open today</title><point>Walk in</point></text>\n"
        "  </factsheet>\n"
        "  <notice id=\"shelter\" expires=\"2026-12-08T08:00\">\n"
        "    <text lang=\"en\">Shelter full tonight</text>\n"
        "  </notice>\n");
    auto items_played = [&](const std::string& at) {
        fs::path log = dir / "frames.csv";
        fs::remove(log);
        auto played = test::run(test::beacon() + " play " + (dir / "week.xml").string() +
                                " --headless --size 320x180 --run-for 2 --state-dir " +
                                dir.string() + " --at \"" + at + "\" --frame-log " + log.string());
        INFO(played.output);
        REQUIRE(played.exit_code == 0);
        std::set<std::string> items;
        for (auto& row : test::read_frame_log(log))
            if (row.type == "frame" && !row.item.empty())
                items.insert(row.item);
        return items;
    };
    CHECK(items_played("2026-12-07 09:00") == std::set<std::string>{"weekday"});
    CHECK(items_played("2026-12-06 09:00") == std::set<std::string>{"one"});
    // A preview is not the kiosk's life: it counts nothing and writes no
    // statistics, not even under the date it pretends.
    CHECK_FALSE(fs::exists(dir / "stats.csv"));
}

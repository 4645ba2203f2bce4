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
    // No line is known: the location is the file alone, never "FILE:0:".
    CHECK(result.output.find("/nonexistent/playlist.xml: error: cannot read") == 0);
    CHECK(result.output.find(":0:") == std::string::npos);
}

TEST_CASE("a first word that is neither a command nor a playlist is an error that lists the "
          "commands",
          "[cli]") {
    // --headless --run-for: were the word taken as a playlist, the player
    // would play the fallback for a second and exit 0.
    std::string const bounded = " --headless --run-for 1";
    auto typo = test::run(test::beacon() + " versoins" + bounded);
    INFO(typo.output);
    CHECK(typo.exit_code == 2);
    CHECK(typo.output.find("beacon: \"versoins\" is not a command, and not a playlist") == 0);
    CHECK(typo.output.find("Did you mean \"versions\"?") != std::string::npos);
    CHECK(typo.output.find("The commands: play, validate, render, speak, keygen, bundle, verify, "
                           "install, rollback, fleet, config check, versions, translate") !=
          std::string::npos);

    auto near_miss = test::run(test::beacon() + " valdiate x.xml");
    CHECK(near_miss.exit_code == 2);
    CHECK(near_miss.output.find("Did you mean \"validate\"?") != std::string::npos);

    auto far = test::run(test::beacon() + " frobnicate" + bounded);
    CHECK(far.exit_code == 2);
    CHECK(far.output.find("Did you mean") == std::string::npos);

    // "config" needs its second word.
    auto config_alone = test::run(test::beacon() + " config" + bounded);
    CHECK(config_alone.exit_code == 2);
    CHECK(config_alone.output.find("usage: beacon config check [FILE]") != std::string::npos);

    // A playlist is still played with or without "play", by .xml or by an
    // existing file of any name.
    fs::path dir = test::work_dir("first-word");
    fs::copy_file(test::source_dir() / "playlists/default.xml", dir / "kiosk-playlist");
    fs::copy(test::source_dir() / "playlists/media", dir / "media");
    for (std::string playlist : {(test::source_dir() / "playlists/default.xml").string(),
                                 "play " + (test::source_dir() / "playlists/default.xml").string(),
                                 (dir / "kiosk-playlist").string()}) {
        auto played = test::run(test::beacon() + " " + playlist + " --headless --run-for 0.5");
        INFO(playlist << ": " << played.output);
        CHECK(played.exit_code == 0);
    }
}

namespace {

fs::path write_config(const std::string& name, const std::string& text) {
    fs::path dir = test::work_dir(name);
    std::ofstream(dir / "beacon.conf") << text;
    return dir / "beacon.conf";
}

// In `config check` output, the origin written after "KEY = VALUE".
std::string origin_of(const std::string& output, const std::string& setting) {
    auto start = output.find("\n" + setting + " ");
    if (start == std::string::npos)
        return "(no line \"" + setting + "\")";
    auto end = output.find('\n', start + 1);
    std::string line = output.substr(start + 1, end - start - 1);
    auto hash = line.find("# ");
    return hash == std::string::npos ? line : line.substr(hash + 2);
}

} // namespace

TEST_CASE("config check prints every key's value and where it came from", "[cli][config]") {
    fs::path conf = write_config("config-check", "# a kiosk\n"
                                                 "rotation = 45\n"
                                                 "update-interval = 10m\n"
                                                 "hotline-timeout = 30\n"
                                                 "store-dir = /srv/store\n"
                                                 "log-level = debug\n");
    auto result = test::run(test::beacon() + " config check " + conf.string() + " --rotation 90");
    INFO(result.output);
    CHECK(result.exit_code == 1);
    std::string const file = conf.string();
    CHECK(origin_of(result.output, "hotline-timeout = 30") == file + ":4");
    CHECK(origin_of(result.output, "rotation = 90") == "command line");
    CHECK(origin_of(result.output, "update-interval = 600") == "default");
    CHECK(origin_of(result.output, "log-level = debug") == file + ":6");
    CHECK(origin_of(result.output, "store = /var/lib/beacon/store") == "default");
    for (std::string expected :
         {"# The configuration in effect, read from " + file + ".\n",
          file + ":2: error: rotation: expected 0, 90, 180 or 270, got \"45\" (ignored)\n",
          file + ":3: error: update-interval: expected a number of seconds from 1 to 604800, "
                 "got \"10m\": durations are in seconds, without a unit; write 600 for 10m "
                 "(ignored)\n",
          file + ":5: error: unknown key \"store-dir\" (ignored)\n", "3 problem(s) in " + file}) {
        INFO(expected);
        CHECK(result.output.find(expected) != std::string::npos);
    }

    fs::path good = write_config("config-check-good", "rotation = 180\n");
    auto ok = test::run(test::beacon() + " config check " + good.string());
    CHECK(ok.exit_code == 0);
    CHECK(ok.output.find("rotation = 180") != std::string::npos);
    auto missing = test::run(test::beacon() + " config check /nonexistent/beacon.conf");
    CHECK(missing.exit_code != 0);
    CHECK(missing.output.find("/nonexistent/beacon.conf does not exist") != std::string::npos);
}

TEST_CASE("the shipped sample config passes config check", "[cli][config]") {
    auto result = test::run(test::beacon() + " config check " +
                            (test::source_dir() / "packaging/beacon.conf").string());
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("error") == std::string::npos);
}

TEST_CASE("every command that reads the config reports its problems the same way",
          "[cli][config]") {
    fs::path conf = write_config("config-every-command", "rotation = 45\n");
    std::string const expected = conf.string() + ":1: error: rotation: expected 0, 90, 180 or 270, "
                                                 "got \"45\" (ignored)";
    fs::path store = test::work_dir("config-every-command-store");
    for (std::string command :
         std::vector<std::string>{"rollback --store " + store.string(),
                                  "install /nonexistent/bundle --store " + store.string(),
                                  "verify /nonexistent/bundle", "play --headless --run-for 0.5"}) {
        auto result = test::run(test::beacon() + " " + command + " --config " + conf.string());
        INFO(command << ": " << result.output);
        CHECK(result.output.find(expected) != std::string::npos);
    }
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

TEST_CASE("the README's first commands work as root on a minimal Debian 12, which has no sudo",
          "[cli][docs]") {
    std::ifstream readme(test::source_dir() / "README.md");
    REQUIRE(readme);
    // The shell blocks up to "## Commands": what a newcomer types first.
    // scripts/install-deps.sh calls sudo by itself when it is not root.
    std::string line;
    bool in_shell = false;
    int commands = 0;
    while (std::getline(readme, line) && line != "## Commands") {
        if (line.rfind("```", 0) == 0) {
            in_shell = line == "```sh";
            continue;
        }
        if (!in_shell || line.empty() || line[0] == '#')
            continue;
        ++commands;
        INFO(line);
        CHECK(line.rfind("sudo ", 0) != 0);
        CHECK(line.find("&& sudo ") == std::string::npos);
    }
    CHECK(commands >= 3);
}

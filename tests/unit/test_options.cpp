#include "app/options.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace beacon::app;

namespace {

beacon::Result<Options> parse(std::vector<std::string> args) {
    std::vector<char*> argv{const_cast<char*>("beacon")};
    for (auto& arg : args)
        argv.push_back(arg.data());
    return parse_options(static_cast<int>(argv.size()), argv.data());
}

} // namespace

TEST_CASE("play options", "[options]") {
    auto options = parse({"play", "x.xml", "--headless", "--size", "640x360", "--run-for=2.5",
                          "--tap-at", "1", "--tap-at", "0.5", "--frame-log", "f.csv"});
    REQUIRE(options.ok());
    CHECK(options.value().command == Command::Play);
    CHECK(options.value().window_mode == WindowMode::Headless);
    CHECK(options.value().size->width == 640);
    CHECK(*options.value().run_for == Seconds(2.5));
    CHECK(options.value().tap_at == std::vector<Seconds>{Seconds(1), Seconds(0.5)});
    CHECK(options.value().files == std::vector<std::string>{"x.xml"});
}

TEST_CASE("bad options are reported, not guessed", "[options]") {
    CHECK(parse({"--size", "big"}).error().message.find("--size") == 0);
    CHECK(parse({"--run-for", "-1"}).error().message.find("--run-for") == 0);
    CHECK(parse({"--frobnicate"}).error().message ==
          "unknown option --frobnicate (see beacon --help)");
    CHECK_FALSE(parse({"render", "x.xml", "--screen", "hotline"}).ok());
    CHECK_FALSE(parse({"validate"}).ok());
    CHECK(parse({"--help"}).value().command == Command::Help);
}

TEST_CASE("--help lists every option", "[options]") {
    for (const char* name : {"--windowed", "--headless", "--size", "--run-for", "--frame-log",
                             "--tap-at", "--render-path", "--screen", "--lang", "--out"})
        CHECK(usage().find(name) != std::string::npos);
}

TEST_CASE("the configuration file goes through the same option table", "[options][config]") {
    auto config = beacon::parse_config("# Beacon\n"
                                       "hotline-timeout = 30\n"
                                       "\n"
                                       "render-path=software   # no GPU here\n"
                                       "this line has no equals sign\n"
                                       "colour = blue\n"
                                       "size = enormous\n"
                                       "Bad_Key = 1\n"
                                       "headless = yes\n",
                                       "beacon.conf");
    Options options;
    auto problems = apply_config(options, config);
    CHECK(options.hotline_timeout == Seconds(30));
    CHECK(options.render_path == RenderPathChoice::Software);
    CHECK_FALSE(options.size.has_value());
    CHECK(options.window_mode == WindowMode::Fullscreen); // headless is not a config key
    std::vector<std::string> lines;
    for (auto& problem : problems)
        lines.push_back(problem.to_string());
    CHECK(lines == std::vector<std::string>{
                       "beacon.conf:5: error: expected \"key = value\", got \"this line has no "
                       "equals sign\"",
                       "beacon.conf:6: error: unknown key \"colour\" (ignored)",
                       "beacon.conf:7: error: size: expected WIDTHxHEIGHT between 64 and 8192, "
                       "got \"enormous\" (ignored)",
                       "beacon.conf:8: error: malformed key \"Bad_Key\": use lower-case letters, "
                       "digits and '-'",
                       "beacon.conf:9: error: unknown key \"headless\" (ignored)"});
}

TEST_CASE("the command line overrides the configuration file", "[options][config]") {
    auto dir = std::filesystem::temp_directory_path() / "beacon-config-test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "beacon.conf") << "hotline-timeout = 30\nrender-path = opengl\n";
    auto options =
        parse({"play", "--config", (dir / "beacon.conf").string(), "--hotline-timeout", "10"});
    REQUIRE(options.ok());
    CHECK(options.value().hotline_timeout == Seconds(10));
    CHECK(options.value().render_path == RenderPathChoice::OpenGL);
    CHECK_FALSE(parse({"play", "--config", (dir / "missing.conf").string()}).ok());
}

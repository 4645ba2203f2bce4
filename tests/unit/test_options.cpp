#include "app/options.h"

#include <catch2/catch.hpp>

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
    CHECK(*options.value().run_for_seconds == 2.5);
    CHECK(options.value().tap_at_seconds == std::vector<double>{1, 0.5});
    CHECK(options.value().files == std::vector<std::string>{"x.xml"});
}

TEST_CASE("bad options are reported, not guessed", "[options]") {
    CHECK(parse({"--size", "big"}).error().message.find("--size") == 0);
    CHECK(parse({"--run-for", "-1"}).error().message.find("--run-for") == 0);
    CHECK(parse({"--frobnicate"}).error().message == "unknown option --frobnicate (see beacon --help)");
    CHECK_FALSE(parse({"render", "x.xml", "--screen", "hotline"}).ok());
    CHECK_FALSE(parse({"validate"}).ok());
    CHECK(parse({"--help"}).value().command == Command::Help);
}

TEST_CASE("--help lists every option", "[options]") {
    for (const char* name : {"--windowed", "--headless", "--size", "--run-for", "--frame-log",
                             "--tap-at", "--render-path", "--screen", "--lang", "--out"})
        CHECK(usage().find(name) != std::string::npos);
}

// Issue 18, finding 4: no value of a numeric option may switch the product
// off. Every numeric row of the option table has a range; out-of-range values
// generated from the table itself are refused on the command line and in the
// configuration file (with FILE:LINE), and the default is kept.

#include "app/options.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

using namespace beacon::app;
namespace fs = std::filesystem;

namespace {

beacon::Result<Options> parse(std::vector<std::string> args) {
    std::vector<char*> argv{const_cast<char*>("beacon")};
    for (auto& arg : args)
        argv.push_back(arg.data());
    return parse_options(static_cast<int>(argv.size()), argv.data());
}

// Every numeric setting, so a refused value can be shown to change nothing.
std::string numbers_of(const Options& o) {
    std::string text;
    auto add = [&](double value) { text += std::to_string(value) + " "; };
    add(o.size ? o.size->width * 10000.0 + o.size->height : -1);
    auto seconds = [&](std::optional<Seconds> time) { add(time ? time->count() : -1); };
    seconds(o.run_for);
    add(static_cast<double>(o.tap_at.size()));
    seconds(o.hotline_timeout);
    add(o.time_scale);
    seconds(o.language_rotation);
    add(o.notice_every);
    seconds(o.test_stall_at);
    seconds(o.update_interval);
    seconds(o.update_timeout);
    seconds(o.report_interval);
    add(o.sound.volume);
    return text;
}

std::string number(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

// Values just outside the range, and values no range contains.
std::vector<std::string> bad_values(const NumberRange& range) {
    std::vector<std::string> values = {
        "nan", "-nan", "inf",  "-inf", "1e999", "-1e999", "",
        "5s",  "0x10", "1e16", "-1",   "-0.5",  "1,5",    "99999999999999999999999"};
    values.push_back(number(range.min - (range.min > 0 ? range.min / 2 : 1)));
    values.push_back(number(std::nextafter(range.min, -INFINITY)));
    values.push_back(number(range.max * 2 + 1));
    values.push_back(number(std::nextafter(range.max, INFINITY)));
    if (range.integral)
        values.push_back(number(range.min + 0.5));
    return values;
}

// A WxH option is numeric on both sides.
std::vector<std::string> shaped(const OptionInfo& option, const std::string& value,
                                const NumberRange& range) {
    if (option.value_name != "WxH")
        return {value};
    std::string fine = number(range.min);
    return {value + "x" + fine, fine + "x" + value};
}

std::string config_with(const std::string& key, const std::string& value) {
    static int counter = 0;
    fs::path file = fs::temp_directory_path() / ("beacon-ranges-" + std::to_string(::getpid()) +
                                                 "-" + std::to_string(counter++) + ".conf");
    std::ofstream(file) << "# kiosk\n" << key << " = " << value << "\n";
    return file.string();
}

} // namespace

TEST_CASE("values that switch the product off are refused", "[options][config]") {
    for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"--hotline-timeout", "0"},
             {"--hotline-timeout", "0.0001"},
             {"--hotline-timeout", "1e16"},
             {"--hotline-timeout", "-0"},
             {"--update-interval", "0"},
             {"--update-interval", "nan"},
             {"--update-timeout", "0"},
             {"--language-rotation", "0"},
             {"--notice-every", "1e400"},
             {"--run-for", "inf"},
             {"--tap-at", "nan"},
         }) {
        INFO(name << " " << value);
        CHECK_FALSE(parse({"play", name, value}).ok());
        if (name == "--run-for" || name == "--tap-at")
            continue; // not configuration keys
        auto file = config_with(name.substr(2), value);
        auto options = parse({"play", "--config", file});
        fs::remove(file);
        REQUIRE(options.ok());
        REQUIRE(options.value().config_diagnostics.size() == 1);
        CHECK(options.value().config_diagnostics[0].to_string().rfind(
                  file + ":2: error: " + name.substr(2) + ": ", 0) == 0);
        CHECK(numbers_of(options.value()) == numbers_of(Options{}));
    }
}

TEST_CASE("every option that takes a number has a range", "[options]") {
    // Values that are not numbers: paths, addresses, words and choices.
    // A TIME (--at) is a local date and time, read by its own strict parser;
    // A TIME (--at) is a local date and time, read by its own strict parser;
    // HOURS (--display-hours) are days and windows, read by the schedule's,
    // and so are quiet-hours' windows (HH:MM-HH:MM, core/sound.h).
    // SECONDS:KEY (--key-at) is a time and a key's name: its time goes
    // through parse_number() with the --tap-at range, checked below.
    const std::set<std::string> not_numbers = {"DIR",  "FILE",  "FILE.csv",    "URL",
                                               "CODE", "NAME",  "LABEL",       "TEXT",
                                               "TIME", "HOURS", "SECONDS:KEY", "HH:MM-HH:MM"};
    int numeric = 0;
    for (auto& option : option_infos()) {
        INFO(option.name << " " << option.value_name);
        if (option.value_name.empty() || not_numbers.count(option.value_name) ||
            option.value_name.find('|') != std::string::npos) {
            CHECK_FALSE(option.range.has_value());
            continue;
        }
        REQUIRE(option.range.has_value());
        CHECK(std::isfinite(option.range->min));
        CHECK(std::isfinite(option.range->max));
        CHECK(option.range->min <= option.range->max);
        ++numeric;
    }
    CHECK(numeric >= 9);
}

TEST_CASE("the key-at option checks its time like --tap-at", "[options]") {
    CHECK(parse({"play", "--key-at", "2.5:Tab"}).ok());
    CHECK(parse({"play", "--key-at", "0:Keypad 6"}).ok());
    for (std::string bad : {"nan:Tab", "-1:Tab", "1e400:Tab", "2.5", "2.5:", "Tab"}) {
        INFO(bad);
        auto parsed = parse({"play", "--key-at", bad});
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().message.rfind("--key-at: ", 0) == 0);
    }
}

TEST_CASE("every numeric option refuses values outside its range, in both places",
          "[options][config]") {
    const std::string defaults = numbers_of(Options{});
    for (auto& option : option_infos()) {
        if (!option.range)
            continue;
        const NumberRange& range = *option.range;
        for (auto& bad : bad_values(range)) {
            for (auto& value : shaped(option, bad, range)) {
                INFO(option.name << " \"" << value << "\"");
                auto cli = parse({"play", option.name, value});
                REQUIRE_FALSE(cli.ok());
                CHECK(cli.error().message.rfind(option.name + ": ", 0) == 0);
                if (!option.in_config)
                    continue;
                auto file = config_with(option.name.substr(2), value);
                auto configured = parse({"play", "--config", file});
                fs::remove(file);
                REQUIRE(configured.ok());
                REQUIRE(configured.value().config_diagnostics.size() == 1);
                CHECK(configured.value().config_diagnostics[0].to_string().rfind(file + ":2: ",
                                                                                 0) == 0);
                CHECK(numbers_of(configured.value()) == defaults);
            }
        }
        // Both ends of the range are accepted.
        for (double edge : {range.min, range.max})
            for (auto& value : shaped(option, number(edge), range)) {
                INFO(option.name << " \"" << value << "\"");
                CHECK(parse({"play", option.name, value}).ok());
            }
    }
}

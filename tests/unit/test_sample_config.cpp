// Issue 21, finding 1: the sample configurations that ship (the .deb's
// /etc/beacon/beacon.conf and the disk image's BEACON/beacon/beacon.conf)
// are checked against the option table. The samples are written by hand,
// because each key needs a sentence an administrator understands, which the
// table's one-line --help text cannot give; this test keeps them true: every
// "# key = value" line, uncommented, must apply without a problem, its value
// must be the default, and every configuration key must be in the sample.

#include "app/option_table.h"
#include "app/options.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace beacon::app;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The sample with each commented-out setting turned on, as an
// administrator who removes the '#' would have it.
std::string uncommented(const std::string& sample) {
    static const std::regex setting(R"(^# ?([a-z0-9-]+ *=.*)$)", std::regex::multiline);
    return std::regex_replace(sample, setting, "$1");
}

// The image's sample: the package's, then the appliance keys that
// platform/image/customize.sh appends. beacon-boot-config turns the lines
// with those two keys into comments before the player reads the file.
std::string image_sample() {
    fs::path source = BEACON_SOURCE_DIR;
    std::string script = read_file(source / "platform/image/customize.sh");
    auto begin = script.find("<<'CONF'\n");
    auto end = script.find("\nCONF\n", begin);
    REQUIRE(begin != std::string::npos);
    REQUIRE(end != std::string::npos);
    std::string appended = script.substr(begin + 9, end - begin - 9 + 1);
    std::string sample = read_file(source / "packaging/beacon.conf") + appended;
    static const std::regex appliance(R"(^# ?(hostname|timezone) *=.*$)", std::regex::multiline);
    CHECK(std::regex_search(appended, appliance));
    return std::regex_replace(sample, appliance, "# $& (applied by the appliance)");
}

void check_sample(const std::string& name, const std::string& sample) {
    INFO(name);
    Options options;
    auto problems = apply_config(options, beacon::parse_config(uncommented(sample), name));
    for (auto& problem : problems)
        FAIL_CHECK(problem.to_string());
    const Options defaults;
    std::set<std::string> in_sample;
    for (auto& [option, origin] : options.origins)
        in_sample.insert(option);
    for (auto& row : option_table()) {
        if (row.in_config != InConfig::Yes)
            continue;
        INFO(row.name);
        CHECK(in_sample.count(row.name) == 1);
        REQUIRE(row.show);
        // "The values below are the defaults", says the sample; a key whose
        // default is "none" shows an example instead.
        if (!row.show(defaults).empty())
            CHECK(row.show(options) == row.show(defaults));
    }
}

} // namespace

TEST_CASE("the package's sample beacon.conf sets only known keys, to their defaults, and all of "
          "them",
          "[options][config]") {
    check_sample("packaging/beacon.conf",
                 read_file(fs::path(BEACON_SOURCE_DIR) / "packaging/beacon.conf"));
}

TEST_CASE("the disk image's sample beacon.conf passes the same check", "[options][config]") {
    check_sample("image beacon.conf", image_sample());
}

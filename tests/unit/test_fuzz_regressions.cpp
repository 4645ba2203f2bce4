// Every input that once crashed a fuzzer, or broke one of its invariants,
// lives in tests/data/fuzz-regressions/<target>/ and is replayed here through
// the very target the fuzzer ran (fuzz/*_target.cpp), next to hand-made
// hostile inputs of the same kinds. See fuzz/README.md.

#include "fuzz/targets.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs_of(const std::string& target) {
    std::vector<fs::path> inputs;
    fs::path dir = fs::path(BEACON_FUZZ_REGRESSIONS) / target;
    if (!fs::is_directory(dir))
        return inputs;
    for (auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().filename() != "README.md")
            inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

template <typename Target> void replay(const std::string& name, Target target) {
    auto inputs = inputs_of(name);
    REQUIRE_FALSE(inputs.empty());
    for (auto& input : inputs) {
        INFO(input.string());
        auto problem = target(contents(input));
        CHECK(problem.value_or("") == "");
    }
}

} // namespace

TEST_CASE("the playlist parser survives every fuzz regression input", "[fuzz][parser]") {
    replay("playlist", beacon::fuzz::playlist_target);
}

TEST_CASE("the config parser survives every fuzz regression input", "[fuzz][config]") {
    replay("config", beacon::fuzz::config_target);
}

TEST_CASE("the text layout survives every fuzz regression input", "[fuzz][render]") {
    replay("text_layout", beacon::fuzz::text_layout_target);
}

TEST_CASE("the manifest parser survives every fuzz regression input", "[fuzz][update]") {
    replay("manifest", beacon::fuzz::manifest_target);
}

TEST_CASE("media probing survives every fuzz regression input", "[fuzz][media]") {
    replay("media_probe", beacon::fuzz::media_probe_target);
}

TEST_CASE("playlist-to-layout survives every fuzz regression input", "[fuzz][render]") {
    replay("playlist_layout", beacon::fuzz::playlist_layout_target);
}

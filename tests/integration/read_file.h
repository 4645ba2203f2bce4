#pragma once

// A file's bytes, for tests of every kind (integration, update, fleet):
// header-only so that test binaries that do not link helpers.cpp have it too.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace test {

// Its bytes; "" when it cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

} // namespace test

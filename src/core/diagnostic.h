#pragma once

#include <string>
#include <vector>

namespace beacon {

// One problem found in content, reported like a compiler does:
// "playlists/default.xml:42: error: <factsheet id="signs"> has no text for language "ar"".
struct Diagnostic {
    std::string source;
    int line = 0;
    std::string message;

    std::string to_string() const;
};

using Diagnostics = std::vector<Diagnostic>;

} // namespace beacon

#pragma once

#include <string>
#include <vector>

namespace beacon {

// One problem found in content, reported like a compiler does:
// "playlists/default.xml:42: error: <factsheet id="signs"> has no text for language "ar"".
// It carries where it was found; to_string() is the one place that spells
// the "file:line: error:" form, so every report of a problem goes through it.
struct Diagnostic {
    std::string source;
    int line = 0;
    std::string message;
    // In characters from 1, where the line alone does not say enough (a
    // byte that is not UTF-8); 0 when not given, and then not printed.
    int column = 0;

    std::string to_string() const;
};

using Diagnostics = std::vector<Diagnostic>;

} // namespace beacon

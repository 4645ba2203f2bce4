#pragma once

#include <string>
#include <vector>

namespace beacon {

// An error stops the content from being accepted (`validate` exits 1, the
// player keeps its last good playlist). A warning is content the kiosk
// takes but that will not show as the administrator probably means (an
// expired notice, a schedule that never plays, a video too heavy for the
// target board): it is printed, and `validate` still exits 0.
enum class Severity { Error, Warning };

// One problem found in content, reported like a compiler does:
// "playlists/default.xml:42: error: <factsheet id="signs"> has no text for language "ar"".
// It carries where it was found; to_string() is the one place that spells
// the "file:line: error:" form, so every report of a problem goes through it.
struct Diagnostic {
    std::string source;
    int line = 0;
    std::string message;
    Severity severity = Severity::Error;
    // In characters from 1, where the line alone does not say enough (a
    // byte that is not UTF-8); 0 when not given, and then not printed.
    int column = 0;

    std::string to_string() const;
};

// Where something was found: "FILE:LINE", or "FILE" alone when the line is
// unknown (0 or less: a file that cannot be read, a bundle as a whole). The
// one place a location is spelled, so no message ever says "FILE:0:".
std::string format_location(const std::string& source, int line);

using Diagnostics = std::vector<Diagnostic>;

} // namespace beacon

#pragma once

// What Beacon's text files (playlists, manifests, beacon.conf, captions) must
// be: UTF-8. These are the pure halves of the one rule; the conversion of a
// UTF-16 or UTF-32 file needs ICU and lives in system/text_decoding.h, which
// every reader of a text file calls.
//
// A problem names the file's line and column (the column counts characters,
// as an editor does), the bytes found, what they probably were when the file
// was saved as Windows-1252 (Notepad's "ANSI"), and how to save the file
// right. Both load_xml() and the file readers report through here, so a file
// gets the same words whoever reads it.

#include "core/diagnostic.h"

#include <optional>
#include <string>
#include <string_view>

namespace beacon {

// The Unicode encodings a byte order mark at the start of a file names.
enum class ByteOrderMark {
    None,
    Utf8,
    Utf16LittleEndian,
    Utf16BigEndian,
    Utf32LittleEndian,
    Utf32BigEndian
};

ByteOrderMark byte_order_mark(std::string_view bytes);
std::size_t byte_order_mark_size(ByteOrderMark mark);
// "UTF-16 (Notepad's \"Unicode\")", "UTF-32 (big-endian)", ...
std::string encoding_name(ByteOrderMark mark);

struct Utf8Problem {
    int line = 1;
    int column = 1; // in characters, from 1
    std::string message;
};

// The first place `text` is not UTF-8 in its shortest form (overlong forms,
// surrogates and code points past U+10FFFF are refused too), or nothing.
// A UTF-8 byte order mark at the start is accepted.
std::optional<Utf8Problem> find_invalid_utf8(std::string_view text);

// The same, as a diagnostic of `source`, or nothing. A text that starts with a
// UTF-16 or UTF-32 byte order mark was not decoded by its reader; that is
// said rather than its first zero byte.
std::optional<Diagnostic> utf8_problem(std::string_view text, const std::string& source);

} // namespace beacon

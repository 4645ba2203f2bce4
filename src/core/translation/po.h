#pragma once

// The gettext PO format, as far as translators' tools (Poedit, Weblate,
// msgfmt) and `beacon translate` need it: entries with msgctxt, msgid and
// msgstr, comments, flags and references. PO is not XML: this small reader
// is the one place it is read, and write_po() the one place it is written.
//
// Invariants of a parsed file:
// - the text was at most PoLimits::max_bytes long (checked before anything
//   else) and held at most max_entries entries;
// - every string was a sequence of "quoted" pieces, joined, with its escapes
//   (\\ \" \n \t \r \a \b \f \v, octal and \x hex) decoded;
// - every problem is reported at its line, as "source:line: error: ...".
// Obsolete entries (#~) are skipped. Plural entries are read, with
// msgstr[0] as their msgstr; playlists have no plurals.

#include "core/diagnostic.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon {

struct PoLimits {
    std::size_t max_bytes = 16 * 1024 * 1024;
    std::size_t max_entries = 100'000;
    std::size_t max_diagnostics = 50;
};

struct PoEntry {
    std::vector<std::string> translator_comments; // "# ..." lines, without "# "
    std::vector<std::string> extracted_comments;  // "#. ..."
    std::vector<std::string> references;          // "#: FILE:LINE", one each
    std::vector<std::string> flags;               // "#, fuzzy" gives "fuzzy"
    std::optional<std::string> context;           // msgctxt
    std::string id;                               // msgid
    std::optional<std::string> id_plural;         // msgid_plural
    std::string str;                              // msgstr, or msgstr[0]
    int line = 0;                                 // of its first keyword

    bool fuzzy() const;
    bool is_header() const { return !context && id.empty(); }
};

struct PoFile {
    std::vector<PoEntry> entries; // the header (msgid "") among them, first when written
};

struct ParsedPo {
    std::optional<PoFile> file; // set only when there were no errors
    Diagnostics diagnostics;
};

ParsedPo parse_po(std::string_view text, const std::string& source, const PoLimits& limits = {});

// PO text for `file`: each entry's comments, then msgctxt, msgid, msgstr,
// with blank lines between entries. parse_po() reads back what went in.
std::string write_po(const PoFile& file);

// `text` as one PO string: quoted, with \\, \", \n, \t, \r escaped.
std::string po_quoted(std::string_view text);

} // namespace beacon

#pragma once

// The words of a playlist, for translators: every text of the hotline, the
// fact sheets and the notices, each with its source-language wording (the
// PO msgid), a context naming the element (the msgctxt), and the target
// language's current wording and where its bytes are in the file.
//
// Import edits those bytes in place and nothing else, so the
// administrator's layout, indentation and comments survive. tinyxml2 gives
// lines, not offsets: an element is found as the k-th start tag of its name
// on its line, and the bytes found are accepted only when, decoded and with
// white space collapsed, they say exactly what the parser read. Anything
// else (markup inside a text, an element inside a comment) has no span and
// is reported instead of being edited.
//
// Pure: text in, text out. The caller validates the result as the kiosk
// would before writing it anywhere.

#include "core/diagnostic.h"
#include "core/translation/po.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon {

struct TextSpan {
    std::size_t begin = 0; // byte offsets into the playlist's text
    std::size_t end = 0;
    char quote = 0; // the attribute's quote character; 0 for element content
};

struct TranslatableText {
    std::string context; // "factsheet/signs/point 2": kind, id, field
    std::string source;  // white space collapsed, entities decoded
    int source_line = 0;
    std::optional<std::string> translation; // nothing: the language has no such text
    int translation_line = 0;
    std::optional<TextSpan> span; // where `translation` is; nothing when it cannot be edited
};

struct PlaylistTexts {
    std::string source_lang; // "en" when the playlist has it, else its first language
    std::string target_lang;
    bool target_listed = false; // the target is one of <playlist languages>
    std::vector<TranslatableText> texts;
    // Target texts with no source text to translate from (a hotline
    // <interpreters> when the source language has <sms>), for the PO's
    // header comment.
    std::vector<std::string> not_exported;
};

// The texts of a playlist that parse_playlist() accepted. Errors only for
// XML that does not load.
struct ExtractedTexts {
    std::optional<PlaylistTexts> texts;
    Diagnostics diagnostics;
};
ExtractedTexts playlist_texts(std::string_view xml, const std::string& source,
                              const std::string& target_lang);

// The PO file translators get: a header naming the language, then one entry
// per text, with `#:` pointing at the source text's line in `source`.
// `revision_date` ("2026-12-06 11:45+0000") is the caller's clock reading:
// msgfmt --check wants the header to carry one.
PoFile texts_to_po(const PlaylistTexts& texts, const std::string& source,
                   const std::string& revision_date);

struct ImportedTexts {
    std::string xml;         // the playlist with the translations written in
    std::size_t changed = 0; // texts whose wording changed
    std::size_t unchanged = 0;
    std::size_t skipped = 0; // fuzzy or empty entries, left out on purpose
    Diagnostics problems;    // entries that could not be imported, at their PO line
};
// Writes each translated, non-fuzzy entry of `po` into `xml` at its text's
// span, escaped for XML. An entry whose msgid no longer matches the source
// text (the English changed since the export), whose context is unknown, or
// whose text has no span, is reported and left out.
ImportedTexts import_po(std::string_view xml, const PlaylistTexts& texts, const PoFile& po,
                        const std::string& po_source);

// `text` escaped for element content (quote 0) or an attribute in `quote`.
std::string xml_escaped(std::string_view text, char quote);

} // namespace beacon

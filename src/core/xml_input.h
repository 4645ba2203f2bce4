#pragma once

// load_xml() is the one door every XML Beacon reads goes through (playlists,
// bundle manifests). tinyxml2 is lenient: it accepts a second root element,
// a bare '&', "&#0;" (which then cuts a string at the NUL), "--" inside a
// comment, '<' in an attribute value, invalid UTF-8 and more, all of which
// xmllint refuses. Two readers of the same signed bytes must never disagree
// about what they mean, so before tinyxml2 sees the text it is checked here
// against the XML 1.0 rules tinyxml2 leaves out, and after the parse the
// document must have exactly one root element and nothing but comments and
// processing instructions beside it.
//
// Invariants of a loaded document:
// - the text was at most max_bytes long (checked before anything else);
// - it is well-formed UTF-8 (no overlong forms, surrogates or code points
//   past U+10FFFF; checked by utf8_problem(), core/text_encoding.h, which
//   names line, column and bytes) with only characters XML 1.0 allows, NUL
//   never among them, whether written literally or as a character reference;
// - every '<' in text opens markup; attribute values are quoted, and no
//   attribute is written twice in one element;
// - every '&' starts one of the five predefined entities or a character
//   reference; there is no DOCTYPE, so no other entity can exist;
// - there is exactly one root element, and no text outside it.
//
// The first problem found is reported with its line, as "source:line"
// (and its column, for a byte that is not UTF-8).

#include "core/diagnostic.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tinyxml2 {
class XMLDocument;
class XMLElement;
} // namespace tinyxml2

namespace beacon {

struct XmlInput;

// Owns a parsed tinyxml2 document: every node an XmlInput's root points
// into. tinyxml2 frees a document node by node, which a command about to
// exit need not pay for (bench/analysis.md), so whoever holds one decides
// when it dies. Nothing parsed from it points into it: every text is copied.
class XmlDocument {
  public:
    XmlDocument();
    XmlDocument(XmlDocument&&) noexcept;
    XmlDocument& operator=(XmlDocument&&) noexcept;
    ~XmlDocument();

    // Whether tinyxml2 ran on a text (successfully or not).
    bool parsed() const { return m_document != nullptr; }

  private:
    friend XmlInput load_xml(std::string_view, const std::string&, std::size_t);
    std::unique_ptr<tinyxml2::XMLDocument> m_document;
};

struct XmlInput {
    // Set whenever tinyxml2 ran, also when the document was refused
    // afterwards.
    XmlDocument document;
    // The one root element; non-null exactly when loading succeeded.
    const tinyxml2::XMLElement* root = nullptr;
    // Set when loading failed.
    std::optional<Diagnostic> error;

    bool ok() const { return !error.has_value(); }
};

XmlInput load_xml(std::string_view text, const std::string& source, std::size_t max_bytes);

// The byte-level checks alone (size cap excepted), for tests and fuzzers:
// the first problem, or nothing when tinyxml2 may be handed the text.
std::optional<Diagnostic> check_xml_text(std::string_view text, const std::string& source);

} // namespace beacon

#pragma once

// ElementReader: how the playlist grammars (hotline_parser, item_parser,
// notice_parser, playlist_grammar) read tinyxml2 elements and report what is
// wrong with them.
//
// Invariants:
// - error() is the only way a problem is recorded: it appends a Diagnostic at
//   the element's line and marks the playlist failed. Every check below
//   reports through it, so failed() is true exactly when a diagnostic was
//   added.
// - A check that returns nullopt or false has already reported why.
// - languages() is set once, from <playlist languages>, before any text is
//   read; a language is valid only when it is listed there.
// - A wrong language code is reported once, where it is first written (in
//   <playlist languages> or a lang attribute); later uses of the same code,
//   and the texts it leaves missing, are knock-ons and are not reported.
//
// Ownership: the reader refers to the source name and the diagnostics it was
// given, which must outlive it; the elements belong to the caller's document.

#include "core/diagnostic.h"
#include "core/language_catalog.h"
#include "core/playlist.h"

#include <tinyxml2.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::playlist {

using tinyxml2::XMLElement;

// "<factsheet id="signs">": the element as diagnostics name it.
std::string describe(const XMLElement* element);

// Texts are bounded where they are read: an unbounded headline passed
// validate and then froze the loop when a tap laid it out.
std::string too_long(const std::string& what, const std::string& text, std::size_t limit);

class ElementReader {
  public:
    ElementReader(const std::string& source, Diagnostics& out,
                  const LanguageCatalog& catalog = shipped_language_catalog())
        : m_source(source), m_out(out), m_catalog(catalog) {}
    ElementReader(const ElementReader&) = delete;
    ElementReader& operator=(const ElementReader&) = delete;

    void error(const XMLElement* element, std::string message);
    bool failed() const { return m_failed; }

    const std::vector<std::string>& languages() const { return m_languages; }
    void set_languages(std::vector<std::string> languages) { m_languages = std::move(languages); }
    const LanguageCatalog& catalog() const { return m_catalog; }
    // Records that `code` was reported as wrong, so its later uses are not.
    void language_reported(const std::string& code) { m_reported_languages.push_back(code); }

    // Reports `child`, which is not one of `expected` here: "unknown element
    // <factshet> in <playlist>; did you mean <factsheet>?". `otherwise` ends
    // the message when no name is near ("; expected <text>").
    void unknown_element(const XMLElement* child, const std::string& where,
                         std::initializer_list<std::string_view> expected,
                         const std::string& otherwise = "");

    // Reports each attribute not in `allowed`; false if there was one.
    bool check_attributes(const XMLElement* element, std::initializer_list<const char*> allowed);
    // The attribute, white space collapsed: present, non-empty and bounded.
    std::optional<std::string> required(const XMLElement* element, const char* name);
    // The same for a value the XSD matches byte for byte (an id, a language
    // code, a date): white space in or around it is refused, as xmllint
    // refuses it, rather than collapsed.
    std::optional<std::string> exact(const XMLElement* element, const char* name);
    // The element's id attribute, shaped as names.h's is_id() wants.
    std::optional<std::string> id(const XMLElement* element);
    // The element's lang attribute, naming one of languages().
    std::optional<std::string> language(const XMLElement* element);
    // The element's src attribute, a content path (core/path_rules.h).
    std::optional<std::string> content_path(const XMLElement* element);
    // The element's duration attribute, in seconds from 1 to 3600.
    std::optional<Milliseconds> duration(const XMLElement* element);
    // The text of an element that may hold only text (<title>, <headline>),
    // non-empty and bounded (a <point> as a paragraph, others as labels).
    std::optional<std::string> text_child(const XMLElement* element);

    // Walks the per-language <text> children of `owner`, the one way a
    // hotline, a fact sheet and a notice are read. Each child that is not a
    // <text> is first offered to `other` (a fact sheet's <schedule>), which
    // returns whether it took it; one nobody takes is reported. Each <text>
    // has its attributes checked against `attributes` and its language read,
    // and is then handed to `visit(text, lang)`: with the language, or with
    // nullopt when that was bad (the visitor may still check the rest). A
    // second text in one language is reported and not visited. A language
    // counts as present once its text is visited, even if the text turns
    // out bad, so that problem is not also reported as a missing language;
    // every playlist language still missing at the end is reported.
    // Returns false when a child was not a <text>, or a <text> had a bad or
    // repeated language.
    template <typename Visit, typename Other>
    bool for_each_language_text(const XMLElement* owner,
                                std::initializer_list<const char*> attributes, Visit&& visit,
                                Other&& other);
    template <typename Visit>
    bool for_each_language_text(const XMLElement* owner,
                                std::initializer_list<const char*> attributes, Visit&& visit) {
        return for_each_language_text(owner, attributes, visit,
                                      [](const XMLElement*) { return false; });
    }

    // Puts texts in the order of <playlist languages>, the language picker's
    // order. Written in that order already, they are only compared: sorting
    // moved every text out and back, 1.5% of `beacon validate`'s main thread.
    template <typename Text> void order_by_language(std::vector<Text>& texts) const {
        auto before = [this](const Text& a, const Text& b) {
            return std::find(m_languages.begin(), m_languages.end(), a.lang) <
                   std::find(m_languages.begin(), m_languages.end(), b.lang);
        };
        if (!std::is_sorted(texts.begin(), texts.end(), before))
            std::sort(texts.begin(), texts.end(), before);
    }

  private:
    // The checks of one <text> child that do not depend on what it holds:
    // its element name, attributes, language and whether that is a repeat.
    enum class TextChild { NotText, BadLanguage, Repeated, Visit };
    TextChild read_text_child(const XMLElement* owner, const XMLElement* child,
                              std::initializer_list<const char*> attributes,
                              std::vector<std::string>& seen, std::optional<std::string>& lang);
    void check_languages_complete(const XMLElement* owner, const std::vector<std::string>& seen,
                                  std::size_t bad_languages);

    const std::string& m_source;
    Diagnostics& m_out;
    const LanguageCatalog& m_catalog;
    std::vector<std::string> m_languages;
    std::vector<std::string> m_reported_languages;
    bool m_failed = false;
};

template <typename Visit, typename Other>
bool ElementReader::for_each_language_text(const XMLElement* owner,
                                           std::initializer_list<const char*> attributes,
                                           Visit&& visit, Other&& other) {
    std::vector<std::string> seen;
    std::size_t bad_languages = 0;
    bool all_texts = true;
    for (auto* child = owner->FirstChildElement(); child; child = child->NextSiblingElement()) {
        if (std::string_view(child->Name()) != "text" && other(child))
            continue;
        std::optional<std::string> lang;
        switch (read_text_child(owner, child, attributes, seen, lang)) {
        case TextChild::NotText:
        case TextChild::Repeated:
            all_texts = false;
            continue;
        case TextChild::BadLanguage:
            all_texts = false;
            ++bad_languages;
            break;
        case TextChild::Visit:
            break;
        }
        visit(child, lang);
    }
    check_languages_complete(owner, seen, bad_languages);
    return all_texts;
}

} // namespace beacon::playlist

#include "core/translation/playlist_texts.h"

#include "core/playlist/names.h"
#include "core/playlist/playlist_parser.h"
#include "core/xml_input.h"

#include <tinyxml2.h>

#include <algorithm>
#include <map>

namespace beacon {

namespace {

using playlist::collapse_whitespace;
using tinyxml2::XMLElement;

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

// Raw XML character data with its references decoded. load_xml() has
// already refused any '&' that does not start a valid reference.
std::string decoded(std::string_view raw) {
    std::string out;
    for (std::size_t at = 0; at < raw.size(); ++at) {
        if (raw[at] != '&') {
            out += raw[at];
            continue;
        }
        std::size_t semicolon = raw.find(';', at);
        if (semicolon == std::string_view::npos)
            return out + std::string(raw.substr(at));
        std::string_view name = raw.substr(at + 1, semicolon - at - 1);
        if (name == "lt")
            out += '<';
        else if (name == "gt")
            out += '>';
        else if (name == "amp")
            out += '&';
        else if (name == "quot")
            out += '"';
        else if (name == "apos")
            out += '\'';
        else if (name.size() > 1 && name[0] == '#') {
            bool hex = name[1] == 'x';
            append_utf8(out, static_cast<char32_t>(std::stoul(std::string(name.substr(hex ? 2 : 1)),
                                                              nullptr, hex ? 16 : 10)));
        }
        at = semicolon;
    }
    return out;
}

bool name_char(char c) {
    return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '>' && c != '/' && c != '=';
}

// Finds elements' bytes from their line numbers (see the header).
class Locator {
  public:
    Locator(std::string_view text, const XMLElement* root) : m_text(text) {
        m_line_starts.push_back(0);
        for (std::size_t at = 0; at < text.size(); ++at)
            if (text[at] == '\n')
                m_line_starts.push_back(at + 1);
        number(root);
    }

    // The bytes between the element's start and end tags, when they hold
    // text only and say what the parser read.
    std::optional<TextSpan> content(const XMLElement* element) const {
        auto tag = start_tag(element);
        if (!tag || m_text[tag->second - 1] == '/')
            return std::nullopt;
        std::size_t begin = tag->second + 1;
        std::size_t end = m_text.find('<', begin);
        std::string closing = "</" + std::string(element->Name());
        if (end == std::string_view::npos || m_text.compare(end, closing.size(), closing) != 0)
            return std::nullopt;
        std::string read = collapse_whitespace(element->GetText());
        if (collapse_whitespace(decoded(m_text.substr(begin, end - begin)).c_str()) != read)
            return std::nullopt;
        return TextSpan{begin, end, 0};
    }

    // The bytes of an attribute's value, between its quotes.
    std::optional<TextSpan> attribute(const XMLElement* element, std::string_view name) const {
        auto tag = start_tag(element);
        if (!tag)
            return std::nullopt;
        std::size_t at = tag->first + 1 + std::string_view(element->Name()).size();
        while (at < tag->second) {
            while (at < tag->second && !name_char(m_text[at]))
                ++at;
            std::size_t name_begin = at;
            while (at < tag->second && name_char(m_text[at]))
                ++at;
            std::string_view found = m_text.substr(name_begin, at - name_begin);
            at = m_text.find_first_of("\"'", at);
            if (at == std::string_view::npos || at >= tag->second)
                return std::nullopt;
            char quote = m_text[at];
            std::size_t value_end = m_text.find(quote, at + 1);
            if (found == name) {
                const char* value = element->Attribute(std::string(name).c_str());
                TextSpan span{at + 1, value_end, quote};
                if (!value || collapse_whitespace(
                                  decoded(m_text.substr(at + 1, value_end - at - 1)).c_str()) !=
                                  collapse_whitespace(value))
                    return std::nullopt;
                return span;
            }
            at = value_end + 1;
        }
        return std::nullopt;
    }

  private:
    // Each element's rank among the elements of its name that start on its line.
    void number(const XMLElement* element) {
        for (; element; element = element->NextSiblingElement()) {
            auto key = std::pair{element->GetLineNum(), std::string(element->Name())};
            m_ordinal[element] = m_count[key]++;
            number(element->FirstChildElement());
        }
    }

    // The offsets of the start tag's '<' and '>'.
    std::optional<std::pair<std::size_t, std::size_t>> start_tag(const XMLElement* element) const {
        auto line = static_cast<std::size_t>(element->GetLineNum());
        if (line == 0 || line > m_line_starts.size())
            return std::nullopt;
        std::string_view name = element->Name();
        int wanted = m_ordinal.at(element);
        std::size_t at = m_line_starts[line - 1];
        while ((at = m_text.find('<', at)) != std::string_view::npos) {
            for (auto [open, close] :
                 {std::pair{"<!--", "-->"}, std::pair{"<![CDATA[", "]]>"}, std::pair{"<?", "?>"}})
                if (m_text.compare(at, std::string_view(open).size(), open) == 0) {
                    at = m_text.find(close, at);
                    if (at == std::string_view::npos)
                        return std::nullopt;
                }
            if (m_text[at] != '<' || m_text.compare(at, 2, "</") == 0) {
                ++at;
                continue;
            }
            std::size_t name_end = at + 1;
            while (name_end < m_text.size() && name_char(m_text[name_end]))
                ++name_end;
            std::size_t end = tag_end(name_end);
            if (end == std::string_view::npos)
                return std::nullopt;
            if (m_text.substr(at + 1, name_end - at - 1) == name && wanted-- == 0)
                return std::pair{at, end};
            at = end;
        }
        return std::nullopt;
    }

    std::size_t tag_end(std::size_t at) const {
        char quote = 0;
        for (; at < m_text.size(); ++at) {
            char c = m_text[at];
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return at;
            }
        }
        return std::string_view::npos;
    }

    std::string_view m_text;
    std::vector<std::size_t> m_line_starts;
    std::map<const XMLElement*, int> m_ordinal;
    std::map<std::pair<int, std::string>, int> m_count;
};

const XMLElement* text_in(const XMLElement* owner, const std::string& lang) {
    for (auto* text = owner->FirstChildElement("text"); text;
         text = text->NextSiblingElement("text"))
        if (const char* code = text->Attribute("lang"); code && lang == code)
            return text;
    return nullptr;
}

std::vector<const XMLElement*> children(const XMLElement* parent, const char* name) {
    std::vector<const XMLElement*> found;
    if (parent)
        for (auto* child = parent->FirstChildElement(name); child;
             child = child->NextSiblingElement(name))
            found.push_back(child);
    return found;
}

class Extractor {
  public:
    Extractor(const Locator& locate, PlaylistTexts& out) : m_locate(locate), m_out(out) {}

    void element(std::string context, const XMLElement* source, const XMLElement* target) {
        TranslatableText text;
        text.context = std::move(context);
        text.source = collapse_whitespace(source->GetText());
        text.source_line = source->GetLineNum();
        if (target) {
            text.translation = collapse_whitespace(target->GetText());
            text.translation_line = target->GetLineNum();
            text.span = m_locate.content(target);
        }
        m_out.texts.push_back(std::move(text));
    }

    void hotline(const XMLElement* hotline) {
        const XMLElement* source = text_in(hotline, m_out.source_lang);
        const XMLElement* target = text_in(hotline, m_out.target_lang);
        if (!source)
            return;
        TranslatableText name;
        name.context = "hotline/name";
        name.source = collapse_whitespace(source->Attribute("name"));
        name.source_line = source->GetLineNum();
        if (target) {
            name.translation = collapse_whitespace(target->Attribute("name"));
            name.translation_line = target->GetLineNum();
            name.span = m_locate.attribute(target, "name");
        }
        m_out.texts.push_back(std::move(name));
        for (const char* field :
             {"headline", "discreet", "call", "sms", "interpreters", "who-answers", "web-label",
              "scan", "scan-tel", "scan-sms", "close", "listen"}) {
            auto* from = source->FirstChildElement(field);
            auto* to = target ? target->FirstChildElement(field) : nullptr;
            // <sms> says the text service speaks the language: a translator
            // never adds one, only rewords one that is there.
            bool offered = from && (std::string_view(field) != "sms" || to);
            if (offered)
                element(std::string("hotline/") + field, from, to);
            else if (to)
                m_out.not_exported.push_back("the hotline's <" + std::string(field) + "> (line " +
                                             std::to_string(to->GetLineNum()) + "): the " +
                                             m_out.source_lang + " text has none");
        }
    }

    void factsheet(const XMLElement* sheet) {
        std::string id = sheet->Attribute("id") ? sheet->Attribute("id") : "";
        const XMLElement* source = text_in(sheet, m_out.source_lang);
        const XMLElement* target = text_in(sheet, m_out.target_lang);
        if (!source)
            return;
        if (auto* title = source->FirstChildElement("title"))
            element("factsheet/" + id + "/title", title,
                    target ? target->FirstChildElement("title") : nullptr);
        auto from = children(source, "point");
        auto to = children(target, "point");
        for (std::size_t i = 0; i < from.size(); ++i)
            element("factsheet/" + id + "/point " + std::to_string(i + 1), from[i],
                    i < to.size() ? to[i] : nullptr);
        for (std::size_t i = from.size(); i < to.size(); ++i)
            m_out.not_exported.push_back("<factsheet id=\"" + id + "\"> point " +
                                         std::to_string(i + 1) + " (line " +
                                         std::to_string(to[i]->GetLineNum()) + "): the " +
                                         m_out.source_lang + " text has fewer points");
    }

    void notice(const XMLElement* notice) {
        std::string id = notice->Attribute("id") ? notice->Attribute("id") : "";
        if (auto* source = text_in(notice, m_out.source_lang))
            element("notice/" + id, source, text_in(notice, m_out.target_lang));
    }

    void items(const XMLElement* parent) {
        for (auto* child = parent->FirstChildElement(); child;
             child = child->NextSiblingElement()) {
            std::string_view name = child->Name();
            if (name == "hotline")
                hotline(child);
            else if (name == "factsheet")
                factsheet(child);
            else if (name == "notice")
                notice(child);
            else if (name == "group")
                items(child);
        }
    }

  private:
    const Locator& m_locate;
    PlaylistTexts& m_out;
};

} // namespace

std::string xml_escaped(std::string_view text, char quote) {
    std::string out;
    for (char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (quote && c == quote)
            out += c == '"' ? "&quot;" : "&apos;";
        else
            out += c;
    }
    return out;
}

ExtractedTexts playlist_texts(std::string_view xml, const std::string& source,
                              const std::string& target_lang) {
    ExtractedTexts result;
    XmlInput input = load_xml(xml, source, max_playlist_bytes);
    if (!input.ok()) {
        result.diagnostics.push_back(*input.error);
        return result;
    }
    PlaylistTexts texts;
    texts.target_lang = target_lang;
    auto languages =
        playlist::split_spaces(collapse_whitespace(input.root->Attribute("languages")));
    if (languages.empty()) {
        result.diagnostics.push_back(
            {source, input.root->GetLineNum(), "<playlist> lists no languages"});
        return result;
    }
    texts.source_lang = std::find(languages.begin(), languages.end(), "en") != languages.end()
                            ? "en"
                            : languages[0];
    texts.target_listed =
        std::find(languages.begin(), languages.end(), target_lang) != languages.end();
    Locator locate(xml, input.root);
    Extractor(locate, texts).items(input.root);
    result.texts = std::move(texts);
    return result;
}

PoFile texts_to_po(const PlaylistTexts& texts, const std::string& source,
                   const std::string& revision_date) {
    PoFile po;
    PoEntry header;
    header.translator_comments = {
        "Translation of the Beacon playlist " + source + " from " + texts.source_lang + " into " +
            texts.target_lang + ".",
        "Translate each msgstr; leave msgctxt and msgid as they are. Write it back with:",
        "  beacon translate import " + source + " " + texts.target_lang + ".po",
        "Entries marked fuzzy and empty msgstr are not imported."};
    for (auto& note : texts.not_exported)
        header.translator_comments.push_back("Not in this file: " + note + ".");
    // No plural forms: a playlist's texts are sentences, never counts.
    header.str = "Project-Id-Version: Beacon playlist " + source +
                 "\nPO-Revision-Date: " + revision_date +
                 "\nLast-Translator: \nLanguage-Team: \nLanguage: " + texts.target_lang +
                 "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
                 "Content-Transfer-Encoding: 8bit\nX-Source-Language: " +
                 texts.source_lang + "\n";
    po.entries.push_back(std::move(header));
    for (auto& text : texts.texts) {
        PoEntry entry;
        entry.references.push_back(source + ":" + std::to_string(text.source_line));
        if (text.translation_line)
            entry.extracted_comments.push_back(texts.target_lang + " text at line " +
                                               std::to_string(text.translation_line));
        else
            entry.extracted_comments.push_back("the playlist has no " + texts.target_lang +
                                               " text here yet");
        entry.context = text.context;
        entry.id = text.source;
        entry.str = text.translation.value_or("");
        po.entries.push_back(std::move(entry));
    }
    return po;
}

ImportedTexts import_po(std::string_view xml, const PlaylistTexts& texts, const PoFile& po,
                        const std::string& po_source) {
    ImportedTexts result;
    std::map<std::string, const TranslatableText*> by_context;
    for (auto& text : texts.texts)
        by_context[text.context] = &text;
    struct Edit {
        TextSpan span;
        std::string bytes;
    };
    std::vector<Edit> edits;
    auto problem = [&](const PoEntry& entry, std::string message) {
        result.problems.push_back({po_source, entry.line, std::move(message)});
    };
    for (auto& entry : po.entries) {
        if (entry.is_header())
            continue;
        if (entry.fuzzy() || entry.str.empty()) {
            ++result.skipped;
            continue;
        }
        auto found = entry.context ? by_context.find(*entry.context) : by_context.end();
        if (found == by_context.end()) {
            problem(entry, "msgctxt " + po_quoted(entry.context.value_or("")) +
                               " names no text of the playlist; not imported");
            continue;
        }
        const TranslatableText& text = *found->second;
        if (entry.id != text.source) {
            problem(entry, "the " + texts.source_lang + " text of " + text.context +
                               " has changed since this file was made (it now reads " +
                               po_quoted(text.source) + "); not imported: export again");
            continue;
        }
        std::string wanted = collapse_whitespace(entry.str.c_str());
        if (text.translation && *text.translation == wanted) {
            ++result.unchanged;
            continue;
        }
        if (!text.span) {
            problem(entry, text.translation
                               ? text.context + " at line " +
                                     std::to_string(text.translation_line) +
                                     " holds more than plain text; edit it by hand"
                               : "the playlist has no " + texts.target_lang + " text for " +
                                     text.context + " to write into; add it by hand");
            continue;
        }
        edits.push_back({*text.span, xml_escaped(wanted, text.span->quote)});
        ++result.changed;
    }
    std::sort(edits.begin(), edits.end(),
              [](auto& a, auto& b) { return a.span.begin > b.span.begin; });
    result.xml = std::string(xml);
    for (auto& edit : edits)
        result.xml.replace(edit.span.begin, edit.span.end - edit.span.begin, edit.bytes);
    return result;
}

} // namespace beacon

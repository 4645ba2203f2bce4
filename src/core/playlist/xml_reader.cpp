#include "core/playlist/xml_reader.h"

#include "core/path_rules.h"
#include "core/playlist/names.h"
#include "core/playlist/playlist_parser.h"

#include <charconv>
#include <cmath>

namespace beacon::playlist {

namespace {

constexpr double min_duration_seconds = 1;
constexpr double max_duration_seconds = 3600;

} // namespace

std::string describe(const XMLElement* element) {
    std::string name = "<" + std::string(element->Name());
    if (const char* id = element->Attribute("id"))
        name += " id=" + quoted(id);
    else if (const char* lang = element->Attribute("lang"))
        name += " lang=" + quoted(lang);
    return name + ">";
}

std::string too_long(const std::string& what, const std::string& text, std::size_t limit) {
    return what + " is " + std::to_string(text.size()) + " bytes long; at most " +
           std::to_string(limit) + " are accepted (playlists/README.md, \"Limits\")";
}

void ElementReader::error(const XMLElement* element, std::string message) {
    m_out.push_back({m_source, element->GetLineNum(), std::move(message)});
    m_failed = true;
}

bool ElementReader::check_attributes(const XMLElement* element,
                                     std::initializer_list<const char*> allowed) {
    bool ok = true;
    for (auto* attribute = element->FirstAttribute(); attribute; attribute = attribute->Next()) {
        std::string_view name = attribute->Name();
        if (std::none_of(allowed.begin(), allowed.end(),
                         [&](const char* a) { return name == a; })) {
            error(element, describe(element) + " has unknown attribute " + quoted(name));
            ok = false;
        }
    }
    return ok;
}

std::optional<std::string> ElementReader::required(const XMLElement* element, const char* name) {
    std::string value = collapse_whitespace(element->Attribute(name));
    if (value.empty()) {
        error(element, describe(element) + " is missing required attribute " + quoted(name));
        return std::nullopt;
    }
    if (value.size() > max_attribute_bytes) {
        error(element, too_long("attribute " + quoted(name), value, max_attribute_bytes));
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> ElementReader::exact(const XMLElement* element, const char* name) {
    auto value = required(element, name);
    if (!value)
        return std::nullopt;
    std::string_view raw = element->Attribute(name);
    if (raw.find_first_of(" \t\r\n") != std::string_view::npos) {
        error(element, describe(element) + " " + name + " " + quoted(raw) +
                           " has white space in it; write it without spaces");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> ElementReader::id(const XMLElement* element) {
    auto id = exact(element, "id");
    if (id && !is_id(*id)) {
        error(element,
              describe(element) + " id must be letters, digits, '_', '.' or '-' (at most 64)");
        return std::nullopt;
    }
    return id;
}

std::optional<std::string> ElementReader::language(const XMLElement* element) {
    auto lang = exact(element, "lang");
    if (!lang)
        return std::nullopt;
    if (std::find(m_languages.begin(), m_languages.end(), *lang) != m_languages.end())
        return lang;
    if (std::find(m_reported_languages.begin(), m_reported_languages.end(), *lang) !=
        m_reported_languages.end())
        return std::nullopt;
    language_reported(*lang);
    // What was meant is most likely one of the playlist's own languages.
    std::optional<std::string> meant = m_catalog.suggest(*lang);
    if (!meant || std::find(m_languages.begin(), m_languages.end(), *meant) == m_languages.end())
        meant = nearest_name(*lang, m_languages);
    std::string listed;
    for (auto& code : m_languages)
        listed += (listed.empty() ? "" : " ") + code;
    error(element, describe(element) + " uses language " + quoted(*lang) +
                       ", which is not in the playlist's languages (" + listed + ")" +
                       (meant ? "; did you mean " + quoted(*meant) + "?" : ""));
    return std::nullopt;
}

std::optional<std::string> ElementReader::content_path(const XMLElement* element) {
    auto src = required(element, "src");
    if (!src)
        return std::nullopt;
    if (auto problem = content_path_problem(*src)) {
        error(element, describe(element) + " src " + quoted(*src) + " " + *problem);
        return std::nullopt;
    }
    return src;
}

std::optional<Milliseconds> ElementReader::duration(const XMLElement* element) {
    auto text = required(element, "duration");
    if (!text)
        return std::nullopt;
    // The XSD's lexical form: digits, then maybe '.' and digits. from_chars
    // alone would also take "1e3" and "5.".
    auto point = text->find('.');
    auto is_digits = [](std::string_view part) {
        return !part.empty() &&
               std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    bool xsd_form =
        is_digits(std::string_view(*text).substr(0, point)) &&
        (point == std::string::npos || is_digits(std::string_view(*text).substr(point + 1)));
    double seconds = 0;
    auto [end, problem] = std::from_chars(text->data(), text->data() + text->size(), seconds);
    if (!xsd_form || problem != std::errc() || end != text->data() + text->size() ||
        !std::isfinite(seconds) || seconds < min_duration_seconds ||
        seconds > max_duration_seconds) {
        error(element, describe(element) + " has bad duration " + quoted(*text) +
                           ": expected seconds from 1 to 3600");
        return std::nullopt;
    }
    return Milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

std::optional<std::string> ElementReader::text_child(const XMLElement* element) {
    check_attributes(element, {});
    std::string const name = element->Name();
    if (auto* child = element->FirstChildElement()) {
        error(child, "<" + name + "> may hold only text, not <" + child->Name() + ">");
        return std::nullopt;
    }
    std::string text = collapse_whitespace(element->GetText());
    if (text.empty()) {
        error(element, "<" + name + "> is empty");
        return std::nullopt;
    }
    std::size_t const limit = name == "point" ? max_paragraph_bytes : max_label_bytes;
    if (text.size() > limit) {
        error(element, too_long("<" + name + ">", text, limit));
        return std::nullopt;
    }
    return text;
}

ElementReader::TextChild
ElementReader::read_text_child(const XMLElement* owner, const XMLElement* child,
                               std::initializer_list<const char*> attributes,
                               std::vector<std::string>& seen, std::optional<std::string>& lang) {
    if (std::string_view(child->Name()) != "text") {
        unknown_element(child, describe(owner), {"text"}, "; expected <text>");
        return TextChild::NotText;
    }
    check_attributes(child, attributes);
    lang = language(child);
    if (!lang)
        return TextChild::BadLanguage;
    if (std::find(seen.begin(), seen.end(), *lang) != seen.end()) {
        error(child, describe(owner) + " has two texts for language " + quoted(*lang));
        return TextChild::Repeated;
    }
    seen.push_back(*lang);
    return TextChild::Visit;
}

void ElementReader::check_languages_complete(const XMLElement* owner,
                                             const std::vector<std::string>& seen,
                                             std::size_t bad_languages) {
    std::vector<std::string> missing;
    for (auto& lang : m_languages)
        if (std::find(seen.begin(), seen.end(), lang) == seen.end())
            missing.push_back(lang);
    // A text in a wrong language is the missing one, misnamed: that was
    // reported already.
    if (missing.size() <= bad_languages)
        return;
    for (auto& lang : missing)
        error(owner, describe(owner) + " has no text for language " + quoted(lang));
}

void ElementReader::unknown_element(const XMLElement* child, const std::string& where,
                                    std::initializer_list<std::string_view> expected,
                                    const std::string& otherwise) {
    std::string const name = child->Name();
    auto meant = nearest_name(name, expected);
    error(child, "unknown element <" + name + "> in " + where +
                     (meant ? "; did you mean <" + *meant + ">?" : otherwise));
}

} // namespace beacon::playlist

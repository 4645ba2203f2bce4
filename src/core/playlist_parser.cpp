#include "core/playlist_parser.h"
#include "core/xml_input.h"

#include <tinyxml2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

namespace beacon {

std::string Diagnostic::to_string() const {
    return source + ":" + std::to_string(line) + ": error: " + message;
}

namespace {

using tinyxml2::XMLElement;

constexpr double min_duration_seconds = 1;
constexpr double max_duration_seconds = 3600;
constexpr std::size_t max_points = 6;
constexpr std::size_t max_id_length = 64;

// Collects diagnostics for one source, so each check is one line.
class Reporter {
  public:
    Reporter(const std::string& source, Diagnostics& out) : m_source(source), m_out(out) {}
    void error(int line, std::string message) {
        m_out.push_back({m_source, line, std::move(message)});
    }
    void error(const XMLElement* element, std::string message) {
        error(element->GetLineNum(), std::move(message));
    }

  private:
    const std::string& m_source;
    Diagnostics& m_out;
};

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// Texts are bounded where they are read: an unbounded headline passed
// validate and then froze the loop when a tap laid it out.
std::string too_long(const std::string& what, const std::string& text, std::size_t limit) {
    return what + " is " + std::to_string(text.size()) + " bytes long; at most " +
           std::to_string(limit) + " are accepted (playlists/README.md, \"Limits\")";
}

std::string describe(const XMLElement* element) {
    std::string name = "<" + std::string(element->Name());
    if (const char* id = element->Attribute("id"))
        name += " id=" + quoted(id);
    else if (const char* lang = element->Attribute("lang"))
        name += " lang=" + quoted(lang);
    return name + ">";
}

// Administrators indent their XML; text content is compared and drawn with
// runs of white space collapsed to one space and the ends trimmed.
bool is_xml_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Whole words are appended at once: a 10,000-item playlist holds megabytes
// of fact-sheet text, and growing the string a character at a time showed
// in `beacon validate`'s profile.
std::string collapse_whitespace(const char* raw) {
    std::string out;
    if (!raw)
        return out;
    // Most texts are already collapsed (a <point> written on one line), and
    // are copied whole. strpbrk() and strstr() prove it a vector at a time:
    // a loop over the characters was 7% of `beacon validate`'s main thread.
    std::string_view const text(raw);
    if (text.empty() || (!is_xml_space(text.front()) && !is_xml_space(text.back()) &&
                         !std::strpbrk(raw, "\t\n\r") && !std::strstr(raw, "  ")))
        return std::string(text);
    const char* p = raw;
    while (is_xml_space(*p))
        ++p;
    out.reserve(std::strlen(p));
    while (*p) {
        const char* word = p;
        while (*p && !is_xml_space(*p))
            ++p;
        out.append(word, p);
        while (is_xml_space(*p))
            ++p;
        if (*p)
            out += ' ';
    }
    return out;
}

bool is_language_code(const std::string& code) {
    // [a-z]{2,3}(-[A-Za-z0-9]{2,8})*
    std::size_t i = 0;
    while (i < code.size() && code[i] >= 'a' && code[i] <= 'z')
        ++i;
    if (i < 2 || i > 3)
        return false;
    while (i < code.size()) {
        if (code[i] != '-')
            return false;
        std::size_t start = ++i;
        while (i < code.size() && std::isalnum(static_cast<unsigned char>(code[i])))
            ++i;
        if (i - start < 2 || i - start > 8)
            return false;
    }
    return true;
}

bool is_id(const std::string& id) {
    if (id.empty() || id.size() > max_id_length || !std::isalnum(static_cast<unsigned char>(id[0])))
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
}

std::vector<std::string> split_spaces(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text + " ") {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!word.empty())
                words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    return words;
}

class Parser {
  public:
    Parser(const std::string& source, Diagnostics& out, const FactSheetParsed& on_factsheet)
        : m_report(source, out), m_on_factsheet(on_factsheet) {}

    std::optional<Playlist> parse(const XMLElement* root);

  private:
    bool check_attributes(const XMLElement* element, std::initializer_list<const char*> allowed);
    std::optional<std::string> required(const XMLElement* element, const char* name);
    std::optional<std::string> language_attribute(const XMLElement* element);
    std::optional<std::string> content_path(const XMLElement* element);
    std::optional<Milliseconds> duration(const XMLElement* element);
    // Reports unknown or repeated languages, and every playlist language missing.
    void check_languages_complete(const XMLElement* owner, const std::vector<std::string>& seen);
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
    void parse_languages(const XMLElement* root);
    void parse_hotline(const XMLElement* element, Hotline& hotline);
    std::optional<HotlineText> parse_hotline_text(const XMLElement* element);
    std::optional<Item> parse_item(const XMLElement* element);
    std::optional<Schedule> parse_schedule_element(const XMLElement* element);
    // Parses an item's own <schedule> child into it; false on problems.
    bool parse_item_schedule(const XMLElement* element, Item& item);
    std::optional<Notice> parse_notice(const XMLElement* element);
    void parse_factsheet_body(const XMLElement* element, Item& item);
    std::optional<std::string> text_child(const XMLElement* element);
    bool fail() {
        m_failed = true;
        return false;
    }

    Reporter m_report;
    const FactSheetParsed& m_on_factsheet; // may be empty
    std::vector<std::string> m_languages;
    bool m_failed = false;
};

bool Parser::check_attributes(const XMLElement* element,
                              std::initializer_list<const char*> allowed) {
    bool ok = true;
    for (auto* attribute = element->FirstAttribute(); attribute; attribute = attribute->Next()) {
        std::string_view name = attribute->Name();
        if (std::none_of(allowed.begin(), allowed.end(),
                         [&](const char* a) { return name == a; })) {
            m_report.error(element, describe(element) + " has unknown attribute " + quoted(name));
            ok = fail();
        }
    }
    return ok;
}

std::optional<std::string> Parser::required(const XMLElement* element, const char* name) {
    std::string value = collapse_whitespace(element->Attribute(name));
    if (value.empty()) {
        m_report.error(element,
                       describe(element) + " is missing required attribute " + quoted(name));
        m_failed = true;
        return std::nullopt;
    }
    if (value.size() > max_attribute_bytes) {
        m_report.error(element, too_long("attribute " + quoted(name), value, max_attribute_bytes));
        m_failed = true;
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> Parser::language_attribute(const XMLElement* element) {
    auto lang = required(element, "lang");
    if (!lang)
        return std::nullopt;
    if (std::find(m_languages.begin(), m_languages.end(), *lang) == m_languages.end()) {
        m_report.error(element, describe(element) + " uses language " + quoted(*lang) +
                                    ", which is not in the playlist's languages");
        m_failed = true;
        return std::nullopt;
    }
    return lang;
}

std::optional<std::string> Parser::content_path(const XMLElement* element) {
    auto src = required(element, "src");
    if (!src)
        return std::nullopt;
    if (auto problem = content_path_problem(*src)) {
        m_report.error(element, describe(element) + " src " + quoted(*src) + " " + *problem);
        m_failed = true;
        return std::nullopt;
    }
    return src;
}

std::optional<Milliseconds> Parser::duration(const XMLElement* element) {
    auto text = required(element, "duration");
    if (!text)
        return std::nullopt;
    double seconds = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
    if (error != std::errc() || end != text->data() + text->size() || !std::isfinite(seconds) ||
        seconds < min_duration_seconds || seconds > max_duration_seconds) {
        m_report.error(element, describe(element) + " has bad duration " + quoted(*text) +
                                    ": expected seconds from 1 to 3600");
        m_failed = true;
        return std::nullopt;
    }
    return Milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

void Parser::check_languages_complete(const XMLElement* owner,
                                      const std::vector<std::string>& seen) {
    for (auto& lang : m_languages) {
        if (std::find(seen.begin(), seen.end(), lang) == seen.end()) {
            m_report.error(owner, describe(owner) + " has no text for language " + quoted(lang));
            m_failed = true;
        }
    }
}

std::optional<std::string> Parser::text_child(const XMLElement* element) {
    check_attributes(element, {});
    if (element->FirstChildElement()) {
        m_report.error(element->FirstChildElement(),
                       "<" + std::string(element->Name()) + "> may hold only text, not <" +
                           element->FirstChildElement()->Name() + ">");
        m_failed = true;
        return std::nullopt;
    }
    std::string text = collapse_whitespace(element->GetText());
    if (text.empty()) {
        m_report.error(element, "<" + std::string(element->Name()) + "> is empty");
        m_failed = true;
        return std::nullopt;
    }
    std::size_t const limit =
        std::string_view(element->Name()) == "point" ? max_paragraph_bytes : max_label_bytes;
    if (text.size() > limit) {
        m_report.error(element, too_long("<" + std::string(element->Name()) + ">", text, limit));
        m_failed = true;
        return std::nullopt;
    }
    return text;
}

void Parser::parse_languages(const XMLElement* root) {
    auto attribute = required(root, "languages");
    if (!attribute)
        return;
    for (auto& code : split_spaces(*attribute)) {
        if (!is_language_code(code)) {
            m_report.error(root, "<playlist> has malformed language code " + quoted(code));
            m_failed = true;
        } else if (std::find(m_languages.begin(), m_languages.end(), code) != m_languages.end()) {
            m_report.error(root, "<playlist> lists language " + quoted(code) + " twice");
            m_failed = true;
        } else {
            m_languages.push_back(code);
        }
    }
}

std::optional<Playlist> Parser::parse(const XMLElement* root) {
    if (std::string_view(root->Name()) != "playlist") {
        m_report.error(root, "the root element must be <playlist>, not <" +
                                 std::string(root->Name()) + ">");
        return std::nullopt;
    }
    check_attributes(root, {"languages"});
    parse_languages(root);

    Playlist playlist;
    playlist.languages = m_languages;
    const XMLElement* hotline = nullptr;
    std::set<std::string> ids; // items and notices share one id space
    auto is_item = [](std::string_view name) {
        return name == "video" || name == "image" || name == "factsheet";
    };
    // Duplicates are reported even when the element has other problems.
    auto is_duplicate = [&](const XMLElement* element) {
        const char* id = element->Attribute("id");
        bool duplicate = id && !ids.insert(collapse_whitespace(id)).second;
        if (duplicate) {
            m_report.error(element, "duplicate id " + quoted(collapse_whitespace(id)));
            m_failed = true;
        }
        return duplicate;
    };
    auto add_item = [&](const XMLElement* element, const std::optional<Schedule>& group_schedule) {
        bool duplicate = is_duplicate(element);
        auto item = parse_item(element);
        if (!item || duplicate)
            return;
        if (group_schedule)
            item->schedules.insert(item->schedules.begin(), *group_schedule);
        if (item->kind == ItemKind::FactSheet && m_on_factsheet)
            m_on_factsheet(*item);
        playlist.items.push_back(std::move(*item));
    };
    // A <group> gives its <schedule> to every item in it.
    auto parse_group = [&](const XMLElement* group) {
        check_attributes(group, {});
        std::optional<Schedule> schedule;
        const XMLElement* schedule_element = nullptr;
        for (auto* member = group->FirstChildElement("schedule"); member;
             member = member->NextSiblingElement("schedule")) {
            if (schedule_element) {
                m_report.error(member, "<group> has more than one <schedule>");
                m_failed = true;
                continue;
            }
            schedule_element = member;
            schedule = parse_schedule_element(member);
        }
        bool any_item = false;
        for (auto* member = group->FirstChildElement(); member;
             member = member->NextSiblingElement()) {
            std::string_view tag = member->Name();
            if (tag == "schedule")
                continue;
            if (!is_item(tag)) {
                m_report.error(member, "unknown element <" + std::string(tag) +
                                           "> in <group>; expected <schedule> or items");
                m_failed = true;
                continue;
            }
            any_item = true;
            add_item(member, schedule);
        }
        if (!any_item) {
            m_report.error(group, "<group> holds no items");
            m_failed = true;
        }
    };
    for (auto* child = root->FirstChildElement(); child; child = child->NextSiblingElement()) {
        std::string_view name = child->Name();
        if (name == "hotline") {
            if (hotline) {
                m_report.error(child,
                               "a playlist has exactly one <hotline>; the first is at line " +
                                   std::to_string(hotline->GetLineNum()));
                m_failed = true;
                continue;
            }
            hotline = child;
            parse_hotline(child, playlist.hotline);
        } else if (is_item(name)) {
            add_item(child, std::nullopt);
        } else if (name == "group") {
            parse_group(child);
        } else if (name == "notice") {
            bool duplicate = is_duplicate(child);
            if (auto notice = parse_notice(child); notice && !duplicate)
                playlist.notices.push_back(std::move(*notice));
        } else {
            m_report.error(child, "unknown element <" + std::string(name) + "> in <playlist>");
            m_failed = true;
        }
    }
    if (!hotline) {
        m_report.error(root, "<playlist> has no <hotline>");
        m_failed = true;
    }
    if (playlist.items.empty() && !m_failed) {
        m_report.error(root, "<playlist> has no items to play");
        m_failed = true;
    }
    return playlist;
}

void Parser::parse_hotline(const XMLElement* element, Hotline& hotline) {
    check_attributes(element, {"phone", "web", "qr"});
    hotline.phone = required(element, "phone").value_or("");
    hotline.web = required(element, "web").value_or("");
    hotline.qr_payload = required(element, "qr").value_or("");
    if (!hotline.phone.empty() &&
        (hotline.phone.find_first_not_of("0123456789+-() ") != std::string::npos ||
         hotline.phone.find_first_of("0123456789") == std::string::npos)) {
        m_report.error(element, "<hotline> phone " + quoted(hotline.phone) +
                                    " may hold only digits, spaces, '+', '-', '(' and ')'");
        m_failed = true;
    }
    std::vector<std::string> seen;
    for (auto* child = element->FirstChildElement(); child; child = child->NextSiblingElement()) {
        if (std::string_view(child->Name()) != "text") {
            m_report.error(child, "unknown element <" + std::string(child->Name()) +
                                      "> in <hotline>; expected <text>");
            m_failed = true;
            continue;
        }
        const char* lang = child->Attribute("lang");
        if (lang && std::find(seen.begin(), seen.end(), lang) != seen.end()) {
            m_report.error(child, "<hotline> has two texts for language " + quoted(lang));
            m_failed = true;
            continue;
        }
        // A language whose text has problems is still present: those
        // problems are reported, not a missing language on top of them.
        if (lang)
            seen.push_back(lang);
        if (auto text = parse_hotline_text(child))
            hotline.texts.push_back(std::move(*text));
    }
    check_languages_complete(element, seen);
    // Keep texts in playlist language order so the picker matches `languages`.
    order_by_language(hotline.texts);
}

std::optional<HotlineText> Parser::parse_hotline_text(const XMLElement* element) {
    check_attributes(element, {"lang", "name"});
    auto lang = language_attribute(element);
    auto name = required(element, "name");
    if (!lang || !name)
        return std::nullopt;
    HotlineText text;
    text.lang = *lang;
    text.line = element->GetLineNum();
    text.name = *name;
    struct Field {
        const char* tag;
        std::string* target;
        bool found = false;
    };
    std::string sms;
    Field fields[] = {{"headline", &text.headline},
                      {"call", &text.call},
                      {"sms", &sms},
                      {"interpreters", &text.interpreters},
                      {"web-label", &text.web_label},
                      {"scan", &text.scan},
                      {"close", &text.close}};
    bool ok = true;
    for (auto* child = element->FirstChildElement(); child; child = child->NextSiblingElement()) {
        auto field = std::find_if(std::begin(fields), std::end(fields), [&](auto& f) {
            return std::string_view(child->Name()) == f.tag;
        });
        if (field == std::end(fields)) {
            m_report.error(child, "unknown element <" + std::string(child->Name()) + "> in " +
                                      describe(element));
            ok = fail();
            continue;
        }
        if (field->found) {
            m_report.error(child, describe(element) + " has more than one <" +
                                      std::string(field->tag) + ">");
            ok = fail();
            continue;
        }
        field->found = true;
        if (auto value = text_child(child))
            *field->target = *value;
        else
            ok = false;
    }
    for (auto& field : fields) {
        bool optional =
            std::string_view(field.tag) == "sms" || std::string_view(field.tag) == "interpreters";
        if (!field.found && !optional) {
            m_report.error(element, describe(element) + " has no <" + field.tag + ">");
            ok = fail();
        }
    }
    bool has_sms = fields[2].found, has_interpreters = fields[3].found;
    if (has_sms == has_interpreters) {
        m_report.error(element, describe(element) +
                                    " needs exactly one of <sms> (where the text line serves "
                                    "this language) or <interpreters> (everywhere else)");
        ok = fail();
    }
    if (has_sms)
        text.text = sms;
    if (!ok)
        return std::nullopt;
    return text;
}

std::optional<Item> Parser::parse_item(const XMLElement* element) {
    std::string_view name = element->Name();
    Item item;
    item.line = element->GetLineNum();
    auto id = required(element, "id");
    if (id && !is_id(*id)) {
        m_report.error(element, describe(element) +
                                    " id must be letters, digits, '_', '.' or '-' (at most 64)");
        m_failed = true;
        id.reset();
    }
    bool ok = id.has_value();
    if (name == "video") {
        item.kind = ItemKind::Video;
        check_attributes(element, {"id", "src"});
        auto src = content_path(element);
        ok = ok && src;
        item.src = src.value_or("");
        for (auto* child = element->FirstChildElement(); child;
             child = child->NextSiblingElement()) {
            if (std::string_view(child->Name()) == "schedule") {
                ok = parse_item_schedule(child, item) && ok;
                continue;
            }
            if (std::string_view(child->Name()) != "caption") {
                m_report.error(child, "unknown element <" + std::string(child->Name()) + "> in " +
                                          describe(element));
                ok = fail();
                continue;
            }
            check_attributes(child, {"lang", "src"});
            auto lang = language_attribute(child);
            auto caption = content_path(child);
            if (!lang || !caption) {
                ok = false;
                continue;
            }
            if (!item.captions.emplace(*lang, Item::Caption{*caption, child->GetLineNum()})
                     .second) {
                m_report.error(child, describe(element) + " has two captions for language " +
                                          quoted(*lang));
                ok = fail();
            }
        }
    } else if (name == "image") {
        item.kind = ItemKind::Image;
        check_attributes(element, {"id", "src", "duration"});
        auto src = content_path(element);
        auto time = duration(element);
        ok = ok && src && time;
        item.src = src.value_or("");
        item.duration = time.value_or(Milliseconds(0));
        for (auto* child = element->FirstChildElement(); child;
             child = child->NextSiblingElement()) {
            if (std::string_view(child->Name()) == "schedule") {
                ok = parse_item_schedule(child, item) && ok;
                continue;
            }
            m_report.error(child, describe(element) + " may not contain <" +
                                      std::string(child->Name()) + ">");
            ok = fail();
            break;
        }
    } else {
        item.kind = ItemKind::FactSheet;
        check_attributes(element, {"id", "duration"});
        auto time = duration(element);
        ok = ok && time;
        item.duration = time.value_or(Milliseconds(0));
        std::size_t before = item.texts.size();
        parse_factsheet_body(element, item);
        ok = ok && item.texts.size() - before == m_languages.size();
    }
    if (!ok)
        return std::nullopt;
    item.id = *id;
    return item;
}

void Parser::parse_factsheet_body(const XMLElement* element, Item& item) {
    std::vector<std::string> seen;
    bool all_ok = true;
    for (auto* text = element->FirstChildElement(); text; text = text->NextSiblingElement()) {
        if (std::string_view(text->Name()) == "schedule") {
            all_ok = parse_item_schedule(text, item) && all_ok;
            continue;
        }
        if (std::string_view(text->Name()) != "text") {
            m_report.error(text, "unknown element <" + std::string(text->Name()) + "> in " +
                                     describe(element) + "; expected <text>");
            m_failed = true;
            continue;
        }
        check_attributes(text, {"lang"});
        auto lang = language_attribute(text);
        if (!lang)
            continue;
        if (std::find(seen.begin(), seen.end(), *lang) != seen.end()) {
            m_report.error(text,
                           describe(element) + " has two texts for language " + quoted(*lang));
            m_failed = true;
            continue;
        }
        seen.push_back(*lang);
        FactSheetText sheet{*lang, {}, {}, text->GetLineNum()};
        int titles = 0;
        bool ok = true;
        for (auto* part = text->FirstChildElement(); part; part = part->NextSiblingElement()) {
            std::string_view tag = part->Name();
            if (tag != "title" && tag != "point") {
                m_report.error(part, "unknown element <" + std::string(tag) + "> in " +
                                         describe(element) + " text " + quoted(*lang));
                ok = fail();
                continue;
            }
            auto value = text_child(part);
            ok = ok && value;
            if (tag == "title" && ++titles == 1)
                sheet.title = std::move(value).value_or("");
            else if (tag == "point")
                sheet.points.push_back(std::move(value).value_or(""));
        }
        // Built only for a message: a 10,000-item playlist has 100,000 texts.
        auto where = [&] { return describe(element) + " text " + quoted(*lang); };
        if (titles != 1) {
            m_report.error(text,
                           where() + " needs exactly one <title>, found " + std::to_string(titles));
            ok = fail();
        }
        if (sheet.points.empty() || sheet.points.size() > max_points) {
            m_report.error(text, where() + " needs 1 to 6 <point>s, found " +
                                     std::to_string(sheet.points.size()));
            ok = fail();
        }
        if (ok)
            item.texts.push_back(std::move(sheet));
        all_ok = all_ok && ok;
    }
    check_languages_complete(element, seen);
    (void)all_ok;
    order_by_language(item.texts);
}

std::optional<Schedule> Parser::parse_schedule_element(const XMLElement* element) {
    bool ok = check_attributes(element, {"days", "hours", "dates"});
    if (auto* child = element->FirstChildElement()) {
        m_report.error(child, "<schedule> may not contain <" + std::string(child->Name()) + ">");
        ok = fail();
    }
    auto attribute = [&](const char* name) -> std::optional<std::string> {
        if (const char* value = element->Attribute(name))
            return std::string(value);
        return std::nullopt;
    };
    auto days = attribute("days"), hours = attribute("hours"), dates = attribute("dates");
    if (!days && !hours && !dates) {
        m_report.error(element, "<schedule> needs at least one of days, hours or dates");
        return std::nullopt;
    }
    auto parsed = parse_schedule(days, hours, dates);
    for (auto& problem : parsed.problems)
        m_report.error(element, problem);
    if (!parsed.problems.empty() || !ok) {
        m_failed = true;
        return std::nullopt;
    }
    return parsed.schedule;
}

bool Parser::parse_item_schedule(const XMLElement* element, Item& item) {
    if (element->PreviousSiblingElement("schedule")) {
        m_report.error(element, "an item has at most one <schedule>");
        return fail();
    }
    auto schedule = parse_schedule_element(element);
    if (schedule)
        item.schedules.push_back(std::move(*schedule));
    return schedule.has_value();
}

std::optional<Notice> Parser::parse_notice(const XMLElement* element) {
    check_attributes(element, {"id", "expires", "duration"});
    Notice notice;
    notice.line = element->GetLineNum();
    auto id = required(element, "id");
    if (id && !is_id(*id)) {
        m_report.error(element, describe(element) +
                                    " id must be letters, digits, '_', '.' or '-' (at most 64)");
        m_failed = true;
        id.reset();
    }
    bool ok = id.has_value();
    if (auto expires = required(element, "expires")) {
        if (auto when = parse_civil_date_time(*expires))
            notice.expires = *when;
        else {
            m_report.error(element, describe(element) + " has bad expires " + quoted(*expires) +
                                        ": expected local time as YYYY-MM-DDTHH:MM");
            ok = fail();
        }
    } else {
        ok = false;
    }
    if (element->Attribute("duration")) {
        auto time = duration(element);
        ok = ok && time;
        notice.duration = time.value_or(notice.duration);
    }
    std::vector<std::string> seen;
    for (auto* child = element->FirstChildElement(); child; child = child->NextSiblingElement()) {
        if (std::string_view(child->Name()) != "text") {
            m_report.error(child, "unknown element <" + std::string(child->Name()) + "> in " +
                                      describe(element) + "; expected <text>");
            ok = fail();
            continue;
        }
        check_attributes(child, {"lang"});
        auto lang = language_attribute(child);
        if (!lang) {
            ok = false;
            continue;
        }
        if (std::find(seen.begin(), seen.end(), *lang) != seen.end()) {
            m_report.error(child,
                           describe(element) + " has two texts for language " + quoted(*lang));
            ok = fail();
            continue;
        }
        seen.push_back(*lang);
        std::string text = collapse_whitespace(child->GetText());
        if (child->FirstChildElement() || text.empty()) {
            m_report.error(child, describe(element) + " text " + quoted(*lang) +
                                      " must be plain, non-empty text");
            ok = fail();
            continue;
        }
        if (text.size() > max_paragraph_bytes) {
            m_report.error(child, too_long(describe(element) + " text " + quoted(*lang), text,
                                           max_paragraph_bytes));
            ok = fail();
            continue;
        }
        notice.texts.push_back({*lang, text});
    }
    check_languages_complete(element, seen);
    if (!ok || notice.texts.size() != m_languages.size())
        return std::nullopt;
    order_by_language(notice.texts);
    notice.id = *id;
    return notice;
}

// Parses what it can: on errors the playlist holds the items that parsed
// cleanly, so media checks can still report on them.
ParsedPlaylist parse_partial(std::string_view text, const std::string& source,
                             const FactSheetParsed& on_factsheet,
                             XmlAfterLoad xml_after = XmlAfterLoad::Free) {
    ParsedPlaylist result;
    XmlInput input = load_xml(text, source, max_playlist_bytes);
    if (xml_after == XmlAfterLoad::HandOver)
        result.xml = input.document;
    if (!input.ok()) {
        result.diagnostics.push_back(*input.error);
        return result;
    }
    Parser parser(source, result.diagnostics, on_factsheet);
    result.playlist = parser.parse(input.root);
    if (result.playlist)
        result.playlist->source = source;
    return result;
}

} // namespace

ParsedPlaylist parse_playlist(std::string_view text, const std::string& source) {
    ParsedPlaylist result = parse_partial(text, source, {});
    if (!result.diagnostics.empty())
        result.playlist.reset();
    return result;
}

void check_media(const Playlist& playlist, const ContentRoot& root, Diagnostics& diagnostics) {
    // Large playlists name the same few files many times; each is asked once.
    std::map<std::string, PathStatus> known;
    auto status_of = [&](const std::string& src) {
        auto [at, fresh] = known.try_emplace(src, PathStatus::Ok);
        if (fresh)
            at->second = root.check(src);
        return at->second;
    };
    // What each file really is, by its first bytes (core/media_signature.h):
    // a video named .mp4 may be a playlist or an EDL file naming others.
    std::map<std::pair<std::string, MediaUse>, std::optional<std::string>> formats;
    auto format_of = [&](const std::string& src, MediaUse use) {
        auto [at, fresh] = formats.try_emplace({src, use});
        if (fresh)
            at->second = root.format_problem(src, use);
        return at->second;
    };
    auto check = [&](const std::string& what, const std::string& src, int line, MediaUse use) {
        switch (status_of(src)) {
        case PathStatus::Ok:
            if (auto problem = format_of(src, use))
                diagnostics.push_back(
                    {playlist.source, line, what + " " + quoted(src) + " is refused: " + *problem});
            return;
        case PathStatus::Missing:
            diagnostics.push_back(
                {playlist.source, line, what + " file " + quoted(src) + " is missing"});
            return;
        case PathStatus::NotAFile:
            diagnostics.push_back(
                {playlist.source, line, what + " " + quoted(src) + " is not a regular file"});
            return;
        case PathStatus::EscapesRoot:
            diagnostics.push_back(
                {playlist.source, line,
                 what + " " + quoted(src) + " leads outside the playlist's folder"});
            return;
        }
    };
    for (auto& item : playlist.items) {
        if (item.kind == ItemKind::FactSheet)
            continue;
        std::string what = std::string(item.kind == ItemKind::Video ? "<video" : "<image") +
                           " id=" + quoted(item.id) + ">";
        check(what + " media", item.src, item.line,
              item.kind == ItemKind::Video ? MediaUse::Video : MediaUse::Image);
        for (auto& [lang, caption] : item.captions)
            check(what + " caption " + quoted(lang), caption.src, caption.line, MediaUse::Caption);
    }
}

ParsedPlaylist load_playlist(std::string_view text, const std::string& source,
                             const ContentRoot& root, const FactSheetParsed& on_factsheet,
                             XmlAfterLoad xml_after) {
    ParsedPlaylist result = parse_partial(text, source, on_factsheet, xml_after);
    if (result.playlist)
        check_media(*result.playlist, root, result.diagnostics);
    // Report in file order, as a compiler would.
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](auto& a, auto& b) { return a.line < b.line; });
    if (!result.diagnostics.empty())
        result.playlist.reset();
    return result;
}

} // namespace beacon

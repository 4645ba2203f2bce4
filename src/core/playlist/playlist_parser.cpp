#include "core/playlist/playlist_parser.h"

#include "core/playlist/hotline_parser.h"
#include "core/playlist/item_parser.h"
#include "core/playlist/names.h"
#include "core/playlist/notice_parser.h"
#include "core/playlist/playlist_grammar.h"
#include "core/playlist/xml_reader.h"

#include <set>

namespace beacon {

namespace playlist {

namespace {

std::vector<std::string> read_languages(ElementReader& reader, const XMLElement* root) {
    std::vector<std::string> languages;
    auto attribute = reader.required(root, "languages");
    if (!attribute)
        return languages;
    for (auto& code : split_spaces(*attribute)) {
        if (!is_language_code(code) || !reader.catalog().is_known(code)) {
            // Reported here once; the texts written in it are not.
            reader.language_reported(code);
            auto meant = reader.catalog().suggest(code);
            reader.error(root, "<playlist> languages has " + quoted(code) +
                                   ", which is not a language code (BCP 47, such as \"es\" or "
                                   "\"pt-BR\")" +
                                   (meant ? "; did you mean " + quoted(*meant) + "?" : ""));
        } else if (std::find(languages.begin(), languages.end(), code) != languages.end())
            reader.error(root, "<playlist> lists language " + quoted(code) + " twice");
        else
            languages.push_back(code);
    }
    return languages;
}

// The children of <playlist>, read into one Playlist.
class PlaylistGrammar {
  public:
    PlaylistGrammar(ElementReader& reader, const ItemParsed& on_item)
        : m_reader(reader), m_on_item(on_item) {}

    std::optional<Playlist> read(const XMLElement* root);

  private:
    // Reported even when the element has other problems.
    bool is_duplicate(const XMLElement* element);
    void add_item(const XMLElement* element, const std::optional<Schedule>& group_schedule);
    // A <group> gives its <schedule> to every item in it.
    void read_group(const XMLElement* group);

    ElementReader& m_reader;
    const ItemParsed& m_on_item; // may be empty
    Playlist m_playlist;
    std::set<std::string> m_ids; // items and notices share one id space
};

bool PlaylistGrammar::is_duplicate(const XMLElement* element) {
    const char* id = element->Attribute("id");
    bool duplicate = id && !m_ids.insert(collapse_whitespace(id)).second;
    if (duplicate)
        m_reader.error(element, "duplicate id " + quoted(collapse_whitespace(id)));
    return duplicate;
}

void PlaylistGrammar::add_item(const XMLElement* element,
                               const std::optional<Schedule>& group_schedule) {
    bool duplicate = is_duplicate(element);
    auto item = read_item(m_reader, element);
    if (!item || duplicate)
        return;
    if (group_schedule)
        item->schedules.insert(item->schedules.begin(), *group_schedule);
    if (m_on_item)
        m_on_item(*item);
    m_playlist.items.push_back(std::move(*item));
}

void PlaylistGrammar::read_group(const XMLElement* group) {
    m_reader.check_attributes(group, {});
    std::optional<Schedule> schedule;
    const XMLElement* schedule_element = nullptr;
    for (auto* member = group->FirstChildElement("schedule"); member;
         member = member->NextSiblingElement("schedule")) {
        if (schedule_element) {
            m_reader.error(member, "<group> has more than one <schedule>");
            continue;
        }
        schedule_element = member;
        schedule = read_schedule(m_reader, member);
    }
    bool any_item = false;
    for (auto* member = group->FirstChildElement(); member; member = member->NextSiblingElement()) {
        std::string_view tag = member->Name();
        if (tag == "schedule")
            continue;
        if (!is_item(tag)) {
            m_reader.unknown_element(member, "<group>", {"schedule", "video", "image", "factsheet"},
                                     "; expected <schedule> or items");
            continue;
        }
        any_item = true;
        add_item(member, schedule);
    }
    if (!any_item)
        m_reader.error(group, "<group> holds no items");
}

std::optional<Playlist> PlaylistGrammar::read(const XMLElement* root) {
    if (std::string_view(root->Name()) != "playlist") {
        m_reader.error(root, "the root element must be <playlist>, not <" +
                                 std::string(root->Name()) + ">");
        return std::nullopt;
    }
    m_reader.check_attributes(root, {"languages", "display-hours"});
    m_reader.set_languages(read_languages(m_reader, root));
    if (const char* text = root->Attribute("display-hours")) {
        auto parsed = parse_display_hours(text);
        for (auto& problem : parsed.problems)
            m_reader.error(root, "<playlist> " + problem);
        m_playlist.display_hours = std::move(parsed.hours);
    }
    m_playlist.languages = m_reader.languages();
    const XMLElement* hotline = nullptr;
    for (auto* child = root->FirstChildElement(); child; child = child->NextSiblingElement()) {
        std::string_view name = child->Name();
        if (name == "hotline") {
            if (hotline) {
                m_reader.error(child,
                               "a playlist has exactly one <hotline>; the first is at line " +
                                   std::to_string(hotline->GetLineNum()));
                continue;
            }
            hotline = child;
            read_hotline(m_reader, child, m_playlist.hotline);
        } else if (is_item(name)) {
            add_item(child, std::nullopt);
        } else if (name == "group") {
            read_group(child);
        } else if (name == "notice") {
            bool duplicate = is_duplicate(child);
            if (auto notice = read_notice(m_reader, child); notice && !duplicate)
                m_playlist.notices.push_back(std::move(*notice));
        } else {
            m_reader.unknown_element(child, "<playlist>",
                                     {"hotline", "video", "image", "factsheet", "group", "notice"});
        }
    }
    if (!hotline)
        m_reader.error(root, "<playlist> has no <hotline>");
    if (m_playlist.items.empty() && !m_reader.failed())
        m_reader.error(root, "<playlist> has no items to play");
    return std::move(m_playlist);
}

} // namespace

ParsedPlaylist read_playlist(std::string_view text, const std::string& source,
                             const ItemParsed& on_item, XmlDocument& xml,
                             const LanguageCatalog& languages) {
    ParsedPlaylist result;
    XmlInput input = load_xml(text, source, max_playlist_bytes);
    xml = std::move(input.document);
    if (!input.ok()) {
        result.diagnostics.push_back(*input.error);
        return result;
    }
    ElementReader reader(source, result.diagnostics, languages);
    result.playlist = PlaylistGrammar(reader, on_item).read(input.root);
    if (result.playlist)
        result.playlist->source = source;
    return result;
}

} // namespace playlist

ParsedPlaylist parse_playlist(std::string_view text, const std::string& source,
                              const LanguageCatalog& languages) {
    XmlDocument xml;
    ParsedPlaylist result = playlist::read_playlist(text, source, {}, xml, languages);
    if (!result.diagnostics.empty())
        result.playlist.reset();
    return result;
}

} // namespace beacon

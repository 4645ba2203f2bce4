#include "core/playlist/notice_parser.h"

#include "core/playlist/names.h"
#include "core/playlist/playlist_parser.h"

namespace beacon::playlist {

namespace {

// One language's words: plain text, bounded as a paragraph.
std::optional<std::string> read_notice_text(ElementReader& reader, const XMLElement* owner,
                                            const XMLElement* child, const std::string& lang) {
    std::string text = collapse_whitespace(child->GetText());
    if (child->FirstChildElement() || text.empty()) {
        reader.error(child,
                     describe(owner) + " text " + quoted(lang) + " must be plain, non-empty text");
        return std::nullopt;
    }
    if (text.size() > max_paragraph_bytes) {
        reader.error(
            child, too_long(describe(owner) + " text " + quoted(lang), text, max_paragraph_bytes));
        return std::nullopt;
    }
    return text;
}

} // namespace

std::optional<Notice> read_notice(ElementReader& reader, const XMLElement* element) {
    reader.check_attributes(element, {"id", "expires", "duration"});
    Notice notice;
    notice.line = element->GetLineNum();
    auto id = reader.id(element);
    bool ok = id.has_value();
    if (auto expires = reader.required(element, "expires")) {
        // The XSD's form exactly: 'T' between date and time, never a space,
        // and nothing around it.
        bool xsd_form = *expires == element->Attribute("expires") && expires->size() > 10 &&
                        (*expires)[10] == 'T';
        auto when = xsd_form ? parse_civil_date_time(*expires) : std::nullopt;
        if (when) {
            notice.expires = *when;
        } else {
            reader.error(element, describe(element) + " has bad expires " + quoted(*expires) +
                                      ": expected local time as YYYY-MM-DDTHH:MM");
            ok = false;
        }
    } else {
        ok = false;
    }
    if (element->Attribute("duration")) {
        auto time = reader.duration(element);
        ok = ok && time;
        notice.duration = time.value_or(notice.duration);
    }
    bool const texts_ok = reader.for_each_language_text(
        element, {"lang"}, [&](const XMLElement* child, const std::optional<std::string>& lang) {
            if (!lang)
                return;
            if (auto text = read_notice_text(reader, element, child, *lang))
                notice.texts.push_back({*lang, std::move(*text)});
            else
                ok = false;
        });
    if (!ok || !texts_ok || notice.texts.size() != reader.languages().size())
        return std::nullopt;
    reader.order_by_language(notice.texts);
    notice.id = *id;
    return notice;
}

} // namespace beacon::playlist

#include "core/playlist/hotline_parser.h"

#include "core/playlist/names.h"

#include <algorithm>

namespace beacon::playlist {

namespace {

std::optional<HotlineText> read_hotline_text(ElementReader& reader, const XMLElement* element,
                                             const std::optional<std::string>& lang) {
    auto name = reader.required(element, "name");
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
                      {"close", &text.close},
                      {"listen", &text.listen},
                      {"discreet", &text.discreet},
                      {"who-answers", &text.who_answers},
                      {"scan-tel", &text.scan_tel},
                      {"scan-sms", &text.scan_sms}};
    bool ok = true;
    for (auto* child = element->FirstChildElement(); child; child = child->NextSiblingElement()) {
        auto field = std::find_if(std::begin(fields), std::end(fields), [&](auto& f) {
            return std::string_view(child->Name()) == f.tag;
        });
        if (field == std::end(fields)) {
            reader.unknown_element(child, describe(element),
                                   {"headline", "call", "sms", "interpreters", "web-label", "scan",
                                    "close", "listen", "discreet", "who-answers", "scan-tel",
                                    "scan-sms"});
            ok = false;
            continue;
        }
        if (field->found) {
            reader.error(child, describe(element) + " has more than one <" +
                                    std::string(field->tag) + ">");
            ok = false;
            continue;
        }
        field->found = true;
        if (auto value = reader.text_child(child))
            *field->target = *value;
        else
            ok = false;
    }
    for (auto& field : fields) {
        // The words of the discreet style, the tel: and sms: captions and
        // who answers came later: a playlist without them still plays, and
        // `beacon validate` says what its choices need (content_check.h).
        static constexpr std::string_view optional_tags[] = {
            "sms", "interpreters", "discreet", "who-answers", "scan-tel", "scan-sms", "listen"};
        bool optional = std::find(std::begin(optional_tags), std::end(optional_tags),
                                  std::string_view(field.tag)) != std::end(optional_tags);
        if (!field.found && !optional) {
            reader.error(element, describe(element) + " has no <" + field.tag + ">");
            ok = false;
        }
    }
    bool has_sms = fields[2].found, has_interpreters = fields[3].found;
    if (has_sms == has_interpreters) {
        reader.error(element, describe(element) +
                                  " needs exactly one of <sms> (where the text line serves "
                                  "this language) or <interpreters> (everywhere else)");
        ok = false;
    }
    if (has_sms)
        text.text = sms;
    if (!ok)
        return std::nullopt;
    return text;
}

} // namespace

void read_hotline(ElementReader& reader, const XMLElement* element, Hotline& hotline) {
    reader.check_attributes(element, {"phone", "web", "qr", "style"});
    if (const char* style = element->Attribute("style")) {
        if (auto parsed = parse_hotline_style(style))
            hotline.style = *parsed;
        else
            reader.error(element, "<hotline> style " + quoted(style) +
                                      " must be \"standard\" or \"discreet\"");
    }
    hotline.phone = reader.required(element, "phone").value_or("");
    hotline.web = reader.required(element, "web").value_or("");
    hotline.qr_payload = reader.required(element, "qr").value_or("");
    if (!hotline.phone.empty() &&
        (hotline.phone.find_first_not_of("0123456789+-() ") != std::string::npos ||
         hotline.phone.find_first_of("0123456789") == std::string::npos)) {
        reader.error(element, "<hotline> phone " + quoted(hotline.phone) +
                                  " may hold only digits, spaces, '+', '-', '(' and ')'");
    }
    reader.for_each_language_text(element, {"lang", "name"},
                                  [&](const XMLElement* child, const auto& lang) {
                                      if (auto text = read_hotline_text(reader, child, lang))
                                          hotline.texts.push_back(std::move(*text));
                                  });
    // The picker lists languages in the order of <playlist languages>.
    reader.order_by_language(hotline.texts);
}

} // namespace beacon::playlist

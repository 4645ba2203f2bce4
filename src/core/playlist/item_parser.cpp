#include "core/playlist/item_parser.h"

#include "core/playlist/names.h"
#include "core/sound.h"

#include <charconv>
#include <string_view>

namespace beacon::playlist {

namespace {

constexpr std::size_t max_points = 6;

std::string format_db(double db) {
    std::string text = std::to_string(static_cast<int>(db));
    return db > 0 ? "+" + text : text;
}

// An item's own <schedule> child, added to it; false on problems.
bool read_item_schedule(ElementReader& reader, const XMLElement* element, Item& item) {
    if (element->PreviousSiblingElement("schedule")) {
        reader.error(element, "an item has at most one <schedule>");
        return false;
    }
    auto schedule = read_schedule(reader, element);
    if (schedule)
        item.schedules.push_back(std::move(*schedule));
    return schedule.has_value();
}

bool is_schedule(const XMLElement* element) {
    return std::string_view(element->Name()) == "schedule";
}

// audio="on|off" and gain="DB" (issue 24): whether this video is heard
// whatever the configuration says, and how much louder or quieter than the
// configured volume. Both optional; a bad value is an error, not a guess.
bool read_sound(ElementReader& reader, const XMLElement* element, Item& item) {
    bool ok = true;
    if (element->Attribute("audio")) {
        auto audio = reader.exact(element, "audio");
        if (audio && (*audio == "on" || *audio == "off")) {
            item.audio = *audio == "on";
        } else {
            if (audio)
                reader.error(element, describe(element) + " has audio=" + quoted(*audio) +
                                          ": expected \"on\" or \"off\"");
            ok = false;
        }
    }
    if (element->Attribute("gain")) {
        auto gain = reader.exact(element, "gain");
        if (!gain)
            return false;
        // The XSD's decimal: an optional sign, digits, maybe '.' and digits.
        std::string_view digits = *gain;
        if (digits.starts_with('+') || digits.starts_with('-'))
            digits.remove_prefix(1);
        auto point = digits.find('.');
        auto all_digits = [](std::string_view part) {
            return !part.empty() && part.find_first_not_of("0123456789") == part.npos;
        };
        bool parsed = all_digits(digits.substr(0, point)) &&
                      (point == digits.npos || all_digits(digits.substr(point + 1)));
        double db = 0;
        if (parsed) {
            auto [end, problem] = std::from_chars(digits.data(), digits.data() + digits.size(), db);
            parsed = problem == std::errc() && end == digits.data() + digits.size();
            if (gain->front() == '-')
                db = -db;
        }
        if (!parsed || db < min_gain_db || db > max_gain_db) {
            reader.error(element, describe(element) + " has gain=" + quoted(*gain) +
                                      ": expected decibels from " + format_db(min_gain_db) +
                                      " to " + format_db(max_gain_db) + ", such as \"-6\"");
            return false;
        }
        item.gain_db = db;
    }
    return ok;
}

bool read_video(ElementReader& reader, const XMLElement* element, Item& item) {
    item.kind = ItemKind::Video;
    reader.check_attributes(element, {"id", "src", "neutral", "audio", "gain"});
    auto src = reader.content_path(element);
    bool ok = read_sound(reader, element, item) && src.has_value();
    item.src = src.value_or("");
    for (auto* child = element->FirstChildElement(); child; child = child->NextSiblingElement()) {
        if (is_schedule(child)) {
            ok = read_item_schedule(reader, child, item) && ok;
            continue;
        }
        if (std::string_view(child->Name()) != "caption") {
            reader.unknown_element(child, describe(element), {"caption", "schedule"});
            ok = false;
            continue;
        }
        reader.check_attributes(child, {"lang", "src"});
        auto lang = reader.language(child);
        auto caption = reader.content_path(child);
        if (!lang || !caption) {
            ok = false;
            continue;
        }
        if (!item.captions.emplace(*lang, Item::Caption{*caption, child->GetLineNum()}).second) {
            reader.error(child,
                         describe(element) + " has two captions for language " + quoted(*lang));
            ok = false;
        }
    }
    return ok;
}

bool read_image(ElementReader& reader, const XMLElement* element, Item& item) {
    item.kind = ItemKind::Image;
    reader.check_attributes(element, {"id", "src", "duration", "neutral"});
    auto src = reader.content_path(element);
    auto time = reader.duration(element);
    bool ok = src && time;
    item.src = src.value_or("");
    item.duration = time.value_or(Milliseconds(0));
    for (auto* child = element->FirstChildElement(); child; child = child->NextSiblingElement()) {
        if (is_schedule(child)) {
            ok = read_item_schedule(reader, child, item) && ok;
            continue;
        }
        reader.error(child,
                     describe(element) + " may not contain <" + std::string(child->Name()) + ">");
        return false;
    }
    return ok;
}

// One language's <text> of a fact sheet: one <title>, 1 to 6 <point>s.
std::optional<FactSheetText> read_factsheet_text(ElementReader& reader, const XMLElement* owner,
                                                 const XMLElement* text, const std::string& lang) {
    FactSheetText sheet{lang, {}, {}, text->GetLineNum()};
    int titles = 0;
    bool ok = true;
    for (auto* part = text->FirstChildElement(); part; part = part->NextSiblingElement()) {
        std::string_view tag = part->Name();
        if (tag != "title" && tag != "point") {
            reader.unknown_element(part, describe(owner) + " text " + quoted(lang),
                                   {"title", "point"});
            ok = false;
            continue;
        }
        auto value = reader.text_child(part);
        ok = ok && value;
        if (tag == "title" && ++titles == 1)
            sheet.title = std::move(value).value_or("");
        else if (tag == "point")
            sheet.points.push_back(std::move(value).value_or(""));
    }
    // Built only for a message: a 10,000-item playlist has 100,000 texts.
    auto where = [&] { return describe(owner) + " text " + quoted(lang); };
    if (titles != 1) {
        reader.error(text, where() + " needs exactly one <title>, found " + std::to_string(titles));
        ok = false;
    }
    if (sheet.points.empty() || sheet.points.size() > max_points) {
        reader.error(text, where() + " needs 1 to 6 <point>s, found " +
                               std::to_string(sheet.points.size()));
        ok = false;
    }
    if (!ok)
        return std::nullopt;
    return sheet;
}

bool read_factsheet(ElementReader& reader, const XMLElement* element, Item& item) {
    item.kind = ItemKind::FactSheet;
    reader.check_attributes(element, {"id", "duration", "neutral"});
    auto time = reader.duration(element);
    item.duration = time.value_or(Milliseconds(0));
    reader.for_each_language_text(
        element, {"lang"},
        [&](const XMLElement* text, const std::optional<std::string>& lang) {
            if (!lang)
                return;
            if (auto sheet = read_factsheet_text(reader, element, text, *lang))
                item.texts.push_back(std::move(*sheet));
        },
        [&](const XMLElement* child) {
            if (!is_schedule(child))
                return false;
            read_item_schedule(reader, child, item);
            return true;
        });
    reader.order_by_language(item.texts);
    // Complete when every language's text parsed.
    return time && item.texts.size() == reader.languages().size();
}

} // namespace

bool is_item(std::string_view element_name) {
    return element_name == "video" || element_name == "image" || element_name == "factsheet";
}

std::optional<Item> read_item(ElementReader& reader, const XMLElement* element) {
    std::string_view name = element->Name();
    Item item;
    item.line = element->GetLineNum();
    auto id = reader.id(element);
    // neutral="yes": nothing in it hints at the hotline, so closing the
    // hotline screen may jump straight to it (a clinic's hours, a picture).
    bool neutral_ok = true;
    if (const char* neutral = element->Attribute("neutral")) {
        std::string_view value = neutral;
        if (value == "yes" || value == "no") {
            item.neutral = value == "yes";
        } else {
            reader.error(element, describe(element) + " neutral " + quoted(value) +
                                      " must be \"yes\" or \"no\"");
            neutral_ok = false;
        }
    }
    bool ok = false;
    if (name == "video")
        ok = read_video(reader, element, item);
    else if (name == "image")
        ok = read_image(reader, element, item);
    else
        ok = read_factsheet(reader, element, item);
    if (!ok || !id || !neutral_ok)
        return std::nullopt;
    item.id = *id;
    return item;
}

std::optional<Schedule> read_schedule(ElementReader& reader, const XMLElement* element) {
    bool ok = reader.check_attributes(element, {"days", "hours", "dates"});
    if (auto* child = element->FirstChildElement()) {
        reader.error(child, "<schedule> may not contain <" + std::string(child->Name()) + ">");
        ok = false;
    }
    auto attribute = [&](const char* name) -> std::optional<std::string> {
        if (const char* value = element->Attribute(name))
            return std::string(value);
        return std::nullopt;
    };
    auto days = attribute("days"), hours = attribute("hours"), dates = attribute("dates");
    if (!days && !hours && !dates) {
        reader.error(element, "<schedule> needs at least one of days, hours or dates");
        return std::nullopt;
    }
    auto parsed = parse_schedule(days, hours, dates);
    for (auto& problem : parsed.problems)
        reader.error(element, problem);
    if (!parsed.problems.empty() || !ok)
        return std::nullopt;
    return parsed.schedule;
}

} // namespace beacon::playlist

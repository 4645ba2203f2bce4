#pragma once

// The playlist model: what an administrator's XML becomes once parsed.
// Invariant: a Playlist handed out by parse_playlist() has passed every check
// that needs no filesystem (ids unique, languages complete, durations sane,
// paths relative and inside the playlist's folder).

#include "core/display_hours.h"
#include "core/schedule.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon {

using Milliseconds = std::chrono::milliseconds;

enum class ItemKind { Video, Image, FactSheet };

// One language's version of a fact sheet.
struct FactSheetText {
    std::string lang;
    std::string title;
    std::vector<std::string> points;
    int line = 0; // of its <text> element, for diagnostics
};

// Whether two fact-sheet texts say the same thing: the same language, title
// and points, wherever they were found. A text's typography verdict depends
// on these alone, so a playlist that repeats a text under many ids has it
// checked once.
bool same_words(const FactSheetText& a, const FactSheetText& b);
// A hash of the same parts: equal for texts with the same words.
std::size_t words_hash(const FactSheetText& text);

struct Item {
    ItemKind kind = ItemKind::FactSheet;
    std::string id;
    int line = 0; // line of the element in its source, for diagnostics
    // Video and Image: path relative to the playlist's folder ('/' separated).
    std::string src;
    // Video: caption file per language code, relative like src.
    struct Caption {
        std::string src;
        int line = 0;
    };
    std::map<std::string, Caption> captions;
    // Image: how long it shows. FactSheet: how long each language shows.
    // Video: unused (a video plays until it ends).
    Milliseconds duration{0};
    // FactSheet: one entry per playlist language, in playlist language order.
    std::vector<FactSheetText> texts;
    // When it may play: its own <schedule> and its <group>'s; all must allow
    // it. Empty for an unscheduled item (see KioskMachine for how they mix).
    std::vector<Schedule> schedules;
    // neutral="yes": shows nothing about the hotline, so closing the hotline
    // screen jumps straight to it (KioskMachine).
    bool neutral = false;
    // Video: audio="on|off", overriding the configuration's `audio`; unset:
    // the configuration decides. gain="" in dB (core/sound.h's range).
    std::optional<bool> audio;
    double gain_db = 0;

    const FactSheetText* text_for(const std::string& lang) const;
    bool scheduled() const { return !schedules.empty(); }
};

// A time-limited message ("Shelter full tonight: call ..."): a banner over the
// loop and, every few items, a screen of its own, until it expires.
struct Notice {
    struct Text {
        std::string lang;
        std::string text;
    };
    std::string id;
    int line = 0;
    CivilDateTime expires;         // local civil time; shown while now < expires
    Milliseconds duration{10'000}; // how long its own screen shows
    std::vector<Text> texts;       // one per playlist language, in that order

    const Text* text_for(const std::string& lang) const;
    // Only with a trusted clock: a stale notice must not linger.
    bool active_at(const LocalTime& now) const;
};

// The hotline screen's words in one language.
struct HotlineText {
    std::string lang;
    std::string name;     // the language's name in its own script ("Español")
    std::string headline; // "You are not alone. Help is here."
    std::string call;     // line under the number ("Call free, 24/7, confidential")
    // Present only where the hotline's text service speaks this language.
    std::optional<std::string> text;
    // Shown instead of `text` elsewhere ("Call: interpreters are available").
    std::string interpreters;
    std::string web_label; // "Online:"
    std::string scan;      // caption under a web QR code: what it opens, what it leaves
    std::string close;     // the close target's label
    // The Listen button's label (speech = on). Empty: not written; the
    // button then shows its symbol alone.
    std::string listen;
    // Neutral title for the discreet style (hotline screen and loop footer):
    // "Help line: health, safety, work problems". Empty: not written.
    std::string discreet;
    // Who answers: confidential, not law enforcement, not immigration.
    // Empty: not written (`beacon validate` reports it).
    std::string who_answers;
    // Captions under a tel: or sms: QR code: what a scan does, and what it
    // leaves on the phone. Empty: not written.
    std::string scan_tel;
    std::string scan_sms;
    int line = 0; // of its <text> element, for diagnostics
};

// How the hotline screen and the loop footer speak. Discreet is for places
// where someone may be watched (restrooms, shelters): neutral words, the
// number first, no web address.
enum class HotlineStyle { Standard, Discreet };
// What the hotline's QR code holds: the web address, a tel: link, an sms:
// link with the text line's keyword, or no code at all.
enum class QrKind { Web, Tel, Sms, Off };

std::optional<HotlineStyle> parse_hotline_style(std::string_view text);
std::optional<QrKind> parse_qr_kind(std::string_view text);
const char* to_string(HotlineStyle style);
const char* to_string(QrKind kind);

struct Hotline {
    std::string phone;              // the number exactly as displayed, e.g. "1-888-373-7888"
    std::string web;                // "humantraffickinghotline.org"
    std::string qr_payload;         // what a web QR code encodes (the `qr` attribute)
    std::vector<HotlineText> texts; // one per playlist language, in that order
    HotlineStyle style = HotlineStyle::Standard;
    QrKind qr_kind = QrKind::Web;

    const HotlineText* text_for(const std::string& lang) const;
};

// The choices of beacon.conf (hotline-style, qr), which override the
// playlist's: the facility knows where the screen hangs.
struct HotlineChoices {
    std::optional<HotlineStyle> style;
    std::optional<QrKind> qr_kind;
};
void apply_hotline_choices(Hotline& hotline, const HotlineChoices& choices);

struct Playlist {
    std::string source;                 // name used in diagnostics, e.g. "playlists/default.xml"
    std::vector<std::string> languages; // never empty; the first is the default
    Hotline hotline;
    std::vector<Item> items;
    std::vector<Notice> notices;
    // <playlist display-hours="...">: when the screen is lit; the
    // configuration's display-hours overrides it. Unset: always on.
    std::optional<DisplayHours> display_hours;

    const Item* find(const std::string& id) const;
};

// Built-in hotline used when no playlist can be loaded at all, so the screen
// is never black. Kept in code on purpose: it must work with no files.
// The order of choice is the app's (app/fallback.h): the hotline of the last
// content that validated, then the configured country's, then the US one.
Playlist fallback_playlist(); // the US hotline

// The hotline playlist for an ISO 3166-1 alpha-2 country code ("GB"),
// for the countries whose national trafficking hotline Beacon knows;
// nullopt for any other. Numbers from shared/CONTENT-FACTS.md.
std::optional<Playlist> fallback_playlist_for(std::string_view country);
// Those codes, in order: "CA", "GB", "MX", "US".
std::vector<std::string> fallback_countries();

// A playlist with only `content`'s hotline and languages: no items, no
// notices. What the kiosk shows when its own content cannot be played.
Playlist hotline_only(const Playlist& content, std::string source);

} // namespace beacon

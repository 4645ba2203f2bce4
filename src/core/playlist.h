#pragma once

// The playlist model: what an administrator's XML becomes once parsed.
// Invariant: a Playlist handed out by parse_playlist() has passed every check
// that needs no filesystem (ids unique, languages complete, durations sane,
// paths relative and inside the playlist's folder).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace beacon {

using Milliseconds = std::chrono::milliseconds;

enum class ItemKind { Video, Image, FactSheet };

// One language's version of a fact sheet.
struct FactSheetText {
    std::string lang;
    std::string title;
    std::vector<std::string> points;
};

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

    const FactSheetText* text_for(const std::string& lang) const;
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
    std::string scan;      // caption under the QR code
    std::string close;     // the close target's label
};

struct Hotline {
    std::string phone;              // the number exactly as displayed, e.g. "1-888-373-7888"
    std::string web;                // "humantraffickinghotline.org"
    std::string qr_payload;         // what the QR code encodes
    std::vector<HotlineText> texts; // one per playlist language, in that order

    const HotlineText* text_for(const std::string& lang) const;
};

struct Playlist {
    std::string source;                 // name used in diagnostics, e.g. "playlists/default.xml"
    std::vector<std::string> languages; // never empty; the first is the default
    Hotline hotline;
    std::vector<Item> items;

    const Item* find(const std::string& id) const;
};

// Built-in hotline used when no playlist can be loaded at all, so the screen
// is never black. Kept in code on purpose: it must work with no files.
Playlist fallback_playlist();

} // namespace beacon

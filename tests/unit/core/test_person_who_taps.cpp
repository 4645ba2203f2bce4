// Issue 23, the person who taps: the discreet style's words, the QR code's
// payload, who answers, the quick exit to a neutral item, and the focus
// order of keyboard and switch access. Pure logic with a fake clock.

#include "core/hotline_check.h"
#include "core/hotline_layout.h"
#include "core/hotline_words.h"
#include "core/kiosk_machine.h"
#include "core/playlist/playlist_parser.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace beacon;
using namespace std::chrono_literals;
using Cmd = KioskCommand::Kind;
using Ev = KioskEvent::Kind;

namespace {

std::string shipped_playlist_text() {
    std::ifstream in(std::string(BEACON_SOURCE_DIR) + "/playlists/default.xml");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Playlist shipped() {
    auto parsed = parse_playlist(shipped_playlist_text(), "playlists/default.xml");
    REQUIRE(parsed.playlist);
    return *parsed.playlist;
}

bool has_message(const Diagnostics& found, const std::string& part, Severity severity) {
    for (auto& diagnostic : found)
        if (diagnostic.message.find(part) != std::string::npos && diagnostic.severity == severity)
            return true;
    return false;
}

} // namespace

TEST_CASE("the discreet style shows the neutral title and no web address", "[discreet]") {
    Playlist playlist = shipped();
    HotlineText const& en = *playlist.hotline.text_for("en");
    CHECK(hotline_title(playlist.hotline, en) == en.headline);
    CHECK(footer_line(playlist.hotline, en) == en.call);
    CHECK(shows_web(playlist.hotline));

    apply_hotline_choices(playlist.hotline, {HotlineStyle::Discreet, std::nullopt});
    CHECK(hotline_title(playlist.hotline, en) == "Help line: health, safety, work problems");
    CHECK(footer_line(playlist.hotline, en) == "Help line: health, safety, work problems");
    CHECK_FALSE(shows_web(playlist.hotline));
}

TEST_CASE("the shipped playlist passes the discreet check in all eleven languages", "[discreet]") {
    Playlist playlist = shipped();
    REQUIRE(playlist.languages.size() == 11);
    for (QrKind kind : {QrKind::Web, QrKind::Tel, QrKind::Sms, QrKind::Off}) {
        INFO(to_string(kind));
        Playlist chosen = playlist;
        apply_hotline_choices(chosen.hotline, {HotlineStyle::Discreet, kind});
        Diagnostics found;
        check_hotline_choices(chosen, found);
        for (auto& diagnostic : found) {
            INFO(diagnostic.to_string());
            // Only notes: the web code's address, and sms: falling back to
            // tel: where the text line does not serve the language.
            CHECK(diagnostic.severity == Severity::Warning);
        }
    }
    for (HotlineText const& words : playlist.hotline.texts) {
        INFO(words.lang);
        CHECK_FALSE(words.discreet.empty());
        CHECK_FALSE(words.who_answers.empty());
        CHECK_FALSE(words.scan_tel.empty());
        CHECK_FALSE(words.scan_sms.empty());
        CHECK_FALSE(revealing_word(words.discreet));
        CHECK_FALSE(revealing_word(words.who_answers));
    }
}

TEST_CASE("the discreet check refuses words that reveal the screen", "[discreet]") {
    CHECK(revealing_word("National Human Trafficking Hotline") == "traffick");
    CHECK(revealing_word("Línea contra la trata de personas") == "trata de");
    CHECK(revealing_word("Not the POLICE") == "police");
    CHECK(revealing_word("경찰이 아닙니다") == "경찰");
    CHECK_FALSE(revealing_word("Contrata a un abogado"));
    CHECK_FALSE(revealing_word("Help line: health, safety, work problems"));

    Playlist playlist = shipped();
    apply_hotline_choices(playlist.hotline, {HotlineStyle::Discreet, QrKind::Tel});
    auto& es = const_cast<HotlineText&>(*playlist.hotline.text_for("es"));
    es.discreet = "Línea contra la trata de personas";
    auto& ko = const_cast<HotlineText&>(*playlist.hotline.text_for("ko"));
    ko.discreet.clear();
    ko.who_answers.clear();
    Diagnostics found;
    check_hotline_choices(playlist, found);
    CHECK(has_message(found, "\"es\": <discreet> says \"trata de\"", Severity::Error));
    CHECK(has_message(found, "\"ko\" has no <discreet> title", Severity::Error));
    CHECK(has_message(found, "\"ko\" has no <who-answers>", Severity::Warning));
    for (auto& diagnostic : found) {
        CHECK(diagnostic.source == "playlists/default.xml");
        CHECK(diagnostic.line > 0);
    }
}

TEST_CASE("who answers is checked in the standard style too", "[who-answers]") {
    Playlist playlist = shipped();
    Diagnostics found;
    check_hotline_choices(playlist, found);
    CHECK(found.empty());
    auto& ar = const_cast<HotlineText&>(*playlist.hotline.text_for("ar"));
    ar.who_answers.clear();
    check_hotline_choices(playlist, found);
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == ar.line);
    CHECK(found[0].message.find("\"ar\" has no <who-answers>") != std::string::npos);
}

TEST_CASE("QR payloads: tel, sms with the text line's keyword, and fallbacks", "[qr]") {
    CHECK(tel_payload("1-888-373-7888") == "tel:18883737888");
    CHECK(tel_payload("+44 (0)8000 121 700") == "tel:+4408000121700");
    auto target = sms_target("Text HELP to 233733");
    REQUIRE(target);
    CHECK(target->number == "233733");
    CHECK(target->keyword == "HELP");
    target = sms_target("Envíe HELP por mensaje de texto al 233733");
    REQUIRE(target);
    CHECK(target->keyword == "HELP");
    CHECK(target->number == "233733");
    CHECK_FALSE(sms_target("Text us any time"));

    Playlist playlist = shipped();
    apply_hotline_choices(playlist.hotline, {std::nullopt, QrKind::Sms});
    QrChoice en = qr_choice(playlist.hotline, *playlist.hotline.text_for("en"));
    CHECK(en.payload == "sms:233733?body=HELP");
    CHECK(en.kind == QrKind::Sms);
    CHECK(en.caption == playlist.hotline.text_for("en")->scan_sms);
    CHECK_FALSE(en.note);
    // Korean has no text line: the code dials instead, and validate says so.
    QrChoice ko = qr_choice(playlist.hotline, *playlist.hotline.text_for("ko"));
    CHECK(ko.payload == "tel:18883737888");
    CHECK(ko.kind == QrKind::Tel);
    CHECK(ko.caption == playlist.hotline.text_for("ko")->scan_tel);
    REQUIRE(ko.note);
    CHECK(ko.note->find("does not serve \"ko\"") != std::string::npos);

    apply_hotline_choices(playlist.hotline, {std::nullopt, QrKind::Off});
    CHECK(qr_choice(playlist.hotline, *playlist.hotline.text_for("en")).payload.empty());
    apply_hotline_choices(playlist.hotline, {std::nullopt, QrKind::Web});
    CHECK(qr_choice(playlist.hotline, *playlist.hotline.text_for("en")).payload ==
          "https://humantraffickinghotline.org/");
}

TEST_CASE("the playlist's style and neutral items parse; bad values are errors", "[parser]") {
    std::string text = shipped_playlist_text();
    std::string discreet = text;
    discreet.replace(discreet.find("<hotline "), 9, "<hotline style=\"discreet\" ");
    discreet.replace(discreet.find("<image id=\"poster\""), 18,
                     "<image id=\"poster\" neutral=\"yes\"");
    auto parsed = parse_playlist(discreet, "d.xml");
    REQUIRE(parsed.playlist);
    CHECK(parsed.playlist->hotline.style == HotlineStyle::Discreet);
    CHECK(parsed.playlist->find("poster")->neutral);
    CHECK_FALSE(parsed.playlist->find("demo")->neutral);

    std::string bad = text;
    bad.replace(bad.find("<hotline "), 9, "<hotline style=\"quiet\" ");
    bad.replace(bad.find("<image id=\"poster\""), 18, "<image id=\"poster\" neutral=\"true\"");
    parsed = parse_playlist(bad, "b.xml");
    CHECK_FALSE(parsed.playlist);
    bool style = false, neutral = false;
    for (auto& d : parsed.diagnostics) {
        style = style || d.message.find("style \"quiet\" must be") != std::string::npos;
        neutral = neutral || d.message.find("neutral \"true\" must be") != std::string::npos;
    }
    CHECK(style);
    CHECK(neutral);
}

TEST_CASE("the configuration's choices override the playlist's, also for a swap", "[kiosk]") {
    Playlist playlist = shipped();
    KioskConfig config;
    config.hotline_choices = {HotlineStyle::Discreet, QrKind::Tel};
    KioskMachine machine(playlist, config);
    CHECK(machine.playlist().hotline.style == HotlineStyle::Discreet);
    CHECK(machine.playlist().hotline.qr_kind == QrKind::Tel);

    TimePoint now{};
    machine.handle({Ev::Start}, now);
    Playlist next = shipped();
    next.hotline.style = HotlineStyle::Standard;
    machine.stage_playlist(next);
    machine.handle({Ev::MediaFailed}, now); // the boundary: the staged one is adopted
    CHECK(machine.playlist().hotline.style == HotlineStyle::Discreet);
}

TEST_CASE("closing the hotline jumps at once to a neutral item", "[kiosk][quick-exit]") {
    Playlist playlist = fallback_playlist();
    auto sheet = [](const std::string& id, bool neutral) {
        Item item;
        item.kind = ItemKind::FactSheet;
        item.id = id;
        item.duration = 10s;
        item.neutral = neutral;
        return item;
    };
    playlist.items = {sheet("what-is", false), sheet("signs", false), sheet("clinic", true)};
    TimePoint now{};

    SECTION("a neutral item is marked") {
        KioskMachine machine(playlist, {});
        machine.handle({Ev::Start}, now);
        REQUIRE(machine.item_index() == 0);
        machine.handle({Ev::Tap}, now + 1s);
        REQUIRE(machine.hotline_open());
        auto out = machine.handle({Ev::CloseHotline}, now + 2s);
        CHECK_FALSE(machine.hotline_open());
        CHECK(machine.item_index() == 2);
        REQUIRE(out.size() >= 2);
        CHECK(out[0].kind == Cmd::HideHotline);
        CHECK(out[1] == KioskCommand{Cmd::ShowItem, 2, "en"});

        // On the neutral item itself, closing goes on with it.
        machine.handle({Ev::Tap}, now + 3s);
        out = machine.handle({Ev::CloseHotline}, now + 4s);
        CHECK(machine.item_index() == 2);
        CHECK(out == KioskCommands{{Cmd::HideHotline}});
    }
    SECTION("the timeout closes to the neutral item too") {
        KioskMachine machine(playlist, {});
        machine.handle({Ev::Start}, now);
        machine.handle({Ev::Tap}, now + 1s);
        machine.handle({Ev::Tick}, now + 1s + KioskConfig{}.hotline_timeout);
        CHECK_FALSE(machine.hotline_open());
        CHECK(machine.item_index() == 2);
    }
    SECTION("none marked: back to the loop as before") {
        playlist.items[2].neutral = false;
        KioskMachine machine(playlist, {});
        machine.handle({Ev::Start}, now);
        machine.handle({Ev::Tap}, now + 1s);
        auto out = machine.handle({Ev::CloseHotline}, now + 2s);
        CHECK(machine.item_index() == 0);
        CHECK(out == KioskCommands{{Cmd::HideHotline}});
    }
}

TEST_CASE("the close target is at least 64 px at 1080p and first in focus order", "[layout]") {
    for (Size screen : {Size{1920, 1080}, Size{1080, 1920}}) {
        for (Direction direction : {Direction::LeftToRight, Direction::RightToLeft}) {
            auto layout = layout_hotline(screen, 11, direction);
            CHECK(layout.close.width >= 64);
            CHECK(layout.close.height >= 64);
            // Top corner, in the reader's direction: right for English,
            // left for Arabic.
            CHECK(layout.close.y <= layout.headline.y);
            if (direction == Direction::RightToLeft)
                CHECK(layout.close.x < screen.width / 2);
            else
                CHECK(layout.close.x > screen.width / 2);
            auto order = focus_order(layout);
            REQUIRE(order.size() == 12);
            CHECK(order[0].kind == HotlineTarget::Kind::Close);
            CHECK(order[1] == HotlineTarget{HotlineTarget::Kind::Language, 0});
            CHECK(target_rect(layout, order[0]).x == layout.close.x);
        }
    }
}

TEST_CASE("the Listen button sits beside Close, as large, and comes after it in Tab order",
          "[layout][keyboard][speech]") {
    for (Size screen : {Size{1920, 1080}, Size{1080, 1920}, Size{800, 480}}) {
        for (Direction direction : {Direction::LeftToRight, Direction::RightToLeft}) {
            INFO(screen.width << "x" << screen.height);
            auto without = layout_hotline(screen, 2, direction);
            CHECK(without.listen.width == 0);
            CHECK(focus_order(without).size() == 3);
            auto layout = layout_hotline(screen, 2, direction, QrSpace::Shown, ListenButton::Shown);
            CHECK(layout.listen.width == layout.close.width);
            CHECK(layout.listen.height == layout.close.height);
            CHECK(layout.listen.height >= min_touch_target(screen));
            CHECK(layout.listen.y == layout.close.y);
            // On Close's inner side, apart from it and from the headline.
            bool const rtl = direction == Direction::RightToLeft;
            if (rtl) {
                CHECK(layout.listen.x >= layout.close.x + layout.close.width);
                CHECK(layout.headline.x >= layout.listen.x + layout.listen.width);
            } else {
                CHECK(layout.listen.x + layout.listen.width <= layout.close.x);
                CHECK(layout.headline.x + layout.headline.width <= layout.listen.x);
            }
            CHECK(layout.headline.width > 0);
            auto order = focus_order(layout);
            REQUIRE(order.size() == 4);
            CHECK(order[0].kind == HotlineTarget::Kind::Close);
            CHECK(order[1].kind == HotlineTarget::Kind::Listen);
            CHECK(target_rect(layout, order[1]).x == layout.listen.x);
            auto hit = hit_test(layout, layout.listen.x + layout.listen.width / 2,
                                layout.listen.y + layout.listen.height / 2);
            CHECK(hit.kind == HotlineHit::Kind::Listen);
            CHECK(hit_test(layout, layout.close.x + 1, layout.close.y + 1).kind ==
                  HotlineHit::Kind::Close);
        }
    }
}

TEST_CASE("the focus ring moves forwards and back and wraps", "[layout][keyboard]") {
    CHECK(moved_focus(std::nullopt, 3, FocusMove::Next) == 0u);
    CHECK(moved_focus(std::nullopt, 3, FocusMove::Previous) == 2u);
    CHECK(moved_focus(0u, 3, FocusMove::Next) == 1u);
    CHECK(moved_focus(2u, 3, FocusMove::Next) == 0u);
    CHECK(moved_focus(0u, 3, FocusMove::Previous) == 2u);
    CHECK_FALSE(moved_focus(std::nullopt, 0, FocusMove::Next));
}

TEST_CASE("with qr = off the number and its lines take the whole width", "[layout][qr]") {
    for (Size screen : {Size{1920, 1080}, Size{1280, 720}, Size{1080, 1920}}) {
        auto with = layout_hotline(screen, 11, Direction::LeftToRight);
        auto without = layout_hotline(screen, 11, Direction::LeftToRight, QrSpace::None);
        CHECK(without.qr.width == 0);
        CHECK(without.phone.width >= with.phone.width);
        // Never smaller (a pixel of rounding aside), and wider.
        CHECK(without.phone.height + 2 >= with.phone.height);
        CHECK(without.text_line.width >= with.text_line.width);
        CHECK(without.who_answers.height > 0);
        // The number stays the tallest line.
        CHECK(without.phone.height > without.call_line.height);
    }
}

// A fact sheet whose words in one language no installed font can draw is
// skipped in that language (the player reports LanguageUnavailable), and a
// loop of sheets that cannot be drawn at all ends on the hotline screen
// instead of spinning.

#include "core/kiosk_machine.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace std::chrono_literals;
using Cmd = KioskCommand::Kind;
using Ev = KioskEvent::Kind;

namespace {

Item sheet(const std::string& id) {
    Item item;
    item.kind = ItemKind::FactSheet;
    item.id = id;
    item.duration = 10s;
    return item;
}

Playlist playlist_of(std::vector<Item> items) {
    Playlist playlist = fallback_playlist();
    playlist.languages = {"en", "km", "ar"};
    playlist.items = std::move(items);
    return playlist;
}

} // namespace

TEST_CASE("an undrawable language is skipped at once", "[text][kiosk]") {
    KioskMachine machine(playlist_of({sheet("a"), sheet("b")}), {});
    TimePoint now{};
    auto out = machine.handle({Ev::Start}, now);
    REQUIRE(out.back() == KioskCommand{Cmd::ShowItem, 0, "en"});
    now += 10s;
    out = machine.handle({Ev::Tick}, now);
    REQUIRE(out.back() == KioskCommand{Cmd::ShowLanguage, 0, "km"});
    // The player finds Khmer undrawable: Arabic follows without waiting.
    out = machine.handle({Ev::LanguageUnavailable}, now + 1ms);
    REQUIRE(out.size() == 1);
    CHECK(out.back() == KioskCommand{Cmd::ShowLanguage, 0, "ar"});
    // Arabic gets its whole time.
    CHECK(machine.handle({Ev::Tick}, now + 9s).empty());
    out = machine.handle({Ev::Tick}, now + 1ms + 10s);
    CHECK(out.back() == KioskCommand{Cmd::ShowItem, 1, "en"});
}

TEST_CASE("a skipped last language moves on to the next item", "[text][kiosk]") {
    KioskMachine machine(playlist_of({sheet("a"), sheet("b")}), {});
    TimePoint now{};
    machine.handle({Ev::Start}, now);
    machine.handle({Ev::Tick}, now += 10s);
    machine.handle({Ev::Tick}, now += 10s);
    REQUIRE(machine.language() == "ar");
    auto out = machine.handle({Ev::LanguageUnavailable}, now);
    CHECK(out.back() == KioskCommand{Cmd::ShowItem, 1, "en"});
}

TEST_CASE("sheets that cannot be drawn in any language end on the hotline", "[text][kiosk]") {
    KioskMachine machine(playlist_of({sheet("a"), sheet("b")}), {});
    TimePoint now{};
    auto out = machine.handle({Ev::Start}, now);
    int steps = 0;
    // Answer every ShowItem and ShowLanguage as the player would if no
    // language of any sheet could be drawn.
    while (!out.empty() && out.back().kind != Cmd::ShowHotline && steps < 100) {
        out = machine.handle({Ev::LanguageUnavailable}, now);
        ++steps;
    }
    CHECK(steps == 6); // three languages of two sheets, each skipped once
    REQUIRE_FALSE(out.empty());
    CHECK(out.back().kind == Cmd::ShowHotline);
    CHECK(machine.screen() == Screen::Hotline);
}

TEST_CASE("LanguageUnavailable is ignored while the hotline is open", "[text][kiosk]") {
    KioskMachine machine(playlist_of({sheet("a")}), {});
    TimePoint now{};
    machine.handle({Ev::Start}, now);
    machine.handle({Ev::Tap}, now);
    REQUIRE(machine.hotline_open());
    CHECK(machine.handle({Ev::LanguageUnavailable}, now).empty());
}

// The kiosk state machine with a fake clock: time is whatever the test says.

#include "core/kiosk_machine.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace std::chrono_literals;
using Cmd = KioskCommand::Kind;
using Ev = KioskEvent::Kind;

namespace {

Item factsheet(const std::string& id, Milliseconds per_language) {
    Item item;
    item.kind = ItemKind::FactSheet;
    item.id = id;
    item.duration = per_language;
    return item;
}

Item media(ItemKind kind, const std::string& id, Milliseconds duration = 0ms) {
    Item item;
    item.kind = kind;
    item.id = id;
    item.src = id + ".file";
    item.duration = duration;
    return item;
}

Playlist playlist_of(std::vector<Item> items, std::vector<std::string> languages = {"en", "es"}) {
    Playlist playlist = fallback_playlist();
    playlist.languages = std::move(languages);
    playlist.items = std::move(items);
    return playlist;
}

struct FakeClock {
    TimePoint now{};
    void advance(Milliseconds by) { now += by; }
};

bool has(const KioskCommands& commands, Cmd kind) {
    for (auto& command : commands)
        if (command.kind == kind)
            return true;
    return false;
}

// Runs Ticks at every deadline until `until`, collecting the commands.
KioskCommands run_until(KioskMachine& machine, FakeClock& clock, TimePoint until) {
    KioskCommands all;
    while (auto deadline = machine.next_deadline()) {
        if (*deadline > until)
            break;
        clock.now = std::max(clock.now, *deadline);
        auto out = machine.handle({Ev::Tick}, clock.now);
        all.insert(all.end(), out.begin(), out.end());
    }
    clock.now = until;
    return all;
}

} // namespace

TEST_CASE("items play in order and loop forever", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({factsheet("a", 1s), factsheet("b", 2s)}, {"en"}), {});
    auto out = machine.handle({Ev::Start}, clock.now);
    REQUIRE(out == KioskCommands{{Cmd::ShowItem, 0, "en"}});
    out = run_until(machine, clock, clock.now + 1s);
    CHECK(out == KioskCommands{{Cmd::ShowItem, 1, "en"}});
    out = run_until(machine, clock, clock.now + 2s);
    CHECK(out == KioskCommands{{Cmd::ShowItem, 0, "en"}});
}

TEST_CASE("durations are respected to the millisecond", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(
        playlist_of({media(ItemKind::Image, "img", 8s), factsheet("f", 5s)}, {"en"}), {});
    machine.handle({Ev::Start}, clock.now);
    clock.advance(300ms); // the image takes 300 ms to decode
    machine.handle({Ev::MediaReady}, clock.now);
    // Its time counts from its first frame.
    CHECK(machine.handle({Ev::Tick}, clock.now + 7999ms).empty());
    CHECK(machine.handle({Ev::Tick}, clock.now + 8000ms) ==
          KioskCommands{{Cmd::ShowItem, 1, "en"}});
    clock.advance(8000ms);
    CHECK(machine.next_deadline() == clock.now + 5s);
}

TEST_CASE("late ticks do not stretch the loop: each phase is timed from the last deadline",
          "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(
        playlist_of({factsheet("a", 1s), media(ItemKind::Image, "img", 2s), factsheet("b", 1s)},
                    {"en", "es", "fr"}),
        {});
    TimePoint start = clock.now;
    machine.handle({Ev::Start}, clock.now);
    // Every tick comes 7 ms after its deadline, as a real loop's wake-up does.
    auto late_tick = [&] {
        clock.now = *machine.next_deadline() + 7ms;
        return machine.handle({Ev::Tick}, clock.now);
    };
    CHECK(late_tick() == KioskCommands{{Cmd::ShowLanguage, 0, "es"}});
    CHECK(*machine.next_deadline() == start + 2s);
    CHECK(late_tick() == KioskCommands{{Cmd::ShowLanguage, 0, "fr"}});
    CHECK(*machine.next_deadline() == start + 3s);
    // The image after the sheet is started at the sheet's planned end.
    CHECK(late_tick() == KioskCommands{{Cmd::ShowItem, 1, "en"}});
    CHECK(*machine.next_deadline() == start + 3s + KioskConfig{}.media_start_timeout);
    machine.handle({Ev::MediaReady}, clock.now); // its time runs from its first frame
    CHECK(*machine.next_deadline() == clock.now + 2s);
    TimePoint image_end = clock.now + 2s;
    CHECK(late_tick() == KioskCommands{{Cmd::ShowItem, 2, "en"}});
    CHECK(*machine.next_deadline() == image_end + 1s);
    // A tick very late (the device was suspended): timed from the tick.
    clock.now = *machine.next_deadline() + 5s;
    CHECK(machine.handle({Ev::Tick}, clock.now) == KioskCommands{{Cmd::ShowLanguage, 2, "es"}});
    CHECK(*machine.next_deadline() == clock.now + 1s);
}

TEST_CASE("a video plays until it ends, then the loop moves on", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({media(ItemKind::Video, "v"), factsheet("f", 5s)}, {"en"}),
                         {});
    machine.handle({Ev::Start}, clock.now);
    machine.handle({Ev::MediaReady}, clock.now);
    CHECK_FALSE(machine.next_deadline().has_value());
    clock.advance(90s);
    CHECK(machine.handle({Ev::Tick}, clock.now).empty());
    CHECK(machine.handle({Ev::MediaEnded}, clock.now) == KioskCommands{{Cmd::ShowItem, 1, "en"}});
}

TEST_CASE("a tap shows the hotline at once and pauses the video under it", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({media(ItemKind::Video, "v"), factsheet("f", 5s)}), {});
    machine.handle({Ev::Start}, clock.now);
    machine.handle({Ev::MediaReady}, clock.now);
    clock.advance(3s);
    auto out = machine.handle({Ev::Tap}, clock.now);
    CHECK(out == KioskCommands{{Cmd::PauseMedia}, {Cmd::ShowHotline, 0, "en"}});
    CHECK(machine.screen() == Screen::Hotline);
    // A second tap inside the hotline does not reopen it; it keeps it open.
    CHECK(machine.handle({Ev::Tap}, clock.now + 1s).empty());
}

TEST_CASE("after the idle timeout the hotline closes and the same item resumes", "[kiosk]") {
    FakeClock clock;
    KioskConfig config;
    config.hotline_timeout = 45s;
    KioskMachine machine(playlist_of({media(ItemKind::Video, "v"), factsheet("f", 5s)}), config);
    machine.handle({Ev::Start}, clock.now);
    machine.handle({Ev::MediaReady}, clock.now);
    machine.handle({Ev::Tap}, clock.now);
    clock.advance(30s);
    machine.handle({Ev::Tap}, clock.now); // touching the hotline resets its idle timer
    CHECK(machine.next_deadline() == clock.now + 45s);
    auto out = run_until(machine, clock, clock.now + 45s);
    CHECK(out == KioskCommands{{Cmd::HideHotline}, {Cmd::ResumeMedia}});
    CHECK(machine.screen() == Screen::Loop);
    CHECK(machine.item_index() == 0);
}

TEST_CASE("the hotline freezes a fact sheet's remaining time", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({factsheet("a", 10s), factsheet("b", 10s)}, {"en"}), {});
    machine.handle({Ev::Start}, clock.now);
    clock.advance(4s);
    machine.handle({Ev::Tap}, clock.now);
    clock.advance(20s);
    auto out = machine.handle({Ev::CloseHotline}, clock.now);
    CHECK(out == KioskCommands{{Cmd::HideHotline}});
    CHECK(machine.next_deadline() == clock.now + 6s);
}

TEST_CASE("the hotline opens in the language on screen and the picker changes it", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({factsheet("a", 10s)}, {"en", "es", "ar"}), {});
    machine.handle({Ev::Start}, clock.now);
    run_until(machine, clock, clock.now + 10s); // now showing Spanish
    CHECK(machine.handle({Ev::Tap}, clock.now).back() == KioskCommand{Cmd::ShowHotline, 0, "es"});
    CHECK(machine.handle({Ev::PickLanguage, 2}, clock.now) ==
          KioskCommands{{Cmd::ShowHotline, 0, "ar"}});
    CHECK(machine.language() == "ar");
    CHECK(machine.handle({Ev::PickLanguage, 9}, clock.now).empty());
}

TEST_CASE("a fact sheet shows each language in turn, then the next item", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({factsheet("a", 3s), factsheet("b", 3s)}, {"en", "es", "ar"}),
                         {});
    machine.handle({Ev::Start}, clock.now);
    auto out = run_until(machine, clock, clock.now + 9s);
    CHECK(out == KioskCommands{{Cmd::ShowLanguage, 0, "es"},
                               {Cmd::ShowLanguage, 0, "ar"},
                               {Cmd::ShowItem, 1, "en"}});
}

TEST_CASE("videos take turns with the caption language", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({media(ItemKind::Video, "v")}, {"en", "es"}), {});
    CHECK(machine.handle({Ev::Start}, clock.now) == KioskCommands{{Cmd::ShowItem, 0, "en"}});
    machine.handle({Ev::MediaReady}, clock.now);
    CHECK(machine.handle({Ev::MediaEnded}, clock.now) == KioskCommands{{Cmd::ShowItem, 0, "es"}});
    machine.handle({Ev::MediaReady}, clock.now);
    CHECK(machine.handle({Ev::MediaEnded}, clock.now) == KioskCommands{{Cmd::ShowItem, 0, "en"}});
}

TEST_CASE("a failed item is skipped", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(
        playlist_of({media(ItemKind::Video, "broken"), factsheet("f", 5s)}, {"en"}), {});
    machine.handle({Ev::Start}, clock.now);
    CHECK(machine.handle({Ev::MediaFailed}, clock.now) == KioskCommands{{Cmd::ShowItem, 1, "en"}});
}

TEST_CASE("media that never starts is treated as failed", "[kiosk]") {
    FakeClock clock;
    KioskConfig config;
    config.media_start_timeout = 10s;
    KioskMachine machine(playlist_of({media(ItemKind::Video, "stuck"), factsheet("f", 5s)}, {"en"}),
                         config);
    machine.handle({Ev::Start}, clock.now);
    CHECK(run_until(machine, clock, clock.now + 10s) == KioskCommands{{Cmd::ShowItem, 1, "en"}});
}

TEST_CASE("when every item fails the hotline shows, never a black screen", "[kiosk]") {
    FakeClock clock;
    KioskConfig config;
    config.retry_after_all_failed = 30s;
    KioskMachine machine(
        playlist_of({media(ItemKind::Video, "a"), media(ItemKind::Image, "b", 5s)}, {"en"}),
        config);
    machine.handle({Ev::Start}, clock.now);
    machine.handle({Ev::MediaFailed}, clock.now);
    auto out = machine.handle({Ev::MediaFailed}, clock.now);
    CHECK(has(out, Cmd::ShowHotline));
    CHECK(machine.screen() == Screen::Hotline);
    // A tap on the stand-in hotline keeps it; the loop is tried again later.
    CHECK(machine.handle({Ev::Tap}, clock.now).empty());
    out = run_until(machine, clock, clock.now + 30s);
    CHECK(out == KioskCommands{{Cmd::HideHotline}, {Cmd::ShowItem, 0, "en"}});
}

TEST_CASE("a playlist with no items shows the hotline", "[kiosk]") {
    FakeClock clock;
    Playlist empty = fallback_playlist();
    KioskMachine machine(empty, {});
    auto out = machine.handle({Ev::Start}, clock.now);
    CHECK(has(out, Cmd::ShowHotline));
    CHECK(machine.screen() == Screen::Hotline);
    CHECK_FALSE(machine.next_deadline().has_value());
}

TEST_CASE("a staged playlist takes over at the next item boundary", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({factsheet("old", 5s)}, {"en"}), {});
    machine.handle({Ev::Start}, clock.now);
    machine.stage_playlist(playlist_of({factsheet("new1", 5s), factsheet("new2", 5s)}, {"en"}));
    CHECK(machine.handle({Ev::Tick}, clock.now + 4s).empty());
    auto out = machine.handle({Ev::Tick}, clock.now + 5s);
    CHECK(out == KioskCommands{{Cmd::AdoptPlaylist}, {Cmd::ShowItem, 0, "en"}});
    CHECK(machine.current_item()->id == "new1");
}

TEST_CASE("media that ends under the hotline moves on when it closes", "[kiosk]") {
    FakeClock clock;
    KioskMachine machine(playlist_of({media(ItemKind::Video, "v"), factsheet("f", 5s)}, {"en"}),
                         {});
    machine.handle({Ev::Start}, clock.now);
    machine.handle({Ev::MediaReady}, clock.now);
    machine.handle({Ev::Tap}, clock.now);
    CHECK(machine.handle({Ev::MediaEnded}, clock.now).empty());
    auto out = machine.handle({Ev::CloseHotline}, clock.now + 1s);
    CHECK(out == KioskCommands{{Cmd::HideHotline}, {Cmd::ResumeMedia}, {Cmd::ShowItem, 1, "en"}});
}

TEST_CASE("the upcoming item is the one the loop then shows, in the language it starts in",
          "[kiosk]") {
    FakeClock clock;
    using Upcoming = KioskMachine::Upcoming;
    KioskMachine machine(playlist_of({factsheet("a", 1s), media(ItemKind::Image, "img", 2s),
                                      factsheet("b", 1s), media(ItemKind::Video, "v")},
                                     {"en", "es"}),
                         {});
    CHECK_FALSE(machine.upcoming_item()); // not started
    machine.handle({Ev::Start}, clock.now);
    // "a" in en: its next language comes next.
    CHECK(machine.upcoming_item() == Upcoming{0, "es"});
    auto out = run_until(machine, clock, clock.now + 1s);
    REQUIRE(out == KioskCommands{{Cmd::ShowLanguage, 0, "es"}});
    // "a" in es, then the image with captions in the first language.
    CHECK(machine.upcoming_item() == Upcoming{1, "en"});
    out = run_until(machine, clock, clock.now + 1s);
    REQUIRE(out == KioskCommands{{Cmd::ShowItem, 1, "en"}});
    machine.handle({Ev::MediaReady}, clock.now);
    // The image plays: "b" in the first language follows.
    CHECK(machine.upcoming_item() == Upcoming{2, "en"});
    out = run_until(machine, clock, clock.now + 2s);
    CHECK(out == KioskCommands{{Cmd::ShowItem, 2, "en"}});
    // "b" in en, then es, then the video: media take the languages in turn,
    // so its captions are the second language's.
    CHECK(machine.upcoming_item() == Upcoming{2, "es"});
    run_until(machine, clock, clock.now + 1s);
    CHECK(machine.upcoming_item() == Upcoming{3, "es"});
    out = run_until(machine, clock, clock.now + 1s);
    CHECK(out == KioskCommands{{Cmd::ShowItem, 3, "es"}});
    machine.handle({Ev::MediaReady}, clock.now);
    // Then the loop wraps round to "a" in en.
    CHECK(machine.upcoming_item() == Upcoming{0, "en"});
    // Under the hotline nothing is foretold.
    machine.handle({Ev::Tap}, clock.now);
    CHECK_FALSE(machine.upcoming_item());
}

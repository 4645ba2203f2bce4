// Notices: a banner over the loop and a screen every N items, until they
// expire, judged against a fake local clock.

#include "core/kiosk_machine.h"
#include "core/playlist/playlist_parser.h"
#include "unit/core/fake_local_time.h"

#include <catch2/catch.hpp>

using namespace beacon;
using beacon::test::at;
using namespace std::chrono_literals;
using Cmd = KioskCommand::Kind;
using Ev = KioskEvent::Kind;

namespace {

Notice notice(const std::string& id, const std::string& expires) {
    Notice notice;
    notice.id = id;
    notice.expires = *parse_civil_date_time(expires);
    notice.duration = 8s;
    notice.texts = {{"en", "Shelter full tonight: call 211."}};
    return notice;
}

Playlist playlist_with(std::vector<Notice> notices, std::size_t items = 3) {
    Playlist playlist = fallback_playlist();
    playlist.languages = {"en"};
    for (std::size_t i = 0; i < items; ++i) {
        Item item;
        item.id = "sheet" + std::to_string(i);
        item.duration = 5s;
        playlist.items.push_back(item);
    }
    playlist.notices = std::move(notices);
    return playlist;
}

KioskEvent tick_at(const std::string& when, bool trusted = true) {
    KioskEvent event{Ev::Tick};
    event.local_time = at(when, trusted);
    return event;
}

} // namespace

TEST_CASE("a notice is active until its expiry, and only with a trusted clock", "[notice]") {
    Notice full = notice("full", "2025-12-24T08:00");
    CHECK(full.active_at(at("2025-12-23 20:00")));
    CHECK(full.active_at(at("2025-12-24 07:59")));
    CHECK_FALSE(full.active_at(at("2025-12-24 08:00")));
    CHECK_FALSE(full.active_at(at("2026-01-01 00:00")));
    // A clock that cannot be believed cannot say a notice is still current:
    // a stale "shelter full" must not linger.
    CHECK_FALSE(full.active_at(at("2025-12-23 20:00", false)));
}

TEST_CASE("the banner disappears by itself when the notice expires", "[notice][kiosk]") {
    KioskMachine machine(playlist_with({notice("full", "2025-12-24T08:00")}), {});
    TimePoint now{};
    CHECK(machine.banner_notice() == nullptr); // no local time yet
    KioskEvent start{Ev::Start};
    start.local_time = at("2025-12-24 07:58");
    auto out = machine.handle(start, now);
    CHECK(out == KioskCommands{{Cmd::ShowItem, 0, "en"}, {Cmd::NoticeChanged}});
    REQUIRE(machine.banner_notice() != nullptr);
    CHECK(machine.banner_notice()->id == "full");
    now += 1s;
    CHECK(machine.handle(tick_at("2025-12-24 07:59"), now).empty());
    now += 1s;
    CHECK(machine.handle(tick_at("2025-12-24 08:00"), now) == KioskCommands{{Cmd::NoticeChanged}});
    CHECK(machine.banner_notice() == nullptr);
}

TEST_CASE("a notice gets its own screen every N items", "[notice][kiosk]") {
    KioskConfig config;
    config.notice_every = 2;
    KioskMachine machine(
        playlist_with({notice("old", "2025-01-01T00:00"), notice("full", "2025-12-24T08:00")}),
        config);
    TimePoint now{};
    KioskEvent start{Ev::Start};
    start.local_time = at("2025-12-23 20:00");
    machine.handle(start, now);
    now += 5s;
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowItem, 1, "en"}});
    now += 5s;
    // The expired notice is skipped; the active one shows for its duration.
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowNotice, 1, "en"}});
    CHECK(machine.screen() == Screen::Notice);
    CHECK(machine.current_item() == nullptr);
    CHECK(machine.current_notice()->id == "full");
    CHECK(machine.next_deadline() == now + 8s);
    now += 8s;
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowItem, 2, "en"}});
    now += 5s;
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowItem, 0, "en"}});
    now += 5s;
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowNotice, 1, "en"}});
}

TEST_CASE("an expired notice leaves its screen at once and shows no more", "[notice][kiosk]") {
    KioskConfig config;
    config.notice_every = 1;
    KioskMachine machine(playlist_with({notice("full", "2025-12-24T08:00")}), config);
    TimePoint now{};
    KioskEvent start{Ev::Start};
    start.local_time = at("2025-12-24 07:59");
    machine.handle(start, now);
    now += 5s;
    CHECK(machine.handle({Ev::Tick}, now) == KioskCommands{{Cmd::ShowNotice, 0, "en"}});
    now += 2s;
    CHECK(machine.handle(tick_at("2025-12-24 08:00"), now) ==
          KioskCommands{{Cmd::ShowItem, 1, "en"}, {Cmd::NoticeChanged}});
    for (int i = 0; i < 4; ++i) {
        now += 5s;
        auto out = machine.handle({Ev::Tick}, now);
        REQUIRE(out.size() == 1);
        CHECK(out[0].kind == Cmd::ShowItem);
    }
}

TEST_CASE("a tap during a notice opens the hotline and the notice resumes", "[notice][kiosk]") {
    KioskConfig config;
    config.notice_every = 1;
    config.hotline_timeout = 45s;
    KioskMachine machine(playlist_with({notice("full", "2025-12-24T08:00")}), config);
    TimePoint now{};
    KioskEvent start{Ev::Start};
    start.local_time = at("2025-12-23 20:00");
    machine.handle(start, now);
    now += 5s;
    machine.handle({Ev::Tick}, now);
    now += 3s;
    CHECK(machine.handle({Ev::Tap}, now) == KioskCommands{{Cmd::ShowHotline, 0, "en"}});
    now += 10s;
    CHECK(machine.handle({Ev::CloseHotline}, now) == KioskCommands{{Cmd::HideHotline}});
    CHECK(machine.screen() == Screen::Notice);
    CHECK(machine.next_deadline() == now + 5s); // 8 s less the 3 s already shown
}

TEST_CASE("notices parse with an expiry and a text per language", "[notice][parser]") {
    const char* head = R"(<playlist languages="en es">
  <hotline phone="1" web="w" qr="q">
    <text lang="en" name="English"><headline>h</headline><call>c</call><sms>s</sms>
      <web-label>w</web-label><scan>s</scan><close>c</close></text>
    <text lang="es" name="Español"><headline>h</headline><call>c</call><sms>s</sms>
      <web-label>w</web-label><scan>s</scan><close>c</close></text>
  </hotline>
  <factsheet id="a" duration="5">
    <text lang="en"><title>t</title><point>p</point></text>
    <text lang="es"><title>t</title><point>p</point></text>
  </factsheet>
)";
    auto good =
        parse_playlist(std::string(head) + R"(  <notice id="full" expires="2025-12-24T08:00">
    <text lang="es">Albergue lleno esta noche.</text>
    <text lang="en">Shelter full tonight.</text>
  </notice>
</playlist>)",
                       "n.xml");
    REQUIRE(good.diagnostics.empty());
    REQUIRE(good.playlist->notices.size() == 1);
    auto& notice = good.playlist->notices[0];
    CHECK(notice.expires == CivilDateTime{{2025, 12, 24}, 8 * 60});
    CHECK(notice.duration == 10s);
    CHECK(notice.texts[0].lang == "en"); // playlist language order
    CHECK(notice.text_for("es")->text == "Albergue lleno esta noche.");
    CHECK(notice.line == 12);

    auto bad = parse_playlist(std::string(head) +
                                  R"(  <notice id="a" expires="2025-12-24T08:00" duration="0">
    <text lang="en">Shelter full tonight.</text>
  </notice>
</playlist>)",
                              "n.xml");
    std::vector<std::string> lines;
    for (auto& diagnostic : bad.diagnostics)
        lines.push_back(diagnostic.to_string());
    CHECK(lines == std::vector<std::string>{
                       "n.xml:12: error: duplicate id \"a\"",
                       "n.xml:12: error: <notice id=\"a\"> has bad duration \"0\": expected "
                       "seconds from 1 to 3600",
                       "n.xml:12: error: <notice id=\"a\"> has no text for language \"es\""});
}

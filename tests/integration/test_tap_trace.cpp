// Issue 18, finding 6: nothing that happens because of a tap writes a log
// line, at any screen size (journald would timestamp it). The real binary
// runs headless twice with the same content and size, once untouched and
// once tapped; every line the tapped run writes must also be in the untouched
// run's log. Problems of the hotline screen are still reported, when the
// content is loaded.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::set<std::string> lines_of(const std::string& text) {
    std::set<std::string> lines;
    std::stringstream stream(text);
    std::string line;
    while (std::getline(stream, line))
        lines.insert(line);
    return lines;
}

test::CommandResult play(const fs::path& playlist, const fs::path& dir, const std::string& size,
                         const std::string& extra) {
    fs::create_directories(dir / "state");
    return test::run(test::beacon() + " play " + playlist.string() + " --headless --size " + size +
                     " --run-for 2.5 --state-dir " + (dir / "state").string() + " --usb-dir " +
                     (dir / "sticks").string() + " " + extra);
}

// Lines only the tapped run wrote.
std::set<std::string> traces_of_a_tap(const fs::path& playlist, const std::string& name,
                                      const std::string& size, std::string* quiet_log) {
    auto quiet = play(playlist, test::work_dir("tap-trace-quiet-" + name + size), size, "");
    auto tapped =
        play(playlist, test::work_dir("tap-trace-tapped-" + name + size), size, "--tap-at 1");
    INFO(quiet.output << "---\n" << tapped.output);
    REQUIRE(quiet.exit_code == 0);
    REQUIRE(tapped.exit_code == 0);
    auto before = lines_of(quiet.output);
    std::set<std::string> added;
    for (auto& line : lines_of(tapped.output))
        if (!before.contains(line))
            added.insert(line);
    if (quiet_log)
        *quiet_log = quiet.output;
    return added;
}

} // namespace

TEST_CASE("a tap writes no log line on small screens", "[e2e][privacy]") {
    fs::path shipped = test::source_dir() / "playlists" / "default.xml";
    for (std::string size : {"640x360", "480x320"}) {
        INFO(size);
        CHECK(traces_of_a_tap(shipped, "default", size, nullptr).empty());
    }
}

TEST_CASE("the hotline screen's problems are logged at load, never at the tap", "[e2e][privacy]") {
    fs::path dir = test::work_dir("tap-trace-content");
    // A scan caption too long for its box at these sizes, within the
    // 400 bytes a hotline text may have.
    std::string scan;
    for (int i = 0; i < 9; ++i)
        scan += "Scan with your phone to open the website. ";
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en es">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English"><headline>Help is here.</headline><call>Call free.</call>
      <sms>Text HELP</sms><web-label>Online:</web-label><scan>)"
                                        << scan << R"(</scan><close>Close</close></text>
    <text lang="es" name="Español"><headline>Aquí hay ayuda.</headline><call>Llamada.</call>
      <sms>Envíe HELP</sms><web-label>En línea:</web-label><scan>Escanee</scan><close>Cerrar</close></text>
  </hotline>
  <factsheet id="facts" duration="60">
    <text lang="en"><title>What is trafficking?</title><point>Force, fraud or coercion.</point></text>
    <text lang="es"><title>¿Qué es la trata?</title><point>Fuerza, fraude o coerción.</point></text>
  </factsheet>
</playlist>
)";
    for (std::string size : {"1280x720", "480x320"}) {
        INFO(size);
        std::string quiet_log;
        CHECK(traces_of_a_tap(dir / "playlist.xml", "long", size, &quiet_log).empty());
        // Found without a tap: the hotline screen is laid out at load.
        CHECK(quiet_log.find("was cut") != std::string::npos);
    }
}

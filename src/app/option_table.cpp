#include "app/option_table.h"

#include "core/playlist.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace beacon::app {

std::string format_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

namespace {

// The allowed values of a numeric option. Every number Beacon reads from its
// command line or configuration file is checked against its row's range here
// and nowhere else: NaN, infinities, overflow, negatives and values outside
// the range are refused, and the option keeps its previous value.
Result<double> parse_number(const std::string& text, const NumberRange& range) {
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    bool in_range = error == std::errc() && end == text.data() + text.size() &&
                    std::isfinite(value) && value >= range.min && value <= range.max &&
                    (!range.integral || value == std::floor(value));
    if (!in_range)
        // "a number of seconds from 1 to 3600", "a whole number from 1 to 1e+15"
        return Error{std::string("expected ") +
                     (range.unit       ? std::string("a number of ") + range.unit
                      : range.integral ? "a whole number"
                                       : "a number") +
                     " from " + format_number(range.min) + " to " + format_number(range.max) +
                     ", got \"" + text + "\""};
    return value;
}

Result<Size> parse_size(const std::string& text, const NumberRange& range) {
    auto x = text.find('x');
    auto width = parse_number(text.substr(0, x), range);
    auto height = parse_number(x == std::string::npos ? "" : text.substr(x + 1), range);
    if (x == std::string::npos || !width || !height)
        return Error{"expected WIDTHxHEIGHT between " + format_number(range.min) + " and " +
                     format_number(range.max) + ", got \"" + text + "\""};
    return Size{static_cast<int>(width.value()), static_cast<int>(height.value())};
}

std::optional<log::Level> parse_log_level(const std::string& text) {
    if (text == "error")
        return log::Level::Error;
    if (text == "warning")
        return log::Level::Warning;
    if (text == "info")
        return log::Level::Info;
    if (text == "debug")
        return log::Level::Debug;
    return std::nullopt;
}

template <typename T, typename F> Status assign(Result<T> parsed, F&& store) {
    if (!parsed)
        return parsed.error();
    store(parsed.value());
    return Done{};
}

// A numeric row: its value is checked against `range` by parse_number().
OptionRow number_row(const char* name, const char* value_name, InConfig in_config, const char* help,
                     NumberRange range, std::function<void(Options&, double)> store,
                     std::function<std::string(const Options&)> show = nullptr) {
    return {name,
            value_name,
            in_config,
            help,
            [range, store](Options& o, const std::string& v) {
                return assign(parse_number(v, range), [&](double n) { store(o, n); });
            },
            range,
            std::move(show)};
}

// "10m", "2h", "1d": a duration written with a unit, in seconds; nullopt for
// anything else. Only for the message: durations are plain seconds.
std::optional<double> seconds_with_unit(const std::string& text) {
    static const std::pair<const char*, double> units[] = {
        {"ms", 0.001}, {"s", 1}, {"sec", 1}, {"min", 60}, {"m", 60}, {"h", 3600}, {"d", 86400}};
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    std::string unit(end, text.data() + text.size());
    while (!unit.empty() && unit.front() == ' ')
        unit.erase(0, 1);
    for (auto& [name, factor] : units)
        if (unit == name)
            return value * factor;
    return std::nullopt;
}

// A numeric row whose value is a duration in seconds. Durations are written
// in seconds without a unit, on the command line and in beacon.conf alike
// (one spelling, no "m" that could mean minutes or metres); a value with a
// unit is refused, and the message says how many seconds it meant.
OptionRow seconds_row(const char* name, InConfig in_config, const char* help, NumberRange range,
                      std::function<void(Options&, Seconds)> store,
                      std::function<std::optional<Seconds>(const Options&)> get = nullptr) {
    std::function<std::string(const Options&)> show;
    if (get)
        show = [get](const Options& o) {
            auto value = get(o);
            return value ? format_number(value->count()) : std::string();
        };
    OptionRow row = number_row(
        name, "SECONDS", in_config, help, range,
        [store](Options& o, double s) { store(o, Seconds(s)); }, show);
    row.apply = [range, store](Options& o, const std::string& v) -> Status {
        auto parsed = parse_number(v, range);
        if (!parsed) {
            if (auto meant = seconds_with_unit(v))
                return Error{parsed.error().message + ": durations are in seconds, without a " +
                             "unit; write " + format_number(*meant) + " for " + v};
            return parsed.error();
        }
        store(o, Seconds(parsed.value()));
        return Done{};
    };
    return row;
}

// A configuration row whose value is a path or text kept as given.
OptionRow text_row(const char* name, const char* value_name, const char* help,
                   std::string Options::*field) {
    return {name,
            value_name,
            InConfig::Yes,
            help,
            [field](Options& o, const std::string& v) {
                o.*field = v;
                return Status(Done{});
            },
            std::nullopt,
            [field](const Options& o) { return o.*field; }};
}

constexpr double one_year = 365 * 24 * 3600;
constexpr NumberRange size_range{64, 8192, "pixels", true};

} // namespace

const std::vector<OptionRow>& option_table() {
    static const std::vector<OptionRow> rows = {
        {"--windowed", nullptr, InConfig::No, "play in a window instead of fullscreen (preview)",
         [](Options& o, auto&) {
             o.window_mode = WindowMode::Windowed;
             return Status(Done{});
         }},
        {"--headless", nullptr, InConfig::No, "play with no display (tests, benchmarks)",
         [](Options& o, auto&) {
             o.window_mode = WindowMode::Headless;
             return Status(Done{});
         }},
        {"--size", "WxH", InConfig::Yes, "window or picture size, e.g. 1920x1080",
         [](Options& o, auto& v) {
             return assign(parse_size(v, size_range), [&](Size s) { o.size = s; });
         },
         size_range,
         [](const Options& o) {
             return o.size ? std::to_string(o.size->width) + "x" + std::to_string(o.size->height)
                           : std::string();
         }},
        seconds_row("--run-for", InConfig::No, "stop playing after this long",
                    {0.1, one_year, "seconds"}, [](Options& o, Seconds s) { o.run_for = s; }),
        {"--frame-log", "FILE.csv", InConfig::No,
         "write one row per presented frame and input event",
         [](Options& o, auto& v) {
             o.frame_log = v;
             return Status(Done{});
         }},
        {"--config-name", "NAME", InConfig::No,
         "what the configuration file's problems call it (the appliance passes "
         "beacon/beacon.conf, the file an administrator edits on the BEACON partition)",
         [](Options&, auto&) {
             // Taken before the file is read (parse_options).
             return Status(Done{});
         }},
        {"--setup-problems", "FILE", InConfig::No,
         "problems found while setting the kiosk up, one per line, shown on screen for the "
         "first minutes with the configuration's own (the appliance passes its BEACON "
         "partition's)",
         [](Options& o, auto& v) {
             o.setup_problems_file = v;
             return Status(Done{});
         }},
        seconds_row("--tap-at", InConfig::No, "inject a touch at this time (repeatable)",
                    {0, one_year, "seconds"}, [](Options& o, Seconds s) { o.tap_at.push_back(s); }),
        {"--key-at", "SECONDS:KEY", InConfig::No,
         "inject a key press (an SDL key name: Tab, Return, Escape, \"Keypad 6\") at this "
         "time (repeatable)",
         [](Options& o, auto& v) {
             auto colon = v.find(':');
             auto time = parse_number(v.substr(0, colon), {0, one_year, "seconds"});
             if (colon == std::string::npos || !time || colon + 1 == v.size())
                 return Status(Error{"expected SECONDS:KEY such as 2.5:Tab, got \"" + v + "\""});
             o.key_at.emplace_back(Seconds(time.value()), v.substr(colon + 1));
             return Status(Done{});
         }},
        {"--render-path", "auto|software|opengl", InConfig::Yes,
         "how video is drawn (default: auto)",
         [](Options& o, auto& v) {
             if (v == "auto")
                 o.render_path = RenderPathChoice::Auto;
             else if (v == "software")
                 o.render_path = RenderPathChoice::Software;
             else if (v == "opengl")
                 o.render_path = RenderPathChoice::OpenGL;
             else
                 return Status(Error{"expected auto, software or opengl, got \"" + v + "\""});
             return Status(Done{});
         },
         std::nullopt,
         [](const Options& o) {
             return std::string(o.render_path == RenderPathChoice::Software ? "software"
                                : o.render_path == RenderPathChoice::OpenGL ? "opengl"
                                                                            : "auto");
         }},
        // Below a second nobody could read the hotline screen a tap opened.
        seconds_row(
            "--hotline-timeout", InConfig::Yes,
            "close the hotline screen after this idle time (45)", {1, 3600, "seconds"},
            [](Options& o, Seconds s) { o.hotline_timeout = s; },
            [](const Options& o) { return std::optional(o.hotline_timeout); }),
        number_row("--time-scale", "FACTOR", InConfig::No,
                   "tests: run the loop's timers FACTOR times faster (media at normal speed)",
                   {0.01, 1000}, [](Options& o, double f) { o.time_scale = f; }),
        text_row("--state-dir", "DIR",
                 "folder for the daily counters (default /var/lib/beacon/state)",
                 &Options::state_dir),
        {"--rotation", "0|90|180|270", InConfig::Yes, "turn the picture clockwise (default 0)",
         [](Options& o, auto& v) {
             if (v != "0" && v != "90" && v != "180" && v != "270")
                 return Status(Error{"expected 0, 90, 180 or 270, got \"" + v + "\""});
             o.rotation = std::stoi(v);
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return std::to_string(o.rotation); }},
        {"--log-level", "error|warning|info|debug", InConfig::Yes,
         "least important log lines written (default info)",
         [](Options& o, auto& v) {
             auto level = parse_log_level(v);
             if (!level)
                 return Status(Error{"expected error, warning, info or debug, got \"" + v + "\""});
             o.log_level = *level;
             return Status(Done{});
         },
         std::nullopt,
         [](const Options& o) {
             return std::string(o.log_level == log::Level::Error     ? "error"
                                : o.log_level == log::Level::Warning ? "warning"
                                : o.log_level == log::Level::Debug   ? "debug"
                                                                     : "info");
         }},
        seconds_row(
            "--language-rotation", InConfig::Yes,
            "how long each language of a fact sheet shows (default: its duration)",
            {1, 3600, "seconds"}, [](Options& o, Seconds s) { o.language_rotation = s; },
            [](const Options& o) { return o.language_rotation; }),
        number_row(
            "--notice-every", "ITEMS", InConfig::Yes,
            "show an active notice as its own screen after this many items (4; 0 never)",
            {0, 1000, "items", true},
            [](Options& o, double n) { o.notice_every = static_cast<int>(n); },
            [](const Options& o) { return std::to_string(o.notice_every); }),
        {"--trust-clock", "auto|yes|no", InConfig::Yes,
         "believe the wall clock for dates and notices (auto: synchronised, after the build)",
         [](Options& o, auto& v) {
             if (v != "auto" && v != "yes" && v != "no")
                 return Status(Error{"expected auto, yes or no, got \"" + v + "\""});
             o.trust_clock = v == "yes"  ? TrustClock::Yes
                             : v == "no" ? TrustClock::No
                                         : TrustClock::Auto;
             return Status(Done{});
         },
         std::nullopt,
         [](const Options& o) {
             return std::string(o.trust_clock == TrustClock::Yes  ? "yes"
                                : o.trust_clock == TrustClock::No ? "no"
                                                                  : "auto");
         }},
        {"--display-hours", "HOURS", InConfig::Yes,
         "when the screen is lit, e.g. \"mon-fri 07:00-20:00; sat 09:00-13:00\" (default: "
         "the playlist's, else always); a tap still wakes it to the hotline",
         [](Options& o, auto& v) {
             auto parsed = parse_display_hours(v);
             if (!parsed.hours) {
                 std::string all;
                 for (auto& problem : parsed.problems)
                     all += (all.empty() ? "" : "; ") + problem;
                 return Status(Error{all});
             }
             o.display_hours = std::move(parsed.hours);
             return Status(Done{});
         },
         std::nullopt,
         [](const Options& o) { return o.display_hours ? o.display_hours->text : std::string(); }},
        // Sound (issue 24): off unless the facility turns it on, because
        // sound in a public place can expose someone watching the screen.
        {"--audio", "on|off", InConfig::Yes, "play videos' sound (default off)",
         [](Options& o, auto& v) {
             if (v != "on" && v != "off")
                 return Status(Error{"expected on or off, got \"" + v + "\""});
             o.sound.audio = v == "on";
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return std::string(o.sound.audio ? "on" : "off"); }},
        {"--speech", "on|off", InConfig::Yes,
         "a Listen button on the hotline screen that speaks it (default off)",
         [](Options& o, auto& v) {
             if (v != "on" && v != "off")
                 return Status(Error{"expected on or off, got \"" + v + "\""});
             o.speech = v == "on";
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return std::string(o.speech ? "on" : "off"); }},
        number_row(
            "--volume", "0-100", InConfig::Yes,
            "loudness of videos' sound, linear as people hear it: 50 is half as loud (70)",
            {min_volume, max_volume, nullptr, true},
            [](Options& o, double n) { o.sound.volume = static_cast<int>(n); },
            [](const Options& o) { return std::to_string(o.sound.volume); }),
        {"--quiet-hours", "HH:MM-HH:MM", InConfig::Yes,
         "daily windows with no sound at all, e.g. \"22:00-07:00\" (default: none)",
         [](Options& o, auto& v) {
             auto parsed = parse_quiet_hours(v);
             if (parsed.problem)
                 return Status(Error{*parsed.problem});
             o.sound.quiet_hours = parsed.windows;
             o.quiet_hours = v;
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return o.quiet_hours; }},
        {"--audio-device", "hdmi|headphones|ALSA-NAME", InConfig::Yes,
         "where sound goes: hdmi, headphones (the Pi's jack) or an ALSA device name (default: "
         "ALSA's default)",
         [](Options& o, auto& v) {
             o.sound.device = v;
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return o.sound.device; }},
        {"--country", "CODE", InConfig::Yes,
         "the fallback hotline's country when no content has validated (default: US)",
         [](Options& o, auto& v) {
             std::string code;
             for (char c : v)
                 code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
             if (!fallback_playlist_for(code)) {
                 std::string known;
                 for (auto& country : fallback_countries())
                     known += (known.empty() ? "" : ", ") + country;
                 return Status(Error{"expected the ISO 3166 code of a country whose hotline "
                                     "Beacon knows (" +
                                     known + "), got \"" + v + "\""});
             }
             o.country = code;
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return o.country; }},
        // Issue 23: where someone may be watched, the facility chooses.
        {"--hotline-style", "standard|discreet", InConfig::Yes,
         "hotline screen and footer: standard, or discreet (neutral words, no web address) "
         "for restrooms and shelters; overrides the playlist's <hotline style>",
         [](Options& o, auto& v) {
             auto style = parse_hotline_style(v);
             if (!style)
                 return Status(Error{"expected standard or discreet, got \"" + v + "\""});
             o.hotline_style = style;
             return Status(Done{});
         },
         std::nullopt,
         [](const Options& o) {
             return o.hotline_style ? std::string(to_string(*o.hotline_style)) : std::string();
         }},
        {"--qr", "web|tel|sms|off", InConfig::Yes,
         "what the hotline's QR code holds: the web address (default), a call, a text "
         "message with the text line's keyword, or no code",
         [](Options& o, auto& v) {
             auto kind = parse_qr_kind(v);
             if (!kind)
                 return Status(Error{"expected web, tel, sms or off, got \"" + v + "\""});
             o.qr_kind = kind;
             return Status(Done{});
         },
         std::nullopt,
         [](const Options& o) {
             return o.qr_kind ? std::string(to_string(*o.qr_kind)) : std::string();
         }},
        number_row(
            "--text-scale", "FACTOR", InConfig::Yes,
            "every screen's text this many times its usual size, for low vision (1 to "
            "1.5); validate checks the fit",
            {1, 1.5}, [](Options& o, double f) { o.text_scale = f; },
            [](const Options& o) { return format_number(o.text_scale); }),
        {"--at", "TIME", InConfig::No,
         "play, render, validate: the loop at this local time, \"YYYY-MM-DD HH:MM\" (trusted)",
         [](Options& o, auto& v) {
             // Strict: exactly the administrator's form, so "12/07" or a
             // missing time is an error, never a guess.
             auto moment = parse_civil_date_time(v);
             if (!moment || v[10] != ' ')
                 return Status(Error{"expected a local time such as \"2026-12-07 09:00\" "
                                     "(YYYY-MM-DD HH:MM, 24-hour), got \"" +
                                     v + "\""});
             o.at = moment;
             return Status(Done{});
         }},
        {"--target", "pc|pi4|pi3", InConfig::No,
         "validate: warn about videos this board cannot play smoothly (default pc)",
         [](Options& o, auto& v) {
             if (v != "pc" && v != "pi4" && v != "pi3")
                 return Status(Error{"expected pc, pi4 or pi3, got \"" + v + "\""});
             o.target = v == "pi4"   ? TargetBoard::Pi4
                        : v == "pi3" ? TargetBoard::Pi3
                                     : TargetBoard::Pc;
             return Status(Done{});
         }},
#ifdef BEACON_TEST_HOOKS
        seconds_row("--test-stall-at", InConfig::No,
                    "test builds only: freeze the render loop at this time (watchdog test)",
                    {0, one_year, "seconds"}, [](Options& o, Seconds s) { o.test_stall_at = s; }),
#endif
        {"--screen", "ID|hotline", InConfig::No, "render: the item id or the hotline screen",
         [](Options& o, auto& v) {
             o.screen = v;
             return Status(Done{});
         }},
        {"--focus", "close|listen|CODE", InConfig::No,
         "render --screen hotline: draw the keyboard focus ring on Close, Listen or a "
         "language's button",
         [](Options& o, auto& v) {
             o.focus = v;
             return Status(Done{});
         }},
        {"--lang", "CODE", InConfig::No,
         "render: the language (default: the playlist's first); translate export: the "
         "language to translate into",
         [](Options& o, auto& v) {
             o.lang = v;
             return Status(Done{});
         }},
        {"--out", "FILE.png|DIR", InConfig::No,
         "render: where to write the picture; keygen, bundle, fleet: the folder to write; "
         "translate export: the PO file",
         [](Options& o, auto& v) {
             o.out = v;
             return Status(Done{});
         }},
        // Signed updates (issue 4): README.md, "Signed bundles".
        text_row("--store", "DIR",
                 "content store of signed bundles (default /var/lib/beacon/store)",
                 &Options::store_dir),
        text_row(
            "--keys", "DIR",
            "trusted public keys, *.pub (default /etc/beacon/keys); fleet: enrolled kiosk keys",
            &Options::keys_dir),
        text_row("--usb-dir", "DIR",
                 "where USB sticks are mounted: bundles, stats export (default /media/beacon-usb)",
                 &Options::usb_dir),
        text_row("--update-url", "URL",
                 "poll this bundle's manifest.xml for updates (default: none)",
                 &Options::update_url),
        // 0 would poll hundreds of times a second.
        seconds_row(
            "--update-interval", InConfig::Yes, "time between polls of --update-url (default 600)",
            {1, 7 * 24 * 3600, "seconds"}, [](Options& o, Seconds s) { o.update_interval = s; },
            [](const Options& o) { return std::optional(o.update_interval); }),
        seconds_row(
            "--update-timeout", InConfig::Yes,
            "give up a stalled download or connection after this long (default 30)",
            {1, 3600, "seconds"}, [](Options& o, Seconds s) { o.update_timeout = s; },
            [](const Options& o) { return std::optional(o.update_timeout); }),
        // Fleet reports (issue 20): docs/fleet-report.md.
        {"--report-url", "URL", InConfig::Yes,
         "PUT a signed status report to URL/NAME.json (default: none)",
         [](Options& o, auto& v) {
             if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0)
                 return Status(Error{"expected an http:// or https:// URL, got \"" + v + "\""});
             o.report_url = v;
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return o.report_url; }},
        // Below 10 s a fleet of kiosks would hammer its server; a day is
        // the longest a dashboard could still call "late".
        seconds_row(
            "--report-interval", InConfig::Yes,
            "time between reports to --report-url (default 300)", {10, 86'400, "seconds"},
            [](Options& o, Seconds s) { o.report_interval = s; },
            [](const Options& o) { return std::optional(o.report_interval); }),
        {"--report-auth-file", "FILE", InConfig::Yes,
         "credentials for --report-url and fleet URL: \"basic USER:PASSWORD\" or \"bearer TOKEN\" "
         "(mode 600)",
         [](Options& o, auto& v) {
             o.report_auth_file = v;
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return o.report_auth_file; }},
        {"--report-screenshot", "yes|no", InConfig::Yes,
         "add a small picture of the loop's current frame to reports, never of the hotline "
         "screen nor within 60 s after it closed (default no)",
         [](Options& o, auto& v) {
             if (v != "yes" && v != "no")
                 return Status(Error{"expected yes or no, got \"" + v + "\""});
             o.report_screenshot = v == "yes";
             return Status(Done{});
         },
         std::nullopt,
         [](const Options& o) { return std::string(o.report_screenshot ? "yes" : "no"); }},
        {"--kiosk-name", "NAME", InConfig::Yes, "this kiosk's name in reports (default: host name)",
         [](Options& o, auto& v) {
             if (v.empty() || v.size() > 64)
                 return Status(Error{"expected a name of 1 to 64 characters"});
             o.kiosk_name = v;
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return o.kiosk_name; }},
        {"--location", "LABEL", InConfig::Yes, "a label grouping kiosks in the fleet dashboard",
         [](Options& o, auto& v) {
             if (v.size() > 100)
                 return Status(Error{"expected a label of at most 100 characters"});
             o.location = v;
             return Status(Done{});
         },
         std::nullopt, [](const Options& o) { return o.location; }},
        {"--key", "FILE", InConfig::No,
         "bundle: the secret key to sign with; verify: the public key to check against",
         [](Options& o, auto& v) {
             o.key_file = v;
             return Status(Done{});
         }},
        {"--from", "DIR|FILE.xml", InConfig::No,
         "bundle: the playlist file (its media are found beside it), or the folder holding "
         "playlist.xml",
         [](Options& o, auto& v) {
             o.from_dir = v;
             return Status(Done{});
         }},
        // Whole numbers up to 1e15: exact as doubles, far above the default
        // (seconds since 1970) for millions of years.
        number_row("--sequence", "N", InConfig::No,
                   "bundle: its number; kiosks install only a higher one (default: one more "
                   "than the last this key signed, and at least the seconds since 1970)",
                   {1, 1e15, nullptr, true},
                   [](Options& o, double n) { o.sequence = static_cast<std::uint64_t>(n); }),
        {"--label", "TEXT", InConfig::No,
         "bundle: a name for people, signed with it (\"December campaign\"; at most 80 "
         "characters)",
         [](Options& o, auto& v) {
             o.label = v;
             return Status(Done{});
         }},
        number_row("--to", "N", InConfig::No,
                   "rollback: the number of the kept version to go to (see `beacon versions`)",
                   {0, 1e15, nullptr, true},
                   [](Options& o, double n) { o.rollback_to = static_cast<std::uint64_t>(n); }),
        {"--config", "FILE", InConfig::No, "configuration file (default /etc/beacon/beacon.conf)",
         [](Options& o, auto& v) {
             o.config_file = v;
             return Status(Done{});
         }},
    };
    return rows;
}

} // namespace beacon::app

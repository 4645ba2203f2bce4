#include "fleet/dashboard.h"

#include "core/markup_escape.h"
#include "core/schedule.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace beacon::fleet {

namespace {

const char* const css =
    R"(body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b;background:#fafafa}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .4em}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}.state{font-weight:bold;white-space:nowrap}
.online{color:#0a6b2a}.late{color:#9a5b00}.offline,.untrusted{color:#b00020}
.bad{background:#fde8ea}.warn{background:#fff4db}.old{color:#9a5b00;font-weight:bold}
.summary span{margin-right:1.2em}.problems{color:#b00020}
.thumb{display:block;max-width:160px;height:auto;border:1px solid #ccc}
)";

std::string number(long long value) {
    return std::to_string(value);
}

std::string decimal(double value, int digits) {
    if (!std::isfinite(value))
        return "";
    char buffer[48];
    auto [end, error] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, digits);
    return error == std::errc() ? std::string(buffer, end) : "";
}

std::string hour_text(long long hour) {
    CivilDate day = civil_from_days(hour >= 0 ? hour / 24 : (hour - 23) / 24);
    long long of_day = ((hour % 24) + 24) % 24;
    return day.to_string() + " " + (of_day < 10 ? "0" : "") + number(of_day) + ":00 UTC";
}

std::string megabytes(std::uint64_t bytes) {
    return decimal(static_cast<double>(bytes) / (1024.0 * 1024.0), 1) + " MB";
}

// The newest content sequence any validly signed report has: what was
// published last, as far as the fleet shows.
std::uint64_t newest_sequence(const std::vector<KioskReport>& reports) {
    std::uint64_t newest = 0;
    for (auto& report : reports)
        if (report.trust != Trust::BadSignature)
            newest = std::max(newest, report.content_sequence);
    return newest;
}

// A report whose signature fails says nothing true about its kiosk, its
// arrival included (anyone who can write to the folder can make one), so it
// is never shown or counted as online: its state is "untrusted".
bool untrusted_state(const KioskReport& report) {
    return report.trust == Trust::BadSignature;
}

const char* state_name(const KioskReport& report, Liveness state) {
    return untrusted_state(report) ? "untrusted" : liveness_name(state);
}

std::vector<std::string> problems_of(const KioskReport& report, Liveness state) {
    std::vector<std::string> problems = report.problems;
    if (state != Liveness::Online && !untrusted_state(report))
        problems.push_back(std::string(liveness_name(state)) + ": last report " +
                           hour_text(report.hour));
    for (auto& [why, count] : report.skipped_today)
        problems.push_back(number(count) + " skipped today (" + why + ")");
    if (report.last_update_result.find("refused") != std::string::npos)
        problems.push_back("last update refused");
    if (report.trust == Trust::NewKey)
        problems.push_back("a known kiosk name with a new key");
    if (!report.clock_trusted && report.trust != Trust::BadSignature)
        problems.push_back("clock not trusted");
    return problems;
}

// The kiosk's screenshot, inline (no outside asset): only from a validly
// signed report, and only base64 the reader checked, so nothing of it can
// leave the attribute.
std::string thumbnail(const KioskReport& report) {
    if (!report.screenshot || report.trust == Trust::BadSignature)
        return "";
    return "<img class=\"thumb\" src=\"data:image/jpeg;base64," +
           html_escape(report.screenshot->jpeg_base64) + "\" width=\"" +
           number(report.screenshot->width) + "\" height=\"" + number(report.screenshot->height) +
           "\" alt=\"what " + html_escape(report.name) + " showed\">";
}

// Openings per day (the last 7 UTC days up to `today`) and language, over
// all validly signed reports.
std::string hotline_chart(const std::vector<KioskReport>& reports, long long today) {
    std::vector<std::string> days;
    for (long long day = today - 6; day <= today; ++day)
        days.push_back(civil_from_days(day).to_string());
    std::map<std::string, std::map<std::string, long long>> by_day; // day -> lang -> count
    std::set<std::string> languages;
    for (auto& report : reports) {
        if (report.trust == Trust::BadSignature)
            continue;
        for (auto& [day, opened] : report.hotline)
            if (std::find(days.begin(), days.end(), day) != days.end())
                for (auto& [lang, count] : opened) {
                    by_day[day][lang] += count;
                    languages.insert(lang);
                }
    }
    static const char* const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                          "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};
    std::map<std::string, const char*> colour;
    std::size_t next = 0;
    for (auto& lang : languages)
        colour[lang] = colours[next++ % std::size(colours)];
    long long highest = 1;
    for (auto& [day, opened] : by_day) {
        long long sum = 0;
        for (auto& [lang, count] : opened)
            sum += count;
        highest = std::max(highest, sum);
    }
    const int width = 640, height = 220, base = 180, bar = 60, top = 20;
    std::string svg = "<svg id=\"hotline-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                      number(width) + "\" height=\"" +
                      number(height + 20 * ((languages.size() + 3) / 4)) +
                      "\" role=\"img\" aria-label=\"Hotline openings per day and language\">";
    svg += "<line x1=\"40\" y1=\"" + number(base) + "\" x2=\"" + number(width - 10) + "\" y2=\"" +
           number(base) + "\" stroke=\"#555\"/>";
    svg += "<text x=\"4\" y=\"" + number(top + 4) + "\" font-size=\"11\">" + number(highest) +
           "</text>";
    for (std::size_t i = 0; i < days.size(); ++i) {
        int x = 50 + static_cast<int>(i) * 84;
        double y = base;
        long long total = 0;
        for (auto& [lang, count] : by_day[days[i]]) {
            double h = static_cast<double>(count) * (base - top) / static_cast<double>(highest);
            y -= h;
            total += count;
            svg += "<rect class=\"bar\" data-day=\"" + html_escape(days[i]) + "\" data-lang=\"" +
                   html_escape(lang) + "\" data-count=\"" + number(count) + "\" x=\"" + number(x) +
                   "\" y=\"" + decimal(y, 1) + "\" width=\"" + number(bar) + "\" height=\"" +
                   decimal(h, 1) + "\" fill=\"" + colour[lang] + "\"><title>" + html_escape(lang) +
                   ": " + number(count) + "</title></rect>";
        }
        svg += "<text x=\"" + number(x + bar / 2) + "\" y=\"" + decimal(y - 4, 1) +
               "\" font-size=\"11\" text-anchor=\"middle\">" + number(total) + "</text>";
        svg += "<text x=\"" + number(x + bar / 2) + "\" y=\"" + number(base + 16) +
               "\" font-size=\"11\" text-anchor=\"middle\">" + html_escape(days[i].substr(5)) +
               "</text>";
    }
    std::size_t index = 0;
    for (auto& lang : languages) {
        int x = 50 + static_cast<int>(index % 4) * 140;
        int y = height + 20 * static_cast<int>(index / 4) - 6;
        svg += "<rect x=\"" + number(x) + "\" y=\"" + number(y - 10) +
               "\" width=\"12\" height=\"12\" fill=\"" + colour[lang] + "\"/><text x=\"" +
               number(x + 16) + "\" y=\"" + number(y) + "\" font-size=\"12\">" + html_escape(lang) +
               "</text>";
        ++index;
    }
    return svg + "</svg>";
}

std::string metric_line(const std::string& name, const std::string& labels,
                        const std::string& value) {
    return name + "{" + labels + "} " + value + "\n";
}

} // namespace

Liveness liveness(long long report_hour, int interval_seconds, long long now_hour) {
    long long slack = std::max<long long>(1, (2LL * std::max(1, interval_seconds) + 3599) / 3600);
    long long age = now_hour - report_hour;
    if (age <= slack)
        return Liveness::Online;
    if (age <= slack + 2)
        return Liveness::Late;
    return Liveness::Offline;
}

const char* liveness_name(Liveness liveness) {
    switch (liveness) {
    case Liveness::Online:
        return "online";
    case Liveness::Late:
        return "late";
    case Liveness::Offline:
        break;
    }
    return "offline";
}

std::string html_escape(std::string_view text) {
    return markup_escaped(text);
}

std::string label_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else if (static_cast<unsigned char>(c) >= 0x20)
            out += c;
    }
    return out;
}

Dashboard make_dashboard(const std::vector<KioskReport>& reports, long long now_hour,
                         const std::vector<std::string>& problems) {
    Dashboard out;
    std::uint64_t newest = newest_sequence(reports);
    std::map<Liveness, int> tally;
    int untrusted = 0;
    std::map<std::string, std::vector<const KioskReport*>> by_location;
    for (auto& report : reports)
        by_location[report.location].push_back(&report);

    std::string rows;
    std::string old_content;
    for (auto& [location, group] : by_location) {
        rows += "<h2>" + (location.empty() ? std::string("(no location)") : html_escape(location)) +
                "</h2>\n<table class=\"kiosks\"><tr><th>Kiosk</th><th>State</th><th>Last "
                "report</th><th>Version</th><th>Content</th><th>Last update</th><th>Key</th>"
                "<th>Problems</th><th>Screen</th></tr>\n";
        for (const KioskReport* report : group) {
            Liveness state = liveness(report->hour, report->interval_seconds, now_hour);
            if (untrusted_state(*report))
                ++untrusted;
            else
                ++tally[state];
            bool untrusted = report->trust == Trust::BadSignature || report->trust == Trust::NewKey;
            if (state != Liveness::Online || untrusted)
                out.all_well = false;
            bool old = report->trust != Trust::BadSignature && report->content_sequence < newest;
            if (old)
                old_content += "<li>" + html_escape(report->name) + " (" +
                               number(static_cast<long long>(report->content_sequence)) + ")</li>";
            std::string problem_list;
            for (auto& problem : problems_of(*report, state))
                problem_list += "<li>" + html_escape(problem) + "</li>";
            rows += std::string("<tr class=\"kiosk") + (untrusted ? " bad" : "") +
                    "\" data-name=\"" + html_escape(report->name) + "\" data-state=\"" +
                    state_name(*report, state) + "\" data-trust=\"" + trust_name(report->trust) +
                    "\">";
            rows += "<td>" + html_escape(report->name) + "</td>";
            rows += std::string("<td class=\"state ") + state_name(*report, state) + "\">" +
                    state_name(*report, state) + "</td>";
            rows += "<td>" + html_escape(hour_text(report->hour)) +
                    (report->hour_from_file ? " (arrival)" : "") + "</td>";
            rows += "<td>" + html_escape(report->beacon_version) + " " + html_escape(report->arch) +
                    "</td>";
            rows += std::string("<td") + (old ? " class=\"old\"" : "") + ">" +
                    html_escape(report->content_label) + " #" +
                    number(static_cast<long long>(report->content_sequence)) +
                    (old ? " (old)" : "") + "</td>";
            rows += "<td>" + html_escape(report->last_update_day) + " " +
                    html_escape(report->last_update_result) + "</td>";
            rows += "<td>" + html_escape(trust_name(report->trust)) + " " +
                    html_escape(report->key_id) + "</td>";
            rows += "<td><ul class=\"problems\">" + problem_list + "</ul></td>";
            rows += "<td>" + thumbnail(*report) + "</td></tr>\n";
        }
        rows += "</table>\n";
    }

    std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<title>Beacon fleet</title><style>" +
                       std::string(css) + "</style></head><body>\n<h1>Beacon fleet</h1>\n";
    html += "<p class=\"summary\"><span>" + number(static_cast<long long>(reports.size())) +
            " kiosks</span><span class=\"online\">" + number(tally[Liveness::Online]) +
            " online</span><span class=\"late\">" + number(tally[Liveness::Late]) +
            " late</span><span class=\"offline\">" + number(tally[Liveness::Offline]) +
            " offline</span><span class=\"untrusted\">" + number(untrusted) +
            " untrusted</span><span>made " + html_escape(hour_text(now_hour)) + "</span></p>\n";
    for (auto& problem : problems)
        html += "<p class=\"problems\">" + html_escape(problem) + "</p>\n";
    html += rows;
    html += "<h2>Still on old content</h2>\n";
    html += old_content.empty() ? "<p id=\"old-content\">None: every kiosk shows #" +
                                      number(static_cast<long long>(newest)) + ".</p>\n"
                                : "<ul id=\"old-content\">" + old_content + "</ul>\n";
    html += "<h2>Hotline openings, last 7 days</h2>\n" +
            hotline_chart(reports, now_hour >= 0 ? now_hour / 24 : 0) + "\n</body></html>\n";
    out.html = std::move(html);

    // OpenMetrics: one family per fact, each kiosk a label set.
    std::string m;
    auto family = [&](const char* name, const char* help) {
        m += std::string("# TYPE ") + name + " gauge\n# HELP " + name + " " + help + "\n";
    };
    auto kiosk = [](const KioskReport& r) {
        return "kiosk=\"" + label_escape(r.name) + "\",location=\"" + label_escape(r.location) +
               "\",report=\"" + label_escape(r.file) + "\"";
    };
    family("beacon_kiosk_up",
           "1 when the kiosk reported within its interval (online), with a valid signature.");
    for (auto& r : reports)
        m += metric_line("beacon_kiosk_up", kiosk(r),
                         !untrusted_state(r) &&
                                 liveness(r.hour, r.interval_seconds, now_hour) == Liveness::Online
                             ? "1"
                             : "0");
    family("beacon_kiosk_report_age_seconds",
           "Age of the kiosk's last report, in whole hours (reports carry the hour only).");
    for (auto& r : reports)
        m += metric_line("beacon_kiosk_report_age_seconds", kiosk(r),
                         number((now_hour - r.hour) * 3600));
    family("beacon_kiosk_trusted", "1 when the report is signed by the key enrolled for its name.");
    for (auto& r : reports)
        m += metric_line("beacon_kiosk_trusted", kiosk(r), r.trust == Trust::Enrolled ? "1" : "0");
    family("beacon_kiosk_content_sequence", "The signed sequence of the content the kiosk shows.");
    for (auto& r : reports)
        m += metric_line("beacon_kiosk_content_sequence", kiosk(r),
                         number(static_cast<long long>(r.content_sequence)));
    family("beacon_kiosk_memory_bytes", "The player's resident memory.");
    for (auto& r : reports)
        if (r.memory_bytes)
            m += metric_line("beacon_kiosk_memory_bytes", kiosk(r),
                             number(static_cast<long long>(*r.memory_bytes)));
    family("beacon_kiosk_store_free_bytes", "Free space in the content store.");
    for (auto& r : reports)
        if (r.store_free_bytes)
            m += metric_line("beacon_kiosk_store_free_bytes", kiosk(r),
                             number(static_cast<long long>(*r.store_free_bytes)));
    family("beacon_kiosk_cpu_celsius", "CPU temperature, where the board has a sensor.");
    for (auto& r : reports)
        if (r.cpu_celsius)
            m += metric_line("beacon_kiosk_cpu_celsius", kiosk(r), decimal(*r.cpu_celsius, 1));
    family("beacon_kiosk_skipped_today", "Items skipped today, by reason.");
    for (auto& r : reports)
        for (auto& [why, count] : r.skipped_today)
            m += metric_line("beacon_kiosk_skipped_today",
                             kiosk(r) + ",reason=\"" + label_escape(why) + "\"", number(count));
    family("beacon_kiosk_hotline_openings_7d",
           "Hotline openings over the last 7 days, by language.");
    for (auto& r : reports) {
        std::map<std::string, long long> week;
        for (auto& [day, opened] : r.hotline) {
            auto date = parse_civil_date(day);
            if (date && days_from_civil(*date) > now_hour / 24 - 7)
                for (auto& [lang, count] : opened)
                    week[lang] += count;
        }
        for (auto& [lang, count] : week)
            m += metric_line("beacon_kiosk_hotline_openings_7d",
                             kiosk(r) + ",lang=\"" + label_escape(lang) + "\"", number(count));
    }
    m += "# EOF\n";
    out.metrics = std::move(m);
    return out;
}

} // namespace beacon::fleet

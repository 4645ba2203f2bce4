#include "core/fleet_report.h"

#include <charconv>
#include <cmath>

namespace beacon {

namespace {

// The length of the valid UTF-8 sequence at the start of `text`, or 0.
// Overlong forms, surrogates and code points above U+10FFFF are invalid.
std::size_t utf8_sequence(std::string_view text) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(0);
    if (lead < 0x80)
        return 1;
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    if (length == 0 || lead > 0xF4 || text.size() < length)
        return 0;
    for (std::size_t i = 1; i < length; ++i)
        if ((byte(i) & 0xC0) != 0x80)
            return 0;
    unsigned second = byte(1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90))
        return 0;
    return length;
}

// Cut to at most `limit` bytes, never inside a UTF-8 sequence.
std::string_view cut(std::string_view text, std::size_t limit) {
    if (text.size() <= limit)
        return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

std::string text(std::string_view value) {
    return json_string(cut(value, FleetReport::max_text));
}

std::string number(long long value) {
    return std::to_string(value);
}

std::string number(std::uint64_t value) {
    return std::to_string(value);
}

std::string celsius(double value) {
    if (!std::isfinite(value))
        return "null";
    char buffer[32];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, std::round(value * 10) / 10,
                                      std::chars_format::fixed, 1);
    return error == std::errc() ? std::string(buffer, end) : "null";
}

std::string counts(const std::map<std::string, long long>& map) {
    std::string out = "{";
    for (auto& [key, count] : map) {
        if (out.size() > 1)
            out += ',';
        out += text(key) + ':' + number(count);
    }
    return out + '}';
}

// Appends `"key":value` with a separating comma.
struct Object {
    std::string out = "{";
    Object& add(std::string_view key, const std::string& value) {
        if (out.size() > 1)
            out += ',';
        out += json_string(key);
        out += ':';
        out += value;
        return *this;
    }
    std::string close() { return out + '}'; }
};

} // namespace

std::string json_string(std::string_view value) {
    static const char digits[] = "0123456789abcdef";
    std::string out = "\"";
    while (!value.empty()) {
        std::size_t length = utf8_sequence(value);
        if (length == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD for each byte that starts no valid sequence
            value.remove_prefix(1);
            continue;
        }
        unsigned char c = static_cast<unsigned char>(value[0]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7F) {
            out += "\\u00";
            out += digits[c >> 4];
            out += digits[c & 15];
        } else {
            out.append(value.substr(0, length));
        }
        value.remove_prefix(length);
    }
    return out + '"';
}

bool is_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0)
        return false;
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '+' || c == '/';
        if (c == '=' && i + 2 >= text.size())
            ++padding;
        else if (!letter || padding > 0)
            return false;
    }
    return padding <= 2;
}

void add_counters(FleetReport& report, const DailyStats& stats, const CivilDate& today) {
    report.skipped_today = stats.counts(today, Counter::Skip);
    report.plays_today = stats.counts(today, Counter::Play);
    auto updates = stats.days_with(Counter::Update);
    if (!updates.empty())
        report.last_update =
            FleetReport::LastUpdate{updates.back(), stats.counts(updates.back(), Counter::Update)};
    report.hotline.clear();
    long long last = days_from_civil(today);
    for (long long day = last - FleetReport::hotline_days + 1; day <= last; ++day) {
        CivilDate date = civil_from_days(day);
        auto opened = stats.counts(date, Counter::Hotline);
        if (!opened.empty())
            report.hotline.emplace_back(date, std::move(opened));
    }
}

std::string report_json(const FleetReport& report) {
    Object content;
    content.add("version", text(report.content.version))
        .add("sequence", number(report.content.sequence))
        .add("label", text(report.content.label));
    std::string last_update = "null";
    if (report.last_update)
        last_update = Object()
                          .add("day", text(report.last_update->day.to_string()))
                          .add("results", counts(report.last_update->results))
                          .close();
    std::string hotline = "[";
    for (auto& [date, opened] : report.hotline) {
        if (hotline.size() > 1)
            hotline += ',';
        hotline +=
            Object().add("day", text(date.to_string())).add("opened", counts(opened)).close();
    }
    hotline += ']';
    auto optional_number = [](const std::optional<std::uint64_t>& value) {
        return value ? number(*value) : std::string("null");
    };
    std::string screenshot = "null";
    if (report.screenshot && is_base64(report.screenshot->jpeg_base64) &&
        report.screenshot->jpeg_base64.size() <= FleetReport::Screenshot::max_base64)
        screenshot = Object()
                         .add("type", text("image/jpeg"))
                         .add("width", number((long long)report.screenshot->width))
                         .add("height", number((long long)report.screenshot->height))
                         .add("data", '"' + report.screenshot->jpeg_base64 + '"')
                         .close();
    Object sent;
    if (report.day && report.hour)
        sent.add("day", text(report.day->to_string())).add("hour", number((long long)*report.hour));
    return Object()
        .add("schema", number((long long)report_schema_version))
        .add("name", text(report.name))
        .add("location", text(report.location))
        .add("beacon_version", text(report.beacon_version))
        .add("arch", text(report.arch))
        .add("interval_seconds", number((long long)report.interval_seconds))
        .add("sent", report.day && report.hour ? sent.close() : "null")
        .add("content", content.close())
        .add("last_update", last_update)
        .add("uptime_minutes", number(report.uptime_minutes))
        .add("boot_count", number(report.boot_count))
        .add("render_path", text(report.render_path))
        .add("display_mode", text(report.display_mode))
        .add("clock_trusted", report.clock_trusted ? "true" : "false")
        .add("store_free_bytes", optional_number(report.store_free_bytes))
        .add("memory_bytes", optional_number(report.memory_bytes))
        .add("cpu_celsius", report.cpu_celsius ? celsius(*report.cpu_celsius) : "null")
        .add("skipped_today", counts(report.skipped_today))
        .add("plays_today", counts(report.plays_today))
        .add("hotline", hotline)
        .add("screenshot", screenshot)
        .close();
}

} // namespace beacon

#include "fleet/report_reader.h"

#include "core/fleet_report.h"
#include "core/schedule.h"
#include "fleet/envelope.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sys/stat.h>

namespace beacon::fleet {

namespace {

using Json = nlohmann::json;

// Cut to max_field_text bytes at a UTF-8 boundary; the HTML writer escapes.
std::string cut(std::string text) {
    if (text.size() <= max_field_text)
        return text;
    std::size_t end = max_field_text;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
    return text;
}

std::string text_of(const Json& object, const char* key) {
    auto found = object.find(key);
    if (found == object.end() || !found->is_string())
        return {};
    return cut(found->get<std::string>());
}

template <typename T> std::optional<T> number_of(const Json& object, const char* key) {
    auto found = object.find(key);
    if (found == object.end() || !found->is_number())
        return std::nullopt;
    if constexpr (std::is_floating_point_v<T>)
        return found->get<T>();
    else if (found->is_number_integer() || found->is_number_unsigned()) {
        if (found->is_number_unsigned())
            return static_cast<T>(
                std::min<std::uint64_t>(found->get<std::uint64_t>(), std::uint64_t(1) << 62));
        auto value = found->get<long long>();
        return value < 0 ? std::nullopt : std::optional<T>(static_cast<T>(value));
    }
    return std::nullopt;
}

std::map<std::string, long long> counts_of(const Json& object, const char* key) {
    std::map<std::string, long long> counts;
    auto found = object.find(key);
    if (found == object.end() || !found->is_object())
        return counts;
    for (auto& [name, value] : found->items()) {
        if (counts.size() >= 128)
            break;
        if (value.is_number_integer() && value.get<long long>() >= 0)
            counts[cut(name)] = value.get<long long>();
    }
    return counts;
}

std::optional<long long> hour_index(const std::string& day, long long hour) {
    auto date = parse_civil_date(day);
    if (!date || hour < 0 || hour > 23)
        return std::nullopt;
    return days_from_civil(*date) * 24 + hour;
}

void fill(KioskReport& row, const Json& report) {
    row.name = text_of(report, "name");
    row.location = text_of(report, "location");
    row.beacon_version = text_of(report, "beacon_version");
    row.arch = text_of(report, "arch");
    row.interval_seconds = static_cast<int>(std::clamp<long long>(
        number_of<long long>(report, "interval_seconds").value_or(300), 1, 86'400));
    if (auto sent = report.find("sent"); sent != report.end() && sent->is_object()) {
        auto hour =
            hour_index(text_of(*sent, "day"), number_of<long long>(*sent, "hour").value_or(-1));
        if (hour) {
            row.hour = *hour;
            row.hour_from_file = false;
        }
    }
    if (auto content = report.find("content"); content != report.end() && content->is_object()) {
        row.content_version = text_of(*content, "version");
        row.content_label = text_of(*content, "label");
        row.content_sequence = number_of<std::uint64_t>(*content, "sequence").value_or(0);
    }
    if (auto update = report.find("last_update"); update != report.end() && update->is_object()) {
        row.last_update_day = text_of(*update, "day");
        for (auto& [result, count] : counts_of(*update, "results"))
            row.last_update_result += (row.last_update_result.empty() ? "" : ", ") + result;
    }
    row.uptime_minutes = number_of<long long>(report, "uptime_minutes").value_or(0);
    row.boot_count = number_of<long long>(report, "boot_count").value_or(0);
    row.render_path = text_of(report, "render_path");
    row.display_mode = text_of(report, "display_mode");
    if (auto trusted = report.find("clock_trusted");
        trusted != report.end() && trusted->is_boolean())
        row.clock_trusted = trusted->get<bool>();
    row.store_free_bytes = number_of<std::uint64_t>(report, "store_free_bytes");
    row.memory_bytes = number_of<std::uint64_t>(report, "memory_bytes");
    row.cpu_celsius = number_of<double>(report, "cpu_celsius");
    row.skipped_today = counts_of(report, "skipped_today");
    if (auto shot = report.find("screenshot"); shot != report.end() && shot->is_object()) {
        auto width = number_of<long long>(*shot, "width").value_or(0);
        auto height = number_of<long long>(*shot, "height").value_or(0);
        auto data = shot->find("data");
        auto type = shot->find("type");
        // "/9j/" is base64 of FF D8 FF, the start of every JPEG file.
        if (type != shot->end() && *type == "image/jpeg" && data != shot->end() &&
            data->is_string() && width >= 1 && width <= FleetReport::Screenshot::max_width &&
            height >= 1 && height <= 4 * FleetReport::Screenshot::max_width) {
            const std::string& text = data->get_ref<const std::string&>();
            if (text.size() <= FleetReport::Screenshot::max_base64 && is_base64(text) &&
                text.rfind("/9j/", 0) == 0)
                row.screenshot = KioskReport::Screenshot{static_cast<int>(width),
                                                         static_cast<int>(height), text};
        }
    }
    if (auto hotline = report.find("hotline"); hotline != report.end() && hotline->is_array())
        for (auto& day : *hotline) {
            if (!day.is_object() || row.hotline.size() >= 31)
                continue;
            std::string date = text_of(day, "day");
            if (parse_civil_date(date))
                row.hotline[date] = counts_of(day, "opened");
        }
}

std::string stem(const std::string& file) {
    auto dot = file.rfind('.');
    return dot == std::string::npos ? file : file.substr(0, dot);
}

} // namespace

const char* trust_name(Trust trust) {
    switch (trust) {
    case Trust::Enrolled:
        return "enrolled";
    case Trust::Unknown:
        return "unknown key";
    case Trust::NewKey:
        return "new key for a known name";
    case Trust::BadSignature:
        break;
    }
    return "bad signature";
}

EnrolledKeys load_enrolled_keys(FileSystem& fs, const Path& folder) {
    EnrolledKeys enrolled;
    if (folder.empty())
        return enrolled;
    auto names = fs.list(folder);
    if (!names) {
        enrolled.problems.push_back(names.error().message);
        return enrolled;
    }
    for (auto& file : names.value()) {
        Path path(file);
        if (path.extension() != ".pub")
            continue;
        std::string name = path.stem().string();
        if (name.rfind("beacon-enrol-", 0) == 0)
            name = name.substr(std::string_view("beacon-enrol-").size());
        auto text = read_small_file(fs, folder / file, 4096);
        auto key = text ? update::parse_public_key(text.value(), (folder / file).string())
                        : Result<update::PublicKey>(text.error());
        if (!key)
            enrolled.problems.push_back(key.error().message);
        else
            enrolled.by_name[name] = key.value();
    }
    return enrolled;
}

KioskReport unreadable_report(const std::string& file, long long arrived_hour,
                              const std::string& problem) {
    KioskReport row;
    row.file = cut(file);
    row.name = cut(stem(file));
    row.hour = arrived_hour;
    row.hour_from_file = true;
    row.problems.push_back(problem);
    return row;
}

KioskReport read_report(std::string_view text, const std::string& file, long long arrived_hour,
                        const EnrolledKeys& enrolled) {
    KioskReport row;
    row.file = cut(file);
    row.name = cut(stem(file));
    row.hour = arrived_hour;
    row.hour_from_file = true;
    auto opened = open_report(text, file);
    if (!opened) {
        row.problems.push_back(opened.error().message);
        return row;
    }
    row.key_id = opened.value().key.id();
    // Nothing of a report whose signature fails is shown or counted: only
    // its file name, as the kiosk it claims to be.
    if (opened.value().seal != OpenedReport::Seal::Valid) {
        row.trust = Trust::BadSignature;
        row.problems.push_back("the signature does not match the report");
        return row;
    }
    Json report = Json::parse(opened.value().report, nullptr, false);
    if (report.is_discarded() || !report.is_object()) {
        row.problems.push_back(file + ": the report is not a JSON object");
        return row;
    }
    fill(row, report);
    if (row.name.empty())
        row.name = cut(stem(file));
    auto known = enrolled.by_name.find(row.name);
    if (known == enrolled.by_name.end())
        row.trust = Trust::Unknown;
    else if (known->second.bytes == opened.value().key.bytes)
        row.trust = Trust::Enrolled;
    else
        row.trust = Trust::NewKey;
    if (stem(file) != row.name)
        row.problems.push_back("reported as \"" + row.name + "\" in a file named " + row.file);
    return row;
}

Result<std::vector<KioskReport>> read_report_folder(FileSystem& fs, const Path& folder,
                                                    const EnrolledKeys& enrolled) {
    auto names = fs.list(folder);
    if (!names)
        return names.error();
    std::sort(names.value().begin(), names.value().end());
    std::vector<KioskReport> rows;
    for (auto& file : names.value()) {
        if (Path(file).extension() != ".json" || rows.size() >= max_report_files)
            continue;
        Path path = folder / file;
        struct stat info {};
        if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
            continue;
        long long arrived_hour = static_cast<long long>(info.st_mtime) / 3600;
        auto text = read_small_file(fs, path, max_envelope_bytes);
        if (!text) {
            rows.push_back(unreadable_report(file, arrived_hour, text.error().message));
            continue;
        }
        rows.push_back(read_report(text.value(), file, arrived_hour, enrolled));
    }
    return rows;
}

} // namespace beacon::fleet

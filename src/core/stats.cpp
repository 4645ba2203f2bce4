#include "core/stats.h"

#include <charconv>

namespace beacon {

namespace {

std::optional<Counter> counter_from(std::string_view name) {
    for (Counter counter :
         {Counter::Play, Counter::Hotline, Counter::Update, Counter::Skip, Counter::Awake})
        if (counter_name(counter) == name)
            return counter;
    return std::nullopt;
}

std::vector<std::string_view> split(std::string_view line, char separator) {
    std::vector<std::string_view> cells;
    while (true) {
        auto at = line.find(separator);
        cells.push_back(line.substr(0, at));
        if (at == std::string_view::npos)
            return cells;
        line = line.substr(at + 1);
    }
}

} // namespace

std::string_view counter_name(Counter counter) {
    switch (counter) {
    case Counter::Play:
        return "play";
    case Counter::Hotline:
        return "hotline";
    case Counter::Update:
        return "update";
    case Counter::Skip:
        return "skip";
    case Counter::Awake:
        return "awake";
    }
    return "play";
}

std::string stats_key(std::string_view raw) {
    std::string key(raw.substr(0, DailyStats::max_key_length));
    for (char& c : key) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '_' || c == '.' || c == '-';
        if (!plain)
            c = '_';
    }
    return key.empty() ? "_" : key;
}

void DailyStats::add(const CivilDate& date, Counter counter, std::string_view key,
                     long long amount) {
    if (amount <= 0)
        return;
    auto& day = m_days[date];
    Key full{counter, stats_key(key)};
    auto found = day.find(full);
    if (found != day.end())
        found->second += amount;
    else if (day.size() < max_keys_per_day)
        day.emplace(std::move(full), amount);
    trim();
}

void DailyStats::move(const CivilDate& date, Counter counter, std::string_view from,
                      std::string_view to) {
    auto day = m_days.find(date);
    if (day == m_days.end())
        return;
    auto found = day->second.find(Key{counter, stats_key(from)});
    if (found == day->second.end() || found->second <= 0)
        return;
    if (--found->second == 0)
        day->second.erase(found);
    add(date, counter, to);
}

std::map<std::string, long long> DailyStats::counts(const CivilDate& date, Counter counter) const {
    std::map<std::string, long long> found;
    auto day = m_days.find(date);
    if (day == m_days.end())
        return found;
    for (auto& [key, amount] : day->second)
        if (key.first == counter)
            found.emplace(key.second, amount);
    return found;
}

std::vector<CivilDate> DailyStats::days_with(Counter counter) const {
    std::vector<CivilDate> days;
    for (auto& [date, keys] : m_days)
        for (auto& entry : keys)
            if (entry.first.first == counter) {
                days.push_back(date);
                break;
            }
    return days;
}

long long DailyStats::count(const CivilDate& date, Counter counter, std::string_view key) const {
    auto day = m_days.find(date);
    if (day == m_days.end())
        return 0;
    auto found = day->second.find(Key{counter, stats_key(key)});
    return found == day->second.end() ? 0 : found->second;
}

void DailyStats::trim() {
    while (m_days.size() > max_days)
        m_days.erase(m_days.begin());
}

std::string DailyStats::to_csv() const {
    std::string out = "date,counter,key,count\n";
    for (auto& [date, counters] : m_days) {
        for (auto& [key, count] : counters) {
            out += date.to_string();
            out += ',';
            out += counter_name(key.first);
            out += ',';
            out += key.second;
            out += ',';
            out += std::to_string(count);
            out += '\n';
        }
    }
    return out;
}

ParsedStats parse_stats_csv(std::string_view text, const std::string& source) {
    ParsedStats result;
    int line_number = 0;
    while (!text.empty()) {
        ++line_number;
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty() || (line_number == 1 && line == "date,counter,key,count"))
            continue;
        auto cells = split(line, ',');
        std::optional<CivilDate> date;
        std::optional<Counter> counter;
        long long count = 0;
        bool ok = cells.size() == 4;
        if (ok) {
            date = parse_civil_date(cells[0]);
            counter = counter_from(cells[1]);
            auto [ptr, error] =
                std::from_chars(cells[3].data(), cells[3].data() + cells[3].size(), count);
            ok = date && counter && !cells[2].empty() && stats_key(cells[2]) == cells[2] &&
                 error == std::errc() && ptr == cells[3].data() + cells[3].size() && count > 0 &&
                 count < 1'000'000'000;
        }
        if (!ok) {
            result.diagnostics.push_back(
                {source, line_number, "expected \"date,counter,key,count\"; row skipped"});
            continue;
        }
        result.stats.add(*date, *counter, cells[2], count);
    }
    return result;
}

} // namespace beacon

#include "system/stats_file.h"

#include "system/files.h"
#include "system/filesystem.h"
#include "system/log.h"
#include "system/service.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace beacon {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t max_stats_bytes = 4 * 1024 * 1024;

Error system_error(const char* call, const fs::path& path) {
    return io_error(call, path, errno);
}

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || !name[0])
        return "kiosk";
    return stats_key(name);
}

} // namespace

Status write_file_atomically(const fs::path& path, std::string_view text, std::time_t stamp) {
    fs::path partial = path;
    partial += ".partial";
    int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (fd < 0)
        return system_error("open", partial);
    auto fail = [&](const char* call) {
        Error error = system_error(call, partial);
        ::close(fd);
        ::unlink(partial.c_str());
        return error;
    };
    for (std::size_t done = 0; done < text.size();) {
        ssize_t written = ::write(fd, text.data() + done, text.size() - done);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return fail("write");
        done += static_cast<std::size_t>(written);
    }
    if (::fsync(fd) != 0)
        return fail("fsync");
    timespec times[2] = {{stamp, 0}, {stamp, 0}};
    if (::futimens(fd, times) != 0)
        return fail("futimens");
    if (::close(fd) != 0) {
        ::unlink(partial.c_str());
        return system_error("close", partial);
    }
    if (::rename(partial.c_str(), path.c_str()) != 0) {
        Error error = system_error("rename", path);
        ::unlink(partial.c_str());
        return error;
    }
    fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    if (int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        // The rename touched the folder's times; they too say only "that day".
        ::futimens(dir, times);
        ::close(dir);
    }
    return Done{};
}

StatsFile::StatsFile(fs::path folder) : m_path(std::move(folder) / "stats.csv") {}

Result<ParsedStats> StatsFile::load() const {
    std::error_code error;
    if (!fs::exists(m_path, error))
        return ParsedStats{};
    auto text = read_text_file(m_path, max_stats_bytes);
    if (!text)
        return text.error();
    return parse_stats_csv(text.value(), m_path.string());
}

Status StatsFile::save(const DailyStats& stats, std::time_t stamp) const {
    return write_file_atomically(m_path, stats.to_csv(), stamp);
}

StatsExporter::StatsExporter(fs::path stick_root) : m_root(std::move(stick_root)) {}

std::vector<fs::path> StatsExporter::poll(const DailyStats& stats, std::time_t stamp) {
    std::vector<fs::path> written;
    std::error_code error;
    if (m_root.empty() || !fs::is_directory(m_root, error))
        return written;
    std::vector<fs::path> folders{m_root};
    for (auto& entry : fs::directory_iterator(m_root, error))
        if (entry.is_directory(error))
            folders.push_back(entry.path());
    for (auto& folder : folders) {
        struct stat info;
        fs::path request = folder / request_name;
        if (::stat(request.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
            continue;
        auto identity = std::make_pair(static_cast<unsigned long long>(info.st_dev),
                                       static_cast<unsigned long long>(info.st_ino));
        if (m_done.contains(identity))
            continue;
        m_done.insert(identity);
        fs::path target = folder / ("beacon-stats-" + host_name() + ".csv");
        if (auto saved = write_file_atomically(target, stats.to_csv(), stamp); saved)
            written.push_back(target);
        else
            m_done.erase(identity); // try again at the next poll
    }
    return written;
}

StatsRecorder::StatsRecorder(const fs::path& state_dir, const fs::path& stick_root)
    : m_file(state_dir), m_exporter(stick_root) {
    std::error_code error;
    if (!fs::is_directory(state_dir, error)) {
        log::warning("the state folder " + state_dir.string() +
                     " does not exist; daily counters are kept in memory only");
        m_can_save = false;
        return;
    }
    auto loaded = m_file.load();
    if (!loaded) {
        log::warning("cannot read " + m_file.path().string() + ": " + loaded.error().message +
                     "; starting the counters afresh");
        return;
    }
    for (auto& problem : loaded.value().diagnostics)
        log::warning(problem.to_string());
    m_stats = std::move(loaded.value().stats);
}

void StatsRecorder::count_play(const CivilDate& today, std::string_view item_id) {
    m_stats.add(today, Counter::Play, item_id);
}

void StatsRecorder::count_hotline(const CivilDate& today, std::string_view lang) {
    m_stats.add(today, Counter::Hotline, lang);
}

void StatsRecorder::hotline_language_changed(const CivilDate& today, std::string_view from,
                                             std::string_view to) {
    m_stats.move(today, Counter::Hotline, from, to);
}

void StatsRecorder::count_update(const CivilDate& today, std::string_view result) {
    m_stats.add(today, Counter::Update, result);
}

void StatsRecorder::count_skip(const CivilDate& today, std::string_view why) {
    m_stats.add(today, Counter::Skip, why);
}

void StatsRecorder::count_awake(const CivilDate& today, std::chrono::steady_clock::duration awake) {
    if (today != m_awake_day) {
        m_awake_day = today;
        m_awake_carry = {};
    }
    m_awake_carry += awake;
    auto hours = std::chrono::duration_cast<std::chrono::hours>(m_awake_carry);
    if (hours.count() > 0) {
        m_stats.add(today, Counter::Awake, "hours", hours.count());
        m_awake_carry -= hours;
    }
}

void StatsRecorder::save(const CivilDate& today) {
    if (!m_can_save)
        return;
    if (auto saved = m_file.save(m_stats, service::local_midnight(today)); !saved)
        log::error_once_per(std::chrono::hours(24),
                            "cannot save the daily counters: " + saved.error().message);
}

void StatsRecorder::tick(SteadyTime now, const CivilDate& today) {
    if (!m_last_save)
        m_last_save = now;
    if (now - *m_last_save >= save_every) {
        m_last_save = now;
        save(today);
    }
    if (!m_last_stick_look || now - *m_last_stick_look >= look_for_sticks_every) {
        m_last_stick_look = now;
        for (auto& written : m_exporter.poll(m_stats, service::local_midnight(today)))
            log::info("daily counters exported to " + written.string());
    }
}

std::optional<StatsRecorder::SteadyTime> StatsRecorder::next_wake() const {
    if (!m_last_save || !m_last_stick_look)
        return SteadyTime::min();
    return std::min(*m_last_save + save_every, *m_last_stick_look + look_for_sticks_every);
}

} // namespace beacon

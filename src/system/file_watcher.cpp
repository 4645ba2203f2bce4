#include "system/file_watcher.h"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace beacon {

namespace {

Error system_error(const char* call, const std::string& what) {
    return Error::from_errno(errno, std::string(call) + "(" + what + ")");
}

void drain(int fd) {
    char buffer[4096];
    while (::read(fd, buffer, sizeof buffer) > 0) {
    }
}

} // namespace

Result<std::unique_ptr<FileWatcher>> FileWatcher::create() {
    std::unique_ptr<FileWatcher> watcher(new FileWatcher());
    watcher->m_inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (watcher->m_inotify < 0)
        return system_error("inotify_init1", "");
    watcher->m_stop = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (watcher->m_stop < 0)
        return system_error("eventfd", "");
    return watcher;
}

FileWatcher::~FileWatcher() {
    for (int fd : {m_inotify, m_mounts, m_stop})
        if (fd >= 0)
            ::close(fd);
}

Status FileWatcher::watch(const std::filesystem::path& folder) {
    constexpr std::uint32_t mask = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                   IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF |
                                   IN_UNMOUNT | IN_ONLYDIR;
    if (::inotify_add_watch(m_inotify, folder.c_str(), mask) < 0)
        return system_error("inotify_add_watch", folder.string());
    return Done{};
}

Status FileWatcher::watch_mounts() {
    if (m_mounts >= 0)
        return Done{};
    // The kernel flags this file POLLPRI whenever the mount table changes.
    m_mounts = ::open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    if (m_mounts < 0)
        return system_error("open", "/proc/self/mountinfo");
    drain(m_mounts);
    return Done{};
}

FileWatcher::Wake FileWatcher::wait(std::chrono::milliseconds timeout) {
    pollfd fds[3] = {{m_stop, POLLIN, 0}, {m_inotify, POLLIN, 0}, {m_mounts, POLLPRI, 0}};
    nfds_t count = m_mounts >= 0 ? 3 : 2;
    int ready = ::poll(fds, count, static_cast<int>(std::max<long long>(0, timeout.count())));
    if (ready < 0 && errno != EINTR)
        return Wake::Timeout;
    if (fds[0].revents)
        return Wake::Stopped;
    bool changed = false;
    if (fds[1].revents & POLLIN) {
        drain(m_inotify);
        changed = true;
    }
    if (count == 3 && fds[2].revents & (POLLPRI | POLLERR)) {
        ::lseek(m_mounts, 0, SEEK_SET);
        drain(m_mounts);
        changed = true;
    }
    return changed ? Wake::Changed : Wake::Timeout;
}

void FileWatcher::stop() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(m_stop, &one, sizeof one);
}

} // namespace beacon

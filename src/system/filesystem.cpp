#include "system/filesystem.h"

#include "system/unique_fd.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <utility>

namespace beacon {

namespace {

// Written data may stay dirty this long (bytes) before the copy waits for
// the disk; past it, pages already on disk are dropped from the cache.
constexpr std::uint64_t write_back_step = 8 << 20;
constexpr std::uint64_t write_back_window = 256 << 20;
// The most one write() hands the kernel, as `cp` does with its 64 KB pipe
// buffers. A buffered write allocates page-cache folios sized to the write,
// and on a virtual machine that hands free memory back to its host (virtio
// free page reporting) large folios come from the blocks handed back, whose
// first touch then faults in the hypervisor: on the bench's host, writing
// 500 MB 1 MB at a time cost 1.4-1.8 s of system time, 64 KB at a time
// 0.4-0.95 s, `cp` 0.2-0.4 s (bench/analysis.md, issue 22, target 3). The
// extra calls (16 per megabyte) cost microseconds each.
constexpr std::size_t write_piece = 64 << 10;

using Fd = system::UniqueFd;

FileInfo info_from(const struct stat& st) {
    FileInfo info;
    if (S_ISREG(st.st_mode))
        info.type = FileInfo::Type::File;
    else if (S_ISDIR(st.st_mode))
        info.type = FileInfo::Type::Directory;
    else if (S_ISLNK(st.st_mode))
        info.type = FileInfo::Type::Symlink;
    else
        info.type = FileInfo::Type::Other;
    info.size = static_cast<std::uint64_t>(st.st_size);
    info.links = st.st_nlink;
    info.mode = static_cast<unsigned>(st.st_mode & 07777);
    return info;
}

std::vector<std::string> components(const std::string& relative) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= relative.size()) {
        std::size_t end = relative.find('/', start);
        if (end == std::string::npos)
            end = relative.size();
        parts.push_back(relative.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

bool bad_component(const std::string& part) {
    return part.empty() || part == "." || part == "..";
}

class PosixInputFile final : public InputFile {
  public:
    PosixInputFile(Fd fd, Path path) : m_fd(std::move(fd)), m_path(std::move(path)) {
        ::posix_fadvise(m_fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    Result<std::size_t> read(std::span<std::byte> buffer) override {
        for (;;) {
            ssize_t n = ::read(m_fd.get(), buffer.data(), buffer.size());
            if (n >= 0)
                return static_cast<std::size_t>(n);
            if (errno != EINTR)
                return io_error("read", m_path, errno);
        }
    }
    Result<std::uint64_t> size() override {
        struct stat st {};
        if (::fstat(m_fd.get(), &st) != 0)
            return io_error("fstat", m_path, errno);
        return static_cast<std::uint64_t>(st.st_size);
    }

  private:
    Fd m_fd;
    Path m_path;
};

class PosixOutputFile final : public OutputFile {
  public:
    PosixOutputFile(Fd fd, Path path, std::uint64_t offset)
        : m_fd(std::move(fd)), m_path(std::move(path)), m_written(offset), m_started(offset),
          m_dropped(offset) {}
    ~PosixOutputFile() override = default;

    Status write(std::span<const std::byte> data) override {
        while (!data.empty()) {
            ssize_t n = ::write(m_fd.get(), data.data(), std::min(data.size(), write_piece));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return io_error("write", m_path, errno);
            data = data.subspan(static_cast<std::size_t>(n));
            m_written += static_cast<std::uint64_t>(n);
        }
        return Done{};
    }
    void write_back_early() override {
        if (m_written - m_started < write_back_step)
            return;
        ::sync_file_range(m_fd.get(), static_cast<off_t>(m_started),
                          static_cast<off_t>(m_written - m_started), SYNC_FILE_RANGE_WRITE);
        m_started = m_written;
        if (m_started - m_dropped <= write_back_window)
            return;
        std::uint64_t end = m_started - write_back_window;
        ::sync_file_range(
            m_fd.get(), static_cast<off_t>(m_dropped), static_cast<off_t>(end - m_dropped),
            SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
        ::posix_fadvise(m_fd.get(), static_cast<off_t>(m_dropped),
                        static_cast<off_t>(end - m_dropped), POSIX_FADV_DONTNEED);
        m_dropped = end;
    }
    Status sync() override {
        if (::fsync(m_fd.get()) != 0)
            return io_error("fsync", m_path, errno);
        return Done{};
    }
    Status close() override {
        int fd = m_fd.release();
        if (fd >= 0 && ::close(fd) != 0)
            return io_error("close", m_path, errno);
        return Done{};
    }

  private:
    Fd m_fd;
    Path m_path;
    std::uint64_t m_written;
    std::uint64_t m_started; // write-back started up to here
    std::uint64_t m_dropped; // on disk and dropped from the cache up to here
};

class FlockLock final : public Lock {
  public:
    explicit FlockLock(Fd fd) : m_fd(std::move(fd)) {}

  private:
    Fd m_fd; // closing it releases the lock
};

// Opens the folder that holds the last component of base/relative, walking
// `relative` without following any symlink. Returns the folder and the name.
Result<std::pair<Fd, std::string>> open_parent_beneath(const Path& base,
                                                       const std::string& relative) {
    Fd dir(::open(base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0)
        return io_error("open", base, errno);
    auto parts = components(relative);
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        if (bad_component(parts[i]))
            return io_error("open", base / relative, EINVAL);
        Fd next(
            ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0)
            return io_error("open", base / relative, errno);
        dir = std::move(next);
    }
    if (bad_component(parts.back()))
        return io_error("open", base / relative, EINVAL);
    return std::pair<Fd, std::string>(std::move(dir), parts.back());
}

} // namespace

Error io_error(const char* call, const Path& path, int code) {
    return Error::from_errno(code, std::string(call) + "(" + path.string() + ")");
}

FileSystem& posix_file_system() {
    static PosixFileSystem real;
    return real;
}

FileInfo PosixFileSystem::stat(const Path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
        return {};
    return info_from(st);
}

namespace {

// A lookup that failed: missing, or unreadable for another reason.
FileInfo failed_lookup() {
    FileInfo info;
    if (errno != ENOENT && errno != ENOTDIR)
        info.type = FileInfo::Type::Unreadable;
    return info;
}

} // namespace

FileInfo PosixFileSystem::stat_beneath(const Path& base, const std::string& relative) {
    Fd dir(::open(base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0)
        return failed_lookup();
    auto parts = components(relative);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (bad_component(parts[i]))
            return {FileInfo::Type::Other};
        struct stat st {};
        if (::fstatat(dir.get(), parts[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            return failed_lookup();
        FileInfo info = info_from(st);
        if (i + 1 == parts.size() || info.type != FileInfo::Type::Directory)
            return info;
        Fd next(
            ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0)
            return failed_lookup();
        dir = std::move(next);
    }
    return {};
}

namespace {

// The one place files are opened for reading. O_NONBLOCK: opening a FIFO
// would otherwise wait for a writer forever; the file type is checked on the
// open descriptor, so nothing can be swapped in between.
Result<std::unique_ptr<InputFile>> open_regular(int dir, const char* name, int flags,
                                                const Path& path) {
    Fd fd(::openat(dir, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags));
    if (fd.get() < 0)
        return io_error("open", path, errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return io_error("fstat", path, errno);
    if (!S_ISREG(st.st_mode))
        return Error{path.string() + " is not a regular file"};
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    return std::unique_ptr<InputFile>(new PosixInputFile(std::move(fd), path));
}

} // namespace

Result<std::unique_ptr<InputFile>> PosixFileSystem::open_read(const Path& path) {
    return open_regular(AT_FDCWD, path.c_str(), 0, path);
}

Result<std::unique_ptr<InputFile>> PosixFileSystem::open_read_beneath(const Path& base,
                                                                      const std::string& relative) {
    auto [dir, name] = TRY(open_parent_beneath(base, relative));
    return open_regular(dir.get(), name.c_str(), O_NOFOLLOW, base / relative);
}

Result<std::unique_ptr<OutputFile>> PosixFileSystem::create(const Path& path) {
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd.get() < 0)
        return io_error("open", path, errno);
    return std::unique_ptr<OutputFile>(new PosixOutputFile(std::move(fd), path, 0));
}

Result<std::unique_ptr<OutputFile>> PosixFileSystem::open_append(const Path& path) {
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (fd.get() < 0)
        return io_error("open", path, errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return io_error("fstat", path, errno);
    return std::unique_ptr<OutputFile>(
        new PosixOutputFile(std::move(fd), path, static_cast<std::uint64_t>(st.st_size)));
}

Status PosixFileSystem::make_dir(const Path& path) {
    if (::mkdir(path.c_str(), 0755) != 0) {
        struct stat st {};
        if (errno == EEXIST && ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            return Done{};
        return io_error("mkdir", path, errno);
    }
    return Done{};
}

Status PosixFileSystem::link(const Path& existing, const Path& new_path) {
    if (::link(existing.c_str(), new_path.c_str()) != 0)
        return io_error("link", new_path, errno);
    return Done{};
}

Status PosixFileSystem::symlink(const std::string& target, const Path& link) {
    if (::symlink(target.c_str(), link.c_str()) != 0)
        return io_error("symlink", link, errno);
    return Done{};
}

Result<std::string> PosixFileSystem::read_link(const Path& link) {
    char buffer[4096];
    ssize_t n = ::readlink(link.c_str(), buffer, sizeof buffer);
    if (n < 0)
        return io_error("readlink", link, errno);
    if (static_cast<std::size_t>(n) == sizeof buffer)
        return io_error("readlink", link, ENAMETOOLONG);
    return std::string(buffer, static_cast<std::size_t>(n));
}

Status PosixFileSystem::rename(const Path& from, const Path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        return io_error("rename", to, errno);
    return Done{};
}

Status PosixFileSystem::remove(const Path& path) {
    if (::unlink(path.c_str()) == 0)
        return Done{};
    if (errno == EISDIR || errno == EPERM) {
        if (::rmdir(path.c_str()) == 0)
            return Done{};
        return io_error("rmdir", path, errno);
    }
    return io_error("unlink", path, errno);
}

Status PosixFileSystem::remove_all(const Path& path) {
    std::error_code error;
    std::filesystem::remove_all(path, error);
    if (error)
        return io_error("remove", path, error.value());
    return Done{};
}

Result<std::vector<std::string>> PosixFileSystem::list(const Path& folder) {
    DIR* dir = ::opendir(folder.c_str());
    if (!dir)
        return io_error("opendir", folder, errno);
    std::vector<std::string> names;
    errno = 0;
    while (struct dirent* entry = ::readdir(dir)) {
        std::string_view name = entry->d_name;
        if (name != "." && name != "..")
            names.emplace_back(name);
    }
    int code = errno;
    ::closedir(dir);
    if (code)
        return io_error("readdir", folder, code);
    return names;
}

Status PosixFileSystem::sync_dir(const Path& folder) {
    Fd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0)
        return io_error("open", folder, errno);
    if (::fsync(fd.get()) != 0)
        return io_error("fsync", folder, errno);
    return Done{};
}

Status PosixFileSystem::sync_filesystem(const Path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return io_error("open", path, errno);
    if (::syncfs(fd.get()) != 0)
        return io_error("syncfs", path, errno);
    return Done{};
}

Result<std::uint64_t> PosixFileSystem::free_bytes(const Path& folder) {
    struct statvfs st {};
    if (::statvfs(folder.c_str(), &st) != 0)
        return io_error("statvfs", folder, errno);
    return static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
}

Result<std::unique_ptr<Lock>> PosixFileSystem::lock(const Path& path) {
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (fd.get() < 0)
        return io_error("open", path, errno);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0)
        return io_error("flock", path, errno);
    return std::unique_ptr<Lock>(new FlockLock(std::move(fd)));
}

} // namespace beacon

#pragma once

// The one filesystem layer: every file operation of the store, the
// installer, the key ring and the content root, behind a small interface so
// tests can make them fail on purpose (a full disk, a stick pulled out
// mid-copy). PosixFileSystem is the real one; posix_file_system() is a
// shared instance of it (stateless, so any thread may use it).
//
// Errors name the call and the path, "write(/var/lib/beacon/store/x): No
// space left on device", and carry the errno's ErrorCode (core/error.h):
// callers tell a full disk by ErrorCode::DiskFull, never by the words.

#include "core/result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace beacon {

using Path = std::filesystem::path;

struct FileInfo {
    // Unreadable: the lookup itself failed (EIO, a stick pulled out).
    enum class Type { Missing, File, Directory, Symlink, Other, Unreadable };
    Type type = Type::Missing;
    std::uint64_t size = 0;
    std::uint64_t links = 0; // hard links to the inode
    unsigned mode = 0;       // permission bits (st_mode & 07777)
};

class InputFile {
  public:
    virtual ~InputFile() = default;
    // Reads up to buffer.size() bytes; 0 means the end of the file.
    virtual Result<std::size_t> read(std::span<std::byte> buffer) = 0;
    virtual Result<std::uint64_t> size() = 0;
};

class OutputFile {
  public:
    virtual ~OutputFile() = default;
    virtual Status write(std::span<const std::byte> data) = 0;
    // Starts writing back what was written so far without waiting, and
    // drops pages written long enough ago from the cache, so a large copy
    // neither piles up dirty memory nor evicts the player's media.
    virtual void write_back_early() {}
    virtual Status sync() = 0; // fsync
    virtual Status close() = 0;
};

// An exclusive lock held until destroyed.
class Lock {
  public:
    virtual ~Lock() = default;
};

class FileSystem {
  public:
    virtual ~FileSystem() = default;

    // lstat(): a symlink is reported as one, never followed.
    virtual FileInfo stat(const Path& path) = 0;
    // Like stat() for base/relative, but a symlink in any component of
    // `relative` is reported as Type::Symlink.
    virtual FileInfo stat_beneath(const Path& base, const std::string& relative) = 0;
    // Both open_read functions open regular files only: a FIFO, a device or
    // a socket is refused ("... is not a regular file") without waiting on
    // it, so a planted FIFO cannot hang whoever reads keys or bundles.
    virtual Result<std::unique_ptr<InputFile>> open_read(const Path& path) = 0;
    // Opens base/relative, refusing a symlink in any component of `relative`.
    virtual Result<std::unique_ptr<InputFile>> open_read_beneath(const Path& base,
                                                                 const std::string& relative) = 0;
    // A new file (fails if it exists), mode 0644.
    virtual Result<std::unique_ptr<OutputFile>> create(const Path& path) = 0;
    // Appends to `path`, creating it if needed.
    virtual Result<std::unique_ptr<OutputFile>> open_append(const Path& path) = 0;
    virtual Status make_dir(const Path& path) = 0; // an existing folder is fine
    virtual Status link(const Path& existing, const Path& new_path) = 0;
    virtual Status symlink(const std::string& target, const Path& link) = 0;
    virtual Result<std::string> read_link(const Path& link) = 0;
    virtual Status rename(const Path& from, const Path& to) = 0;
    virtual Status remove(const Path& path) = 0;     // a file, a link or an empty folder
    virtual Status remove_all(const Path& path) = 0; // never follows symlinks
    virtual Result<std::vector<std::string>> list(const Path& folder) = 0;
    virtual Status sync_dir(const Path& folder) = 0;
    // syncfs(): every file and folder written on the filesystem holding
    // `path` is on disk when it returns. One call instead of an fsync per
    // file lets the kernel write a whole bundle back in one sweep.
    virtual Status sync_filesystem(const Path& path) = 0;
    virtual Result<std::uint64_t> free_bytes(const Path& folder) = 0;
    // Fails at once if another process holds it.
    virtual Result<std::unique_ptr<Lock>> lock(const Path& path) = 0;
};

class PosixFileSystem final : public FileSystem {
  public:
    FileInfo stat(const Path& path) override;
    FileInfo stat_beneath(const Path& base, const std::string& relative) override;
    Result<std::unique_ptr<InputFile>> open_read(const Path& path) override;
    Result<std::unique_ptr<InputFile>> open_read_beneath(const Path& base,
                                                         const std::string& relative) override;
    Result<std::unique_ptr<OutputFile>> create(const Path& path) override;
    Result<std::unique_ptr<OutputFile>> open_append(const Path& path) override;
    Status make_dir(const Path& path) override;
    Status link(const Path& existing, const Path& new_path) override;
    Status symlink(const std::string& target, const Path& link) override;
    Result<std::string> read_link(const Path& link) override;
    Status rename(const Path& from, const Path& to) override;
    Status remove(const Path& path) override;
    Status remove_all(const Path& path) override;
    Result<std::vector<std::string>> list(const Path& folder) override;
    Status sync_dir(const Path& folder) override;
    Status sync_filesystem(const Path& path) override;
    Result<std::uint64_t> free_bytes(const Path& folder) override;
    Result<std::unique_ptr<Lock>> lock(const Path& path) override;
};

// The real filesystem, shared: PosixFileSystem holds no state.
FileSystem& posix_file_system();

// "call(path): strerror(code)", the one shape every I/O error has, with the
// ErrorCode of `code` (Error::from_errno).
Error io_error(const char* call, const Path& path, int code);

// Reads a whole file of at most `max_bytes`; a longer one is an error
// (ErrorCode::TooLarge).
Result<std::string> read_small_file(FileSystem& fs, const Path& path, std::size_t max_bytes);
Result<std::string> read_small_file_beneath(FileSystem& fs, const Path& base,
                                            const std::string& relative, std::size_t max_bytes);
// Writes `path` anew (not atomically: callers rename it into place).
Status write_small_file(FileSystem& fs, const Path& path, std::string_view text);

} // namespace beacon

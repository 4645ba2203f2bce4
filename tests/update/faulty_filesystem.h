#pragma once

// The real filesystem with faults on demand: writes that run out of space
// after a budget, and bundle reads that fail or end early after a budget, as
// when a stick is pulled out mid-copy.

#include "system/filesystem.h"

#include <cerrno>
#include <optional>

namespace test {

class FaultyFileSystem final : public beacon::FileSystem {
  public:
    using Path = beacon::Path;
    using FileInfo = beacon::FileInfo;
    using InputFile = beacon::InputFile;
    using OutputFile = beacon::OutputFile;

    // Bytes that may still be written before write() fails with ENOSPC.
    std::optional<std::uint64_t> write_budget;
    // Bytes that may still be read through open_read_beneath() (the bundle
    // side) before reads fail with EIO, or end, when `reads_end_early`.
    std::optional<std::uint64_t> read_budget;
    bool reads_end_early = false;
    std::optional<std::uint64_t> reported_free;
    // syncfs() fails with EIO, as when writeback hits a bad disk.
    bool fail_sync_filesystem = false;
    // rename() onto a path whose last component is this name fails with EIO.
    std::optional<std::string> fail_rename_onto;
    // Every fsync of a folder fails with EIO once a rename onto a path named
    // `current` has succeeded: the swap happened, making it durable did not.
    bool fail_sync_dir_after_swap = false;

    FileInfo stat(const Path& p) override { return m_real.stat(p); }
    FileInfo stat_beneath(const Path& b, const std::string& r) override {
        return m_real.stat_beneath(b, r);
    }
    beacon::Result<std::unique_ptr<InputFile>> open_read(const Path& p) override {
        return m_real.open_read(p);
    }
    beacon::Result<std::unique_ptr<InputFile>> open_read_beneath(const Path& b,
                                                                 const std::string& r) override;
    beacon::Result<std::unique_ptr<OutputFile>> create(const Path& p) override;
    beacon::Result<std::unique_ptr<OutputFile>> open_append(const Path& p) override;
    beacon::Status make_dir(const Path& p) override { return m_real.make_dir(p); }
    beacon::Status link(const Path& a, const Path& b) override { return m_real.link(a, b); }
    beacon::Status symlink(const std::string& t, const Path& l) override {
        return m_real.symlink(t, l);
    }
    beacon::Result<std::string> read_link(const Path& l) override { return m_real.read_link(l); }
    beacon::Status rename(const Path& a, const Path& b) override;
    beacon::Status remove(const Path& p) override { return m_real.remove(p); }
    beacon::Status remove_all(const Path& p) override { return m_real.remove_all(p); }
    beacon::Result<std::vector<std::string>> list(const Path& p) override { return m_real.list(p); }
    beacon::Status sync_dir(const Path& p) override {
        if (fail_sync_dir_after_swap && m_swapped)
            return beacon::io_error("fsync", p, EIO);
        return m_real.sync_dir(p);
    }
    beacon::Status sync_filesystem(const Path& p) override {
        if (fail_sync_filesystem)
            return beacon::io_error("syncfs", p, EIO);
        return m_real.sync_filesystem(p);
    }
    beacon::Result<std::uint64_t> free_bytes(const Path& p) override {
        if (reported_free)
            return *reported_free;
        return m_real.free_bytes(p);
    }
    beacon::Result<std::unique_ptr<beacon::Lock>> lock(const Path& p) override {
        return m_real.lock(p);
    }

  private:
    beacon::PosixFileSystem m_real;
    bool m_swapped = false;
};

} // namespace test

#include "faulty_filesystem.h"

namespace test {

using namespace beacon;

namespace {

class FaultyInput final : public InputFile {
  public:
    FaultyInput(std::unique_ptr<InputFile> real, FaultyFileSystem& owner, Path path)
        : m_real(std::move(real)), m_owner(owner), m_path(std::move(path)) {}
    Result<std::size_t> read(std::span<std::byte> buffer) override {
        auto& budget = m_owner.read_budget;
        if (budget && *budget == 0) {
            if (m_owner.reads_end_early)
                return std::size_t(0);
            return io_error("read", m_path, EIO);
        }
        if (budget && buffer.size() > *budget)
            buffer = buffer.first(static_cast<std::size_t>(*budget));
        auto n = m_real->read(buffer);
        if (n && budget)
            *budget -= n.value();
        return n;
    }
    Result<std::uint64_t> size() override { return m_real->size(); }

  private:
    std::unique_ptr<InputFile> m_real;
    FaultyFileSystem& m_owner;
    Path m_path;
};

class FaultyOutput final : public OutputFile {
  public:
    FaultyOutput(std::unique_ptr<OutputFile> real, FaultyFileSystem& owner, Path path)
        : m_real(std::move(real)), m_owner(owner), m_path(std::move(path)) {}
    Status write(std::span<const std::byte> data) override {
        auto& budget = m_owner.write_budget;
        if (budget && data.size() > *budget) {
            *budget = 0;
            return io_error("write", m_path, ENOSPC);
        }
        if (budget)
            *budget -= data.size();
        return m_real->write(data);
    }
    Status sync() override { return m_real->sync(); }
    Status close() override { return m_real->close(); }

  private:
    std::unique_ptr<OutputFile> m_real;
    FaultyFileSystem& m_owner;
    Path m_path;
};

} // namespace

Result<std::unique_ptr<InputFile>> FaultyFileSystem::open_read_beneath(const Path& base,
                                                                       const std::string& r) {
    auto real = m_real.open_read_beneath(base, r);
    if (!real)
        return real.error();
    return std::unique_ptr<InputFile>(new FaultyInput(real.release_value(), *this, base / r));
}

Status FaultyFileSystem::rename(const Path& from, const Path& to) {
    if (fail_rename_onto && to.filename() == *fail_rename_onto)
        return io_error("rename", to, EIO);
    auto renamed = m_real.rename(from, to);
    if (renamed && fail_sync_dir_after_swap && to.filename() == "current")
        m_swapped = true;
    return renamed;
}

Result<std::unique_ptr<OutputFile>> FaultyFileSystem::create(const Path& p) {
    auto real = m_real.create(p);
    if (!real)
        return real.error();
    return std::unique_ptr<OutputFile>(new FaultyOutput(real.release_value(), *this, p));
}

Result<std::unique_ptr<OutputFile>> FaultyFileSystem::open_append(const Path& p) {
    auto real = m_real.open_append(p);
    if (!real)
        return real.error();
    return std::unique_ptr<OutputFile>(new FaultyOutput(real.release_value(), *this, p));
}

} // namespace test

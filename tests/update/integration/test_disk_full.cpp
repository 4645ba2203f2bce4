// A real full disk: the store on an 8 MiB tmpfs, and bundles that do not
// fit, found out before the copy (sizes) and during it (a real ENOSPC from
// the kernel). Mounting needs root (CI runs as root); without it each test
// exits with CTest's skip code and says why.

#include "bundle_helpers.h"
#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mount.h>
#include <sys/statvfs.h>

namespace fs = std::filesystem;

namespace {

// The skip code that tests/update/CMakeLists.txt gives CTest.
constexpr int skip_exit_code = 77;

// Unmounts when the test ends, even when an assertion fails.
class TinyTmpfs {
  public:
    explicit TinyTmpfs(fs::path where) : m_where(std::move(where)) {
        fs::create_directories(m_where);
        (void)::umount2(m_where.c_str(), MNT_DETACH); // left by an aborted run
        m_mounted = ::mount("beacon-test", m_where.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                            "size=8m,mode=0755") == 0;
        if (!m_mounted) {
            std::printf("SKIP: cannot mount a tmpfs at %s (%s); the disk-full case is covered "
                        "by the failing-filesystem unit test only\n",
                        m_where.c_str(), std::strerror(errno));
            std::fflush(stdout);
            std::exit(skip_exit_code);
        }
    }
    ~TinyTmpfs() {
        if (m_mounted)
            (void)::umount2(m_where.c_str(), MNT_DETACH);
    }
    TinyTmpfs(const TinyTmpfs&) = delete;
    TinyTmpfs& operator=(const TinyTmpfs&) = delete;

    std::uint64_t used_bytes() const {
        struct statvfs st {};
        REQUIRE(::statvfs(m_where.c_str(), &st) == 0);
        return static_cast<std::uint64_t>(st.f_blocks - st.f_bfree) * st.f_frsize;
    }

  private:
    fs::path m_where;
    bool m_mounted = false;
};

std::string install(const fs::path& bundle, const fs::path& store, int expected_status) {
    auto result = test::run(test::beacon() + " install " + bundle.string() + " --store " +
                            store.string() + " --keys " + test::trusted_keys_dir().string());
    INFO(result.output);
    CHECK(result.exit_code == expected_status);
    return result.output;
}

// The fixture content plus `files` distinct files of `bytes` each.
fs::path padded_content(const fs::path& dir, int files, std::size_t bytes) {
    fs::copy(test::fixtures() / "content", dir, fs::copy_options::recursive);
    fs::create_directories(dir / "media/pad");
    for (int i = 0; i < files; ++i) {
        std::string text = "pad " + std::to_string(i) + "\n";
        text.resize(std::max(bytes, text.size()), 'x');
        test::write_file(dir / "media/pad" / (std::to_string(i) + ".bin"), text);
    }
    return dir;
}

// What must hold after any refused install: `current` as it was, byte for
// byte, no staging left, and the disk no fuller than before.
void check_nothing_changed(const fs::path& store, const std::string& before,
                           std::uint64_t used_before, const TinyTmpfs& disk) {
    CHECK(test::current_digest(store) == before);
    std::size_t staged = 0;
    for ([[maybe_unused]] auto& entry : fs::directory_iterator(store / ".staging"))
        ++staged;
    CHECK(staged == 0);
    std::size_t downloads = 0;
    for ([[maybe_unused]] auto& entry : fs::directory_iterator(store / ".downloads"))
        ++downloads;
    CHECK(downloads == 0);
    CHECK(disk.used_bytes() <= used_before);
}

} // namespace

TEST_CASE("a bundle larger than the free space of a real tmpfs is refused before copying",
          "[update-disk-full]") {
    fs::path dir = test::fresh_dir("disk-full-size");
    TinyTmpfs disk(dir / "disk");
    fs::path store = dir / "disk/store";
    auto a = test::make_bundle(test::fixtures() / "content", dir / "a");
    install(a, store, 0);
    std::string before = test::current_digest(store);
    std::uint64_t used_before = disk.used_bytes();

    auto big = test::make_bundle(padded_content(dir / "big-content", 1, 12 << 20), dir / "big");
    // Twice: a second try fails the same way on the same disk, so nothing
    // left behind grows it.
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::string output = install(big, store, 1);
        CHECK(output.find("Not updated: the kiosk's disk is full. Nothing was changed.") !=
              std::string::npos);
        CHECK(output.find("bytes in " + store.string()) != std::string::npos);
        check_nothing_changed(store, before, used_before, disk);
    }
}

TEST_CASE("a real ENOSPC in the middle of the copy changes nothing and leaves nothing",
          "[update-disk-full]") {
    fs::path dir = test::fresh_dir("disk-full-copy");
    TinyTmpfs disk(dir / "disk");
    fs::path store = dir / "disk/store";
    auto a = test::make_bundle(test::fixtures() / "content", dir / "a");
    install(a, store, 0);
    std::string before = test::current_digest(store);
    std::uint64_t used_before = disk.used_bytes();

    // 3,000 files of 100 bytes: 300 KB by the manifest, so the size check
    // passes, but a tmpfs gives each file a 4 KiB page: 12 MiB, which runs
    // out part way through.
    auto many = test::make_bundle(padded_content(dir / "many-content", 3000, 100), dir / "many");
    // Twice: a second try fails the same way on the same disk, so nothing
    // left behind grows it.
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::string output = install(many, store, 1);
        CHECK(output.find("Not updated: the kiosk's disk is full. Nothing was changed.") !=
              std::string::npos);
        CHECK(output.find("No space left on device") != std::string::npos);
        check_nothing_changed(store, before, used_before, disk);
    }
    // And the store still works: a bundle that fits goes in afterwards.
    auto b = test::make_bundle(test::fixtures() / "content-b", dir / "b");
    install(b, store, 0);
    CHECK(test::current_digest(store) != before);
    CHECK(test::read_file(store / "current/playlist.xml") ==
          test::read_file(test::fixtures() / "content-b/playlist.xml"));
}

// Issue 18, finding 7: every error path leaves the store in the state its
// message describes, stored objects are hashed again before they are reused,
// and only a version folder inside the store is ever played.

#include "bundle_helpers.h"
#include "faulty_filesystem.h"
#include "update/installer.h"
#include "update/sha256.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace beacon::update;
namespace fs = std::filesystem;

namespace {

struct Kiosk {
    fs::path dir;
    test::FaultyFileSystem files;
    Store store;

    explicit Kiosk(const std::string& name)
        : dir(test::fresh_dir(name)), store(files, dir / "store") {}
    // A bundle of `content`, made now (so newer than any made before).
    fs::path bundle(const std::string& name, const std::string& content = "content-b",
                    const std::string& extra = "") {
        fs::path folder = dir / ("content-" + name);
        fs::copy(test::fixtures() / content, folder, fs::copy_options::recursive);
        if (!extra.empty())
            test::write_file(folder / "media/extra.bin", extra);
        return test::make_bundle(folder, dir / name);
    }
    InstallReport install(const fs::path& bundle) {
        FolderSource source(files, bundle);
        return install_bundle(source, store, test::test_ring(), {});
    }
    std::string current() { return test::current_digest(dir / "store"); }
    fs::path object(const std::string& bytes) { return dir / "store/.objects" / sha256_hex(bytes); }
};

const std::string unchanged = "Nothing was changed.";

bool says_unchanged(const InstallReport& report) {
    return report.notice(Origin::Usb).find(unchanged) != std::string::npos;
}

// Flips one byte of a file in place, as bit rot does: every hard link sees it.
void rot(const fs::path& file) {
    std::string bytes = test::read_file(file);
    REQUIRE(!bytes.empty());
    bytes[bytes.size() / 2] ^= 0x01;
    std::FILE* out = std::fopen(file.c_str(), "r+b");
    REQUIRE(out);
    std::fwrite(bytes.data(), 1, bytes.size(), out);
    std::fclose(out);
}

} // namespace

TEST_CASE("a failed fsync after the swap does not claim nothing changed", "[store-truth]") {
    Kiosk kiosk("truth-fsync-after-swap");
    REQUIRE(kiosk.install(kiosk.bundle("a", "content")).ok());
    std::string before = kiosk.current();
    kiosk.files.fail_sync_dir_after_swap = true;
    auto report = kiosk.install(kiosk.bundle("b"));
    kiosk.files.fail_sync_dir_after_swap = false;
    INFO(report.notice(Origin::Usb) << " / " << report.detail);
    bool changed = kiosk.current() != before;
    CHECK(changed == !says_unchanged(report));
    if (changed) {
        CHECK(report.notice(Origin::Usb).find("Updated") == 0);
        CHECK(report.notice(Origin::Usb).find("power") != std::string::npos);
        CHECK(report.detail.find("fsync(") != std::string::npos);
    }
}

TEST_CASE("a failed rename of current keeps the previous version", "[store-truth]") {
    Kiosk kiosk("truth-rename-current");
    auto a = kiosk.install(kiosk.bundle("a", "content"));
    auto b = kiosk.install(kiosk.bundle("b"));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(kiosk.store.previous_version() == a.version);
    std::string before = kiosk.current();
    kiosk.files.fail_rename_onto = "current";
    auto c = kiosk.install(kiosk.bundle("c", "content-b", "third"));
    kiosk.files.fail_rename_onto.reset();
    INFO(c.detail);
    CHECK(c.failure == Failure::StoreFailed);
    CHECK(says_unchanged(c));
    CHECK(kiosk.current() == before);
    CHECK(kiosk.store.previous_version() == a.version);
    CHECK(fs::is_directory(kiosk.dir / "store" / a.version));
    // And the administrator can still go back to it.
    auto back = kiosk.store.rollback();
    REQUIRE(back.ok());
    CHECK(back.value().name == a.version);
}

TEST_CASE("a failed rename of previous after the swap says what happened", "[store-truth]") {
    Kiosk kiosk("truth-rename-previous");
    REQUIRE(kiosk.install(kiosk.bundle("a", "content")).ok());
    std::string before = kiosk.current();
    kiosk.files.fail_rename_onto = "previous";
    auto b = kiosk.install(kiosk.bundle("b"));
    kiosk.files.fail_rename_onto.reset();
    INFO(b.notice(Origin::Usb) << " / " << b.detail);
    bool changed = kiosk.current() != before;
    CHECK(changed == !says_unchanged(b));
}

TEST_CASE("a rotten object is not reused: reinstalling repairs, new bundles copy afresh",
          "[store-truth]") {
    Kiosk kiosk("truth-rotten-object");
    auto a_bundle = kiosk.bundle("a", "content", std::string(70'000, 'x'));
    auto a = kiosk.install(a_bundle);
    REQUIRE(a.ok());
    std::string picture = test::read_file(a_bundle / "media/tiny.png");
    std::string extra = test::read_file(a_bundle / "media/extra.bin");
    std::string good = kiosk.current();
    rot(kiosk.object(extra));
    REQUIRE(kiosk.current() != good);

    SECTION("installing the same bundle again repairs it") {
        auto again = kiosk.install(a_bundle);
        INFO(again.notice(Origin::Usb) << " / " << again.detail);
        CHECK(again.outcome != InstallReport::Outcome::AlreadyCurrent);
        CHECK(again.ok());
        CHECK(kiosk.current() == good);
        CHECK(test::read_file(kiosk.object(extra)) == extra);
    }
    SECTION("a new bundle sharing the file gets a good copy") {
        auto b_bundle = kiosk.bundle("b", "content-b", extra);
        auto b = kiosk.install(b_bundle);
        INFO(b.detail);
        REQUIRE(b.outcome == InstallReport::Outcome::Installed);
        CHECK(test::read_file(kiosk.dir / "store/current/media/extra.bin") == extra);
        CHECK(test::read_file(kiosk.dir / "store/current/media/tiny.png") == picture);
        CHECK(b.bytes_copied >= extra.size());
    }
}

TEST_CASE("current must name a version folder inside the store", "[store-truth]") {
    Kiosk kiosk("truth-current-outside");
    auto a = kiosk.install(kiosk.bundle("a", "content"));
    REQUIRE(a.ok());
    fs::path store = kiosk.dir / "store";
    fs::path elsewhere = kiosk.dir / "elsewhere";
    fs::copy(store / a.version, elsewhere, fs::copy_options::recursive);
    auto point_current_at = [&](const std::string& target) {
        fs::remove(store / "current");
        fs::create_symlink(target, store / "current");
    };
    SECTION("a link out of the store") {
        point_current_at(elsewhere.string());
    }
    SECTION("a relative link out of the store") {
        point_current_at("../elsewhere");
    }
    SECTION("a version-named link that itself leads out") {
        fs::create_directory_symlink(elsewhere, store / "v-00000000000000ff");
        point_current_at("v-00000000000000ff");
    }
    SECTION("a folder that is not a version") {
        fs::create_directory(store / "media-copy");
        point_current_at("media-copy");
    }
    SECTION("a version folder whose manifest is not the one its name says") {
        fs::copy(store / a.version, store / "v-0123456789abcdef", fs::copy_options::recursive);
        point_current_at("v-0123456789abcdef");
    }
    CHECK_FALSE(kiosk.store.current_version());
}

TEST_CASE("a version's playlist.xml that is a link is not played", "[store-truth]") {
    Kiosk kiosk("truth-playlist-link");
    auto a = kiosk.install(kiosk.bundle("a", "content"));
    REQUIRE(a.ok());
    fs::path playlist = kiosk.dir / "store" / a.version / "playlist.xml";
    REQUIRE(kiosk.store.current_playlist() == playlist);
    test::write_file(kiosk.dir / "elsewhere.xml", test::read_file(playlist));
    fs::remove(playlist);
    fs::create_symlink(kiosk.dir / "elsewhere.xml", playlist);
    CHECK_FALSE(kiosk.store.current_playlist());
}

TEST_CASE("a stored object replaced by a link is copied afresh, not followed", "[store-truth]") {
    Kiosk kiosk("truth-object-link");
    auto a_bundle = kiosk.bundle("a", "content", std::string(5000, 'y'));
    REQUIRE(kiosk.install(a_bundle).ok());
    std::string extra = test::read_file(a_bundle / "media/extra.bin");
    fs::path object = kiosk.object(extra);
    fs::remove(object);
    test::write_file(kiosk.dir / "planted.bin", std::string(5000, 'z'));
    fs::create_symlink(kiosk.dir / "planted.bin", object);
    auto b = kiosk.install(kiosk.bundle("b", "content-b", extra));
    INFO(b.detail);
    REQUIRE(b.outcome == InstallReport::Outcome::Installed);
    CHECK(test::read_file(kiosk.dir / "store/current/media/extra.bin") == extra);
    CHECK_FALSE(fs::is_symlink(object));
}

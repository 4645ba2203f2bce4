// Issue 18, findings 2 and 9: no byte of a bundle is parsed before its size
// and hash are checked against the signed manifest, every parsed input has a
// size cap checked first, and odd files (links, FIFOs) are named for what
// they are instead of hanging or being "unreadable".

#include "bundle_helpers.h"
#include "update/bundle_writer.h"
#include "update/installer.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <future>
#include <sys/stat.h>
#include <unistd.h>

using namespace beacon;
using namespace beacon::update;
namespace fs = std::filesystem;

namespace {

struct Kiosk {
    fs::path dir;
    PosixFileSystem files;
    Store store;
    explicit Kiosk(const std::string& name)
        : dir(test::fresh_dir(name)), store(files, dir / "store") {}
    InstallReport install(const fs::path& bundle) {
        FolderSource source(files, bundle);
        return install_bundle(source, store, test::test_ring(), {});
    }
};

// A playlist root with `count` attributes: quadratic for tinyxml2's
// duplicate check, so parsing it is work an attacker gets for free.
std::string attribute_bomb(int count) {
    std::string text = "<playlist languages=\"en\"";
    for (int i = 0; i < count; ++i)
        text += " a" + std::to_string(i) + "=\"x\"";
    return text + "/>\n";
}

} // namespace

TEST_CASE("a replaced playlist is refused for its size or hash, never parsed", "[checked-first]") {
    Kiosk kiosk("checked-first-playlist");
    auto b = test::make_bundle(test::fixtures() / "content-b", kiosk.dir / "b");
    std::string original = test::read_file(b / "playlist.xml");
    SECTION("a larger file") {
        test::write_file(b / "playlist.xml", attribute_bomb(5000));
        auto report = kiosk.install(b);
        INFO(report.detail);
        CHECK(report.failure == Failure::FileDamaged);
        CHECK(report.detail.find("\"playlist.xml\" is ") == 0);
    }
    SECTION("a file of the same size that is not XML") {
        test::write_file(b / "playlist.xml", std::string(original.size(), '<'));
        auto report = kiosk.install(b);
        INFO(report.detail);
        CHECK(report.failure == Failure::FileDamaged);
        CHECK(report.detail.find("\"playlist.xml\" has SHA-256") == 0);
    }
    CHECK(test::current_digest(kiosk.dir / "store") == "none");
}

TEST_CASE("a signed manifest declaring a huge playlist is refused before reading it",
          "[checked-first]") {
    Kiosk kiosk("checked-first-playlist-cap");
    auto b = test::make_bundle(test::fixtures() / "content-b", kiosk.dir / "b");
    std::string text = test::read_file(b / "manifest.xml");
    auto at = text.find("path=\"playlist.xml\" size=\"");
    REQUIRE(at != std::string::npos);
    at += 26;
    text.replace(at, text.find('"', at) - at, "1000000000");
    test::write_file(b / "manifest.xml", text);
    test::resign(b);
    auto report = kiosk.install(b);
    INFO(report.detail);
    CHECK(report.failure == Failure::InvalidPlaylist);
    CHECK(report.detail.find("at most") != std::string::npos);
}

TEST_CASE("a manifest.xml that is a symbolic link is named as one", "[checked-first]") {
    Kiosk kiosk("checked-first-manifest-link");
    auto b = test::make_bundle(test::fixtures() / "content-b", kiosk.dir / "b");
    fs::rename(b / "manifest.xml", kiosk.dir / "real-manifest.xml");
    fs::create_symlink(kiosk.dir / "real-manifest.xml", b / "manifest.xml");
    auto report = kiosk.install(b);
    INFO(report.detail);
    CHECK(report.failure == Failure::UnsafePath);
    CHECK(report.detail.find("manifest.xml") != std::string::npos);
    CHECK(report.detail.find("symbolic link") != std::string::npos);
    CHECK(report.notice(Origin::Usb) ==
          "Not updated: this stick contains a link or an unsafe path. Nothing was changed.");
}

TEST_CASE("a FIFO in the keys folder is skipped with a message, not waited on", "[checked-first]") {
    fs::path dir = test::fresh_dir("checked-first-fifo");
    fs::copy_file(test::fixtures() / "keys/test.pub", dir / "a.pub");
    REQUIRE(::mkfifo((dir / "b.pub").c_str(), 0644) == 0);
    PosixFileSystem files;
    auto loading = std::async(std::launch::async, [&] { return load_key_ring(files, dir); });
    if (loading.wait_for(std::chrono::seconds(3)) != std::future_status::ready) {
        // Let the stuck open() return so the test can end, then fail.
        int unblock = ::open((dir / "b.pub").c_str(), O_WRONLY | O_NONBLOCK);
        if (unblock >= 0)
            ::close(unblock); // the reader then sees the end of the file
        loading.wait();
        FAIL("load_key_ring() waited on a FIFO");
    }
    KeyRing ring = loading.get();
    CHECK(ring.keys.size() == 1);
    REQUIRE(ring.problems.size() == 1);
    CHECK(ring.problems[0].find("b.pub") != std::string::npos);
    CHECK(ring.problems[0].find("not a regular file") != std::string::npos);
}

TEST_CASE("bundle refuses names that differ only in case", "[checked-first]") {
    fs::path dir = test::fresh_dir("checked-first-case");
    fs::copy(test::fixtures() / "content-b", dir / "content", fs::copy_options::recursive);
    test::write_file(dir / "content/media/Tiny.png", "other");
    test::write_file(dir / "content/Media/x.png", "folder case");
    auto key = parse_secret_key(test::read_file(test::fixtures() / "keys/test.key"), "test.key");
    REQUIRE(key.ok());
    PosixFileSystem files;
    for (auto second : {"media/Tiny.png", "Media/x.png", "PLAYLIST.xml"}) {
        if (std::string(second) == "PLAYLIST.xml")
            test::write_file(dir / "content/PLAYLIST.xml", "x");
        fs::remove_all(dir / "out");
        BundleRequest request{
            dir / "content", {"playlist.xml", "media/tiny.png", second}, dir / "out", "test"};
        auto written = write_bundle(files, request, key.value(), nullptr);
        INFO(second);
        REQUIRE_FALSE(written.ok());
        CHECK(written.error().message.find("differ only in case") != std::string::npos);
        CHECK_FALSE(fs::exists(dir / "out/manifest.sig"));
    }
}

// Every bad bundle and every interruption: the install is refused with a
// clear reason, and the store's current content is exactly what it was.

#include "bundle_helpers.h"
#include "faulty_filesystem.h"
#include "update/installer.h"
#include "update/sha256.h"

#include <catch2/catch.hpp>

#include <random>

using namespace beacon;
using namespace beacon::update;
namespace fs = std::filesystem;

namespace {

struct Kiosk {
    fs::path dir;
    test::FaultyFileSystem files;
    Store store;
    std::string before;

    explicit Kiosk(const std::string& name)
        : dir(test::fresh_dir(name)), store(files, dir / "store") {
        auto a = test::make_bundle(test::fixtures() / "content", dir / "a");
        FolderSource source(files, a);
        REQUIRE(install_bundle(source, store, test::test_ring(), {}).ok());
        before = test::current_digest(dir / "store");
    }
    // Version B, with `media/big.bin` of `big` random bytes when asked.
    fs::path bundle_b(std::size_t big = 0) {
        fs::path content = dir / "content-b";
        fs::remove_all(content);
        fs::copy(test::fixtures() / "content-b", content, fs::copy_options::recursive);
        if (big) {
            std::string bytes(big, '\0');
            std::mt19937 random(7);
            for (auto& c : bytes)
                c = static_cast<char>(random());
            test::write_file(content / "media/big.bin", bytes);
        }
        fs::remove_all(dir / "b");
        return test::make_bundle(content, dir / "b");
    }
    InstallReport install(const fs::path& bundle, Origin origin = Origin::Usb) {
        FolderSource source(files, bundle);
        InstallOptions options;
        options.origin = origin;
        options.buffer_bytes = 64 * 1024;
        return install_bundle(source, store, test::test_ring(), options);
    }
    // Nothing changed: the same current tree, no staging left, no stray objects.
    void check_unchanged() {
        CHECK(test::current_digest(dir / "store") == before);
        CHECK(fs::is_empty(dir / "store/.staging"));
        for (auto& object : fs::directory_iterator(dir / "store/.objects"))
            CHECK(fs::hard_link_count(object.path()) >= 2);
    }
};

void edit_manifest(const fs::path& bundle, const std::string& from, const std::string& to) {
    std::string text = test::read_file(bundle / "manifest.xml");
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    test::write_file(bundle / "manifest.xml", text);
}

} // namespace

TEST_CASE("an unsigned bundle is refused", "[installer]") {
    Kiosk kiosk("unsigned");
    auto b = kiosk.bundle_b();
    fs::remove(b / "manifest.sig");
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::NotSigned);
    CHECK(report.notice(Origin::Usb) ==
          "Not updated: this stick is not signed. Nothing was changed.");
    kiosk.check_unchanged();
}

TEST_CASE("a bundle signed by an untrusted key is refused", "[installer]") {
    Kiosk kiosk("untrusted");
    auto b = kiosk.bundle_b();
    test::resign(b, "untrusted");
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::UntrustedKey);
    CHECK(report.notice(Origin::Usb) ==
          "Not updated: this stick is not signed by a trusted key. Nothing was changed.");
    CHECK(report.detail.find("which this kiosk does not trust") != std::string::npos);
    kiosk.check_unchanged();
}

TEST_CASE("a manifest altered after signing is refused", "[installer]") {
    Kiosk kiosk("altered");
    auto b = kiosk.bundle_b();
    // Point the manifest at a different picture, as an attacker would.
    edit_manifest(b, "size=\"161\"", "size=\"162\"");
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::Altered);
    CHECK(report.notice(Origin::Network) ==
          "Not updated: this download was altered after it was signed. Nothing was changed.");
    kiosk.check_unchanged();
}

TEST_CASE("a file whose hash does not match is refused", "[installer]") {
    Kiosk kiosk("hash-mismatch");
    auto b = kiosk.bundle_b(100'000);
    std::string bytes = test::read_file(b / "media/big.bin");
    bytes[99'000] ^= 0x20; // same size, different bytes
    test::write_file(b / "media/big.bin", bytes);
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::FileDamaged);
    CHECK(report.detail.find("\"media/big.bin\" has SHA-256") != std::string::npos);
    kiosk.check_unchanged();
}

TEST_CASE("a file of the wrong size is refused before it is copied", "[installer]") {
    Kiosk kiosk("size-mismatch");
    auto b = kiosk.bundle_b();
    test::write_file(b / "media/tiny.png", test::read_file(b / "media/tiny.png") + "more");
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::FileDamaged);
    CHECK(report.detail == "\"media/tiny.png\" is 165 bytes; the manifest says 161");
    kiosk.check_unchanged();
}

TEST_CASE("a missing file is refused", "[installer]") {
    Kiosk kiosk("missing-file");
    auto b = kiosk.bundle_b();
    fs::remove(b / "media/tiny.png");
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::FileMissing);
    CHECK(report.notice(Origin::Usb) ==
          "Not updated: a file is missing from this stick. Nothing was changed.");
    kiosk.check_unchanged();
}

TEST_CASE("a file the manifest does not list is ignored, not copied", "[installer]") {
    Kiosk kiosk("extra-file");
    auto b = kiosk.bundle_b();
    test::write_file(b / "media/planted.sh", "#!/bin/sh\necho pwned\n");
    test::write_file(b / "notes.txt", "not listed\n");
    auto report = kiosk.install(b);
    REQUIRE(report.outcome == InstallReport::Outcome::Installed);
    CHECK(fs::exists(kiosk.dir / "store/current/media/tiny.png"));
    CHECK_FALSE(fs::exists(kiosk.dir / "store/current/media/planted.sh"));
    CHECK_FALSE(fs::exists(kiosk.dir / "store/current/notes.txt"));
}

TEST_CASE("paths that escape the bundle are refused", "[installer]") {
    Kiosk kiosk("escaping-paths");
    SECTION("../ and absolute paths, even when signed") {
        for (std::string bad : {"../outside.png", "/etc/beacon/keys/evil.pub"}) {
            auto b = kiosk.bundle_b();
            edit_manifest(b, "path=\"media/tiny.png\"", "path=\"" + bad + "\"");
            test::resign(b);
            auto report = kiosk.install(b);
            INFO(bad << ": " << report.detail);
            CHECK(report.failure == Failure::BadManifest);
            kiosk.check_unchanged();
        }
    }
    SECTION("a symlink out of the bundle, as a file or as a folder") {
        auto b = kiosk.bundle_b();
        test::write_file(kiosk.dir / "outside/tiny.png", test::read_file(b / "media/tiny.png"));
        fs::remove(b / "media/tiny.png");
        fs::create_symlink(kiosk.dir / "outside/tiny.png", b / "media/tiny.png");
        auto report = kiosk.install(b);
        CHECK(report.failure == Failure::UnsafePath);
        CHECK(report.notice(Origin::Usb) ==
              "Not updated: this stick contains a link or an unsafe path. Nothing was changed.");
        kiosk.check_unchanged();

        fs::remove_all(b / "media");
        fs::create_symlink(kiosk.dir / "outside", b / "media");
        CHECK(kiosk.install(b).failure == Failure::UnsafePath);
        kiosk.check_unchanged();
    }
}

TEST_CASE("a bundle whose playlist is invalid is refused", "[installer]") {
    Kiosk kiosk("invalid-playlist");
    auto content = kiosk.dir / "bad-content";
    fs::copy(test::fixtures() / "content-b", content, fs::copy_options::recursive);
    std::string playlist = test::read_file(content / "playlist.xml");
    playlist.replace(playlist.find("duration=\"2\""), 12, "duration=\"0\"");
    test::write_file(content / "playlist.xml", playlist);
    auto b = test::make_bundle(content, kiosk.dir / "bad-b");
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::InvalidPlaylist);
    CHECK(report.detail.find("playlist.xml:") == 0);
    CHECK(report.notice(Origin::Usb) ==
          "Not updated: the playlist in this stick has errors. Nothing was changed.");
    kiosk.check_unchanged();
}

TEST_CASE("a signed bundle whose video is a text file is refused, and nothing changes",
          "[installer]") {
    // Signed, listed and intact: only the bytes say the ".mp4" is no video.
    // `beacon validate` refuses such a playlist; install refuses it too,
    // once the media are staged and before the swap.
    Kiosk kiosk("text-as-video");
    auto content = kiosk.dir / "text-video-content";
    fs::copy(test::fixtures() / "content-b", content, fs::copy_options::recursive);
    test::write_file(content / "media/clip.mp4", "this is not a video, only words\n");
    std::string playlist = test::read_file(content / "playlist.xml");
    playlist.replace(playlist.find("  <factsheet"), 0,
                     "  <video id=\"clip\" src=\"media/clip.mp4\"/>\n");
    test::write_file(content / "playlist.xml", playlist);
    auto b = test::make_bundle(content, kiosk.dir / "text-video-b");
    REQUIRE(fs::exists(b / "media/clip.mp4"));

    auto report = kiosk.install(b);
    INFO(report.detail);
    CHECK(report.failure == Failure::InvalidPlaylist);
    CHECK(report.detail.find("playlist.xml:") == 0);
    CHECK(report.detail.find("\"media/clip.mp4\" is refused") != std::string::npos);
    CHECK(report.notice(Origin::Usb) ==
          "Not updated: the playlist in this stick has errors. Nothing was changed.");
    kiosk.check_unchanged();
}

TEST_CASE("a signed manifest of 100000 entries is refused without reading it whole",
          "[installer]") {
    Kiosk kiosk("huge-manifest");
    auto b = kiosk.bundle_b();
    std::string text = test::read_file(b / "manifest.xml");
    std::string entries;
    for (int i = 0; i < 100'000; ++i)
        entries += "  <file path=\"m/" + std::to_string(i) + "\" size=\"1\" sha256=\"" +
                   std::string(64, 'a') + "\"/>\n";
    text.insert(text.find("</manifest>"), entries);
    test::write_file(b / "manifest.xml", text);
    test::resign(b);
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::BadManifest);
    CHECK(report.detail.find("is larger than 2097152 bytes") != std::string::npos);
    kiosk.check_unchanged();
}

TEST_CASE("the disk filling up mid-copy changes nothing", "[installer]") {
    Kiosk kiosk("disk-full");
    auto b = kiosk.bundle_b(3 << 20);
    kiosk.files.write_budget = 1 << 20;
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::DiskFull);
    CHECK(report.detail.find("No space left on device") != std::string::npos);
    CHECK(report.notice(Origin::Usb) ==
          "Not updated: the kiosk's disk is full. Nothing was changed.");
    kiosk.files.write_budget.reset();
    kiosk.check_unchanged();

    // Too little free space is seen before anything is copied.
    kiosk.files.reported_free = 100'000;
    auto early = kiosk.install(b);
    CHECK(early.failure == Failure::DiskFull);
    CHECK(early.detail.find("the bundle needs") == 0);
    kiosk.check_unchanged();
}

TEST_CASE("a failed syncfs before the swap changes nothing", "[installer]") {
    Kiosk kiosk("syncfs-fails");
    auto b = kiosk.bundle_b(1 << 20);
    kiosk.files.fail_sync_filesystem = true;
    auto report = kiosk.install(b);
    CHECK(report.failure == Failure::StoreFailed);
    CHECK(report.detail.find("syncfs(") == 0);
    CHECK(report.detail.find("Input/output error") != std::string::npos);
    kiosk.files.fail_sync_filesystem = false;
    kiosk.check_unchanged();
}

TEST_CASE("a stick pulled out mid-copy changes nothing", "[installer]") {
    Kiosk kiosk("source-gone");
    auto b = kiosk.bundle_b(3 << 20);
    SECTION("reads fail") {
        kiosk.files.read_budget = 1 << 20;
        auto report = kiosk.install(b);
        CHECK(report.failure == Failure::SourceFailed);
        CHECK(report.notice(Origin::Usb) == "Not updated: the stick was removed or could not be "
                                            "read during the copy. Nothing was changed.");
    }
    SECTION("the file ends early") {
        kiosk.files.read_budget = 1 << 20;
        kiosk.files.reads_end_early = true;
        auto report = kiosk.install(b);
        CHECK(report.failure == Failure::SourceFailed);
        CHECK(report.detail.find("the bundle went away mid-copy") != std::string::npos);
    }
    kiosk.check_unchanged();
}

TEST_CASE("progress reports every byte, and cancelling stops cleanly", "[installer]") {
    Kiosk kiosk("progress");
    auto b = kiosk.bundle_b(1 << 20);
    std::atomic<bool> cancel{false};
    std::uint64_t last = 0, total = 0;
    int calls = 0;
    InstallOptions options;
    options.buffer_bytes = 64 * 1024;
    options.progress = [&](const Progress& progress) {
        CHECK(progress.done >= last);
        last = progress.done;
        total = progress.total;
        ++calls;
    };
    FolderSource source(kiosk.files, b);
    auto report = install_bundle(source, kiosk.store, test::test_ring(), options);
    REQUIRE(report.ok());
    CHECK(last == total);
    CHECK(total > (1 << 20));
    CHECK(calls > 16);

    Kiosk other("cancel");
    auto c = other.bundle_b(1 << 20);
    options.cancel = &cancel;
    options.progress = [&](const Progress& progress) {
        if (progress.done > 100'000)
            cancel = true;
    };
    FolderSource other_source(other.files, c);
    CHECK(install_bundle(other_source, other.store, test::test_ring(), options).failure ==
          Failure::Cancelled);
    other.check_unchanged();
}

TEST_CASE("a kiosk with no trusted key installs nothing", "[installer]") {
    Kiosk kiosk("no-keys");
    FolderSource source(kiosk.files, kiosk.bundle_b());
    auto report = install_bundle(source, kiosk.store, KeyRing{}, {});
    CHECK(report.failure == Failure::NoTrustedKeys);
    CHECK(report.notice(Origin::Usb) ==
          "Not updated: this kiosk trusts no signing key yet. Nothing was changed.");
    kiosk.check_unchanged();
}

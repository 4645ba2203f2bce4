// Issue 18, finding 1: an older signed bundle never replaces a newer one.
// Each manifest carries a signed sequence number; installs (USB, folder and
// network alike) refuse one that is not greater than the installed one. Only
// `beacon rollback` goes back, on purpose.

#include "bundle_helpers.h"
#include "update/installer.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace beacon::update;
namespace fs = std::filesystem;

namespace {

struct Versions {
    fs::path dir;
    PosixFileSystem files;
    Store store;

    explicit Versions(const std::string& name)
        : dir(test::fresh_dir(name)), store(files, dir / "store") {}

    // A bundle of `content` numbered `sequence`; 0 leaves the number out.
    fs::path bundle(const std::string& name, const std::string& content,
                    unsigned long long sequence) {
        auto out = test::make_bundle(test::fixtures() / content, dir / name);
        if (sequence)
            test::set_sequence(out, sequence);
        else if (test::read_file(out / "manifest.xml").find(" sequence=") != std::string::npos)
            strip_sequence(out);
        return out;
    }
    static void strip_sequence(const fs::path& bundle) {
        std::string text = test::read_file(bundle / "manifest.xml");
        auto at = text.find(" sequence=\"");
        text.erase(at, text.find('"', at + 11) + 1 - at);
        test::write_file(bundle / "manifest.xml", text);
        test::resign(bundle);
    }
    InstallReport install(const fs::path& bundle, Origin origin = Origin::Usb) {
        FolderSource source(files, bundle);
        InstallOptions options;
        options.origin = origin;
        return install_bundle(source, store, test::test_ring(), options);
    }
};

} // namespace

TEST_CASE("an older bundle is refused after a newer one, with both numbers", "[sequence]") {
    Versions kiosk("sequence-replay");
    auto b1 = kiosk.bundle("b1", "content", 1);
    auto b3 = kiosk.bundle("b3", "content-b", 3);
    REQUIRE(kiosk.install(b3).outcome == InstallReport::Outcome::Installed);
    std::string before = test::current_digest(kiosk.dir / "store");

    for (Origin origin : {Origin::Usb, Origin::Folder, Origin::Network}) {
        auto report = kiosk.install(b1, origin);
        CHECK_FALSE(report.ok());
        CHECK(report.notice(origin) == "Not updated: this bundle (number 1) is not newer than the "
                                       "installed one (number 3). Nothing was changed.");
        CHECK(test::current_digest(kiosk.dir / "store") == before);
    }
    // Same number, different content: not newer either.
    auto other3 = kiosk.bundle("other3", "content", 3);
    CHECK(kiosk.install(other3).notice(Origin::Usb) ==
          "Not updated: this bundle (number 3) is not newer than the installed one (number 3). "
          "Nothing was changed.");
    CHECK(test::current_digest(kiosk.dir / "store") == before);
}

TEST_CASE("the previous version is not brought back by installing it again", "[sequence]") {
    Versions kiosk("sequence-previous");
    auto a = kiosk.bundle("a", "content", 10);
    auto b = kiosk.bundle("b", "content-b", 11);
    REQUIRE(kiosk.install(a).ok());
    REQUIRE(kiosk.install(b).ok());
    std::string before = test::current_digest(kiosk.dir / "store");
    // `a` is still in the store as `previous`: reinstalling it is a replay.
    auto replay = kiosk.install(a);
    CHECK_FALSE(replay.ok());
    CHECK(replay.notice(Origin::Usb)
              .find("(number 10) is not newer than the installed one "
                    "(number 11)") != std::string::npos);
    CHECK(test::current_digest(kiosk.dir / "store") == before);

    // An administrator goes back on purpose, and can then go forward again.
    auto back = kiosk.store.rollback();
    REQUIRE(back.ok());
    CHECK(kiosk.install(b).outcome == InstallReport::Outcome::Installed);
}

TEST_CASE("a manifest without a sequence counts as number 0", "[sequence]") {
    Versions kiosk("sequence-none");
    auto old = kiosk.bundle("old", "content", 0);
    auto numbered = kiosk.bundle("numbered", "content-b", 5);
    SECTION("it installs on an empty store, and a numbered bundle replaces it") {
        REQUIRE(kiosk.install(old).outcome == InstallReport::Outcome::Installed);
        auto other = kiosk.bundle("other-old", "content-b", 0);
        CHECK(kiosk.install(other).notice(Origin::Usb) ==
              "Not updated: this bundle (number 0) is not newer than the installed one (number "
              "0). Nothing was changed.");
        CHECK(kiosk.install(numbered).outcome == InstallReport::Outcome::Installed);
    }
    SECTION("it never replaces a numbered bundle") {
        REQUIRE(kiosk.install(numbered).ok());
        CHECK(kiosk.install(old).notice(Origin::Usb) ==
              "Not updated: this bundle (number 0) is not newer than the installed one (number "
              "5). Nothing was changed.");
    }
}

TEST_CASE("the sequence is covered by the signature", "[sequence]") {
    Versions kiosk("sequence-signed");
    auto b = kiosk.bundle("b", "content-b", 7);
    test::edit_manifest(b, "sequence=\"7\"", "sequence=\"9\"");
    CHECK(kiosk.install(b).notice(Origin::Usb) ==
          "Not updated: this stick was altered after it was signed. Nothing was changed.");
}

TEST_CASE("a sequence that is not a whole number is a bad manifest", "[sequence]") {
    Versions kiosk("sequence-bad");
    for (std::string bad : {"-1", "01", "1.5", "", "x", "99999999999999999999"}) {
        auto b = kiosk.bundle("b", "content-b", 2);
        test::edit_manifest(b, "sequence=\"2\"", "sequence=\"" + bad + "\"");
        test::resign(b);
        auto report = kiosk.install(b);
        INFO(bad << ": " << report.detail);
        CHECK(report.failure == Failure::BadManifest);
        CHECK(report.detail.find("sequence") != std::string::npos);
        fs::remove_all(kiosk.dir / "b");
    }
}

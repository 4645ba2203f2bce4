// Issue 21, found 5: versions with names. The store lists what it keeps,
// rollback goes down in sequence (never toggling between two versions),
// `rollback --to N` picks any kept version, and a bundle's label is signed,
// bounded and UTF-8.

#include "bundle_helpers.h"
#include "update/installer.h"

#include <catch2/catch.hpp>

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
    // The fixture content, signed as bundle number `sequence`.
    fs::path bundle(unsigned long long sequence, const std::string& content = "content") {
        auto out =
            test::make_bundle(test::fixtures() / content, dir / ("b" + std::to_string(sequence)));
        test::set_sequence(out, sequence);
        return out;
    }
    InstallReport install(const fs::path& bundle) {
        FolderSource source(files, bundle);
        return install_bundle(source, store, test::test_ring(), {});
    }
    Sequence current() { return store.sequence_of(store.current_version().value()); }
    std::optional<Sequence> previous() {
        auto version = store.previous_version();
        if (!version)
            return std::nullopt;
        return store.sequence_of(*version);
    }
    std::vector<Sequence> kept() {
        std::vector<Sequence> numbers;
        for (auto& version : store.versions())
            numbers.push_back(version.manifest.sequence);
        return numbers;
    }
};

StoredVersion stored(const std::string& name, Sequence sequence) {
    StoredVersion version;
    version.name = name;
    version.manifest.sequence = sequence;
    return version;
}

} // namespace

TEST_CASE("previous is the kept version numbered just below current", "[versions]") {
    std::vector<StoredVersion> versions = {stored("v-a", 3), stored("v-b", 7), stored("v-c", 5)};
    CHECK(previous_for(versions, "v-b") == "v-c");
    CHECK(previous_for(versions, "v-c") == "v-a");
    CHECK_FALSE(previous_for(versions, "v-a"));
    CHECK_FALSE(previous_for(versions, "v-unknown"));
    // Kept: current, previous, then the highest numbers, three in all.
    versions.push_back(stored("v-d", 9));
    CHECK(versions_to_keep(versions, std::string("v-a")) ==
          std::set<std::string>{"v-a", "v-d", "v-b"});
    CHECK(versions_to_keep(versions, std::string("v-c")) ==
          std::set<std::string>{"v-c", "v-a", "v-d"});
}

TEST_CASE("rollback goes down in sequence and never toggles between two versions", "[versions]") {
    Kiosk kiosk("versions-no-toggle");
    REQUIRE(kiosk.install(kiosk.bundle(10)).ok());
    REQUIRE(kiosk.install(kiosk.bundle(11)).ok());
    REQUIRE(kiosk.install(kiosk.bundle(12)).ok());
    CHECK(kiosk.kept() == std::vector<Sequence>{10, 11, 12});
    CHECK(kiosk.current() == 12);
    CHECK(kiosk.previous() == 11);

    auto back = kiosk.store.rollback();
    REQUIRE(back.ok());
    CHECK(back.value().manifest.sequence == 11);
    CHECK(kiosk.current() == 11);
    // Before issue 21, previous became 12 here, and a second rollback came
    // straight back to it.
    CHECK(kiosk.previous() == 10);

    REQUIRE(kiosk.store.rollback().ok());
    CHECK(kiosk.current() == 10);
    CHECK_FALSE(kiosk.previous());
    CHECK_FALSE(fs::exists(fs::symlink_status(kiosk.dir / "store/previous")));

    std::string before = test::current_digest(kiosk.dir / "store");
    auto nowhere = kiosk.store.rollback();
    REQUIRE_FALSE(nowhere.ok());
    CHECK(nowhere.error().message.find("no previous version") != std::string::npos);
    CHECK(nowhere.error().message.find("the store keeps number 10 (current), 11 and 12") !=
          std::string::npos);
    CHECK(test::current_digest(kiosk.dir / "store") == before);
    CHECK(kiosk.kept() == std::vector<Sequence>{10, 11, 12});
}

TEST_CASE("rollback --to goes to any kept version, and an unknown number lists them",
          "[versions]") {
    Kiosk kiosk("versions-to");
    REQUIRE(kiosk.install(kiosk.bundle(10)).ok());
    REQUIRE(kiosk.install(kiosk.bundle(11)).ok());
    REQUIRE(kiosk.install(kiosk.bundle(12)).ok());

    auto down = kiosk.store.rollback(10);
    REQUIRE(down.ok());
    CHECK(kiosk.current() == 10);
    CHECK_FALSE(kiosk.previous());

    // Forward again, to a kept version: it was signed and installed before.
    auto up = kiosk.store.rollback(12);
    REQUIRE(up.ok());
    CHECK(kiosk.current() == 12);
    CHECK(kiosk.previous() == 11);

    std::string before = test::current_digest(kiosk.dir / "store");
    auto unknown = kiosk.store.rollback(7);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("no version numbered 7 is kept") != std::string::npos);
    CHECK(unknown.error().message.find("the store keeps number 10, 11 and 12 (current)") !=
          std::string::npos);
    auto same = kiosk.store.rollback(12);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message.find("already the current one") != std::string::npos);
    CHECK(test::current_digest(kiosk.dir / "store") == before);
}

TEST_CASE("after a rollback, an install keeps the rule and the rolled-back version", "[versions]") {
    Kiosk kiosk("versions-install-after-rollback");
    REQUIRE(kiosk.install(kiosk.bundle(10)).ok());
    auto eleven = kiosk.bundle(11);
    REQUIRE(kiosk.install(eleven).ok());
    REQUIRE(kiosk.store.rollback().ok());
    CHECK(kiosk.current() == 10);

    // The kept 11 comes back by a plain install, checked, not copied again.
    auto again = kiosk.install(eleven);
    REQUIRE(again.outcome == InstallReport::Outcome::Installed);
    CHECK(again.bytes_copied == 0);
    CHECK(kiosk.current() == 11);
    CHECK(kiosk.previous() == 10);

    REQUIRE(kiosk.store.rollback().ok());
    REQUIRE(kiosk.install(kiosk.bundle(12)).ok());
    CHECK(kiosk.current() == 12);
    CHECK(kiosk.previous() == 11); // the highest below, not the one replaced
}

TEST_CASE("the store keeps three versions: current, previous and the newest other", "[versions]") {
    Kiosk kiosk("versions-kept");
    for (unsigned long long sequence : {20, 21, 22, 23})
        REQUIRE(kiosk.install(kiosk.bundle(sequence)).ok());
    CHECK(kiosk.kept() == std::vector<Sequence>{21, 22, 23});
    REQUIRE(kiosk.store.rollback(21).ok());
    REQUIRE(kiosk.install(kiosk.bundle(24)).ok());
    // 24 current, 23 previous; 22 and 21 compete for the last place: 22 wins.
    CHECK(kiosk.kept() == std::vector<Sequence>{22, 23, 24});
}

TEST_CASE("a bundle's label is signed, shown, bounded and UTF-8", "[versions][manifest]") {
    CHECK_FALSE(label_problem(""));
    CHECK_FALSE(label_problem("December campaign"));
    CHECK_FALSE(label_problem("Campaña de diciembre · 十二月"));
    std::string eighty_wide;
    for (int i = 0; i < 80; ++i)
        eighty_wide += "月"; // 240 bytes, 80 characters
    CHECK_FALSE(label_problem(eighty_wide));
    CHECK(label_problem(eighty_wide + "x").value() ==
          "is 81 characters long; at most 80 are allowed");
    CHECK(label_problem("two\nlines").value().find("control character") != std::string::npos);
    CHECK(label_problem("caf\xe9").value() == "is not UTF-8 text (at byte 4)");
    CHECK(label_problem("\xc0\xaf").value().find("is not UTF-8") == 0);     // overlong '/'
    CHECK(label_problem("\xed\xa0\x80").value().find("is not UTF-8") == 0); // a surrogate

    Manifest manifest;
    manifest.sequence = 5;
    manifest.label = "Clinic <winter> & \"spring\"";
    manifest.files.push_back({"playlist.xml", 3, std::string(64, 'a'), 0});
    std::string text = write_manifest(manifest);
    auto parsed = parse_manifest(text, "manifest.xml");
    REQUIRE(parsed.manifest);
    CHECK(parsed.manifest->label == manifest.label);
    CHECK(version_title(*parsed.manifest) == "5 \"Clinic <winter> & \"spring\"\"");

    std::string tampered = text;
    tampered.replace(tampered.find("label=\""), 7, "label=\"&#10;");
    auto refused = parse_manifest(tampered, "manifest.xml");
    CHECK_FALSE(refused.manifest);
}

#include "bundle_helpers.h"
#include "update/installer.h"
#include "update/store.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace beacon;
using namespace beacon::update;
namespace fs = std::filesystem;

namespace {

InstallReport install_folder(const fs::path& bundle, Store& store) {
    FolderSource source(store.fs(), bundle);
    return install_bundle(source, store, test::test_ring(), {});
}

ino_t inode(const fs::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_ino;
}

} // namespace

TEST_CASE("installs swap current, keep previous versions, and roll back", "[store]") {
    fs::path dir = test::fresh_dir("store-versions");
    auto a = test::make_bundle(test::fixtures() / "content", dir / "a");
    auto b = test::make_bundle(test::fixtures() / "content-b", dir / "b");
    PosixFileSystem files;
    Store store(files, dir / "store");

    auto first = install_folder(a, store);
    REQUIRE(first.outcome == InstallReport::Outcome::Installed);
    CHECK(first.items == 2);
    CHECK(first.languages == 2);
    CHECK(first.notice(Origin::Usb) == "Updated: 2 items, 2 languages");
    CHECK(store.current_version() == first.version);
    CHECK_FALSE(store.previous_version());
    CHECK(fs::is_symlink(dir / "store/current"));
    CHECK(test::read_file(dir / "store/current/playlist.xml") ==
          test::read_file(test::fixtures() / "content/playlist.xml"));
    // The store keeps the signed manifest beside the content.
    CHECK(test::read_file(dir / "store/current/manifest.xml") ==
          test::read_file(a / "manifest.xml"));

    auto second = install_folder(b, store);
    REQUIRE(second.outcome == InstallReport::Outcome::Installed);
    CHECK(store.current_version() == second.version);
    CHECK(store.previous_version() == first.version);
    // The picture is the same file in both: stored once, linked twice.
    CHECK(second.bytes_reused == 161);
    CHECK(inode(dir / "store/current/media/tiny.png") ==
          inode(dir / "store" / first.version / "media/tiny.png"));

    auto again = install_folder(b, store);
    CHECK(again.outcome == InstallReport::Outcome::AlreadyCurrent);
    CHECK(again.notice(Origin::Usb) == "Already up to date: 2 items, 2 languages");

    auto back = store.rollback();
    REQUIRE(back.ok());
    CHECK(back.value().name == first.version);
    CHECK(store.current_version() == first.version);
    // Nothing is numbered below the first: no `previous` (issue 21: no toggling).
    CHECK_FALSE(store.previous_version());

    // A third version: previous is the second, numbered just below it.
    auto third_content = test::fresh_dir("store-versions-c");
    fs::copy(test::fixtures() / "content-b", third_content, fs::copy_options::recursive);
    test::write_file(third_content / "media/other.png",
                     test::read_file(test::fixtures() / "content/media/tiny.png") + "x");
    auto c = test::make_bundle(third_content, dir / "c");
    auto third = install_folder(c, store);
    REQUIRE(third.outcome == InstallReport::Outcome::Installed);
    CHECK(store.previous_version() == second.version);
    CHECK(fs::exists(dir / "store" / first.version)); // kept: three versions in all
    std::size_t objects = 0;
    for (auto& object : fs::directory_iterator(dir / "store/.objects")) {
        CHECK(fs::hard_link_count(object.path()) >= 2);
        ++objects;
    }
    // a's playlist, the playlist b and c share, tiny.png, other.png.
    CHECK(objects == 4);

    // A fourth version pushes the oldest out; its objects go when unused.
    auto fourth_content = test::fresh_dir("store-versions-d");
    fs::copy(test::fixtures() / "content", fourth_content, fs::copy_options::recursive);
    auto fourth = install_folder(test::make_bundle(fourth_content, dir / "d"), store);
    REQUIRE(fourth.outcome == InstallReport::Outcome::Installed);
    CHECK_FALSE(fs::exists(dir / "store" / first.version));
    CHECK(store.previous_version() == third.version);
}

TEST_CASE("rollback with nothing to go back to says so and changes nothing", "[store]") {
    fs::path dir = test::fresh_dir("store-no-previous");
    PosixFileSystem files;
    Store store(files, dir / "store");
    auto none = store.rollback();
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.find("no previous version") != std::string::npos);
    install_folder(test::make_bundle(test::fixtures() / "content", dir / "a"), store);
    std::string before = test::current_digest(dir / "store");
    CHECK_FALSE(store.rollback().ok());
    CHECK(test::current_digest(dir / "store") == before);
}

TEST_CASE("recovery removes half-made staging, stray links and unused versions", "[store]") {
    fs::path dir = test::fresh_dir("store-recover");
    PosixFileSystem files;
    Store store(files, dir / "store");
    auto report = install_folder(test::make_bundle(test::fixtures() / "content", dir / "a"), store);
    REQUIRE(report.ok());
    std::string before = test::current_digest(dir / "store");
    // What a crash can leave: a staging folder, a complete version that never
    // became current, a temporary link and an object nothing uses.
    test::write_file(dir / "store/.staging/v-00000000000000aa/media/half.png", "half");
    test::write_file(dir / "store/v-00000000000000bb/playlist.xml", "<playlist/>");
    fs::create_symlink("v-00000000000000bb", dir / "store/.current.new");
    test::write_file(dir / "store/.objects" / std::string(64, 'e'), "orphan");
    auto lock = store.lock();
    REQUIRE(lock.ok());
    REQUIRE(store.recover().ok());
    CHECK(fs::is_empty(dir / "store/.staging"));
    CHECK_FALSE(fs::exists(dir / "store/v-00000000000000bb"));
    CHECK_FALSE(fs::exists(fs::symlink_status(dir / "store/.current.new")));
    CHECK_FALSE(fs::exists(dir / "store/.objects" / std::string(64, 'e')));
    CHECK(test::current_digest(dir / "store") == before);
}

TEST_CASE("only one process changes the store at a time", "[store]") {
    fs::path dir = test::fresh_dir("store-lock");
    PosixFileSystem files;
    Store store(files, dir / "store");
    REQUIRE(store.prepare().ok());
    auto held = store.lock();
    REQUIRE(held.ok());
    auto second = store.lock();
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().message.find("another update") != std::string::npos);
    auto report = install_folder(test::make_bundle(test::fixtures() / "content", dir / "a"), store);
    CHECK(report.failure == Failure::Busy);
    CHECK(test::current_digest(dir / "store") == "none");
    held.value().reset();
    CHECK(store.lock().ok());
}

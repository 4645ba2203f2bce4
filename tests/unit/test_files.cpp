#include "system/content_root.h"
#include "system/files.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using beacon::read_text_file;

namespace {

fs::path scratch_folder() {
    auto folder = fs::temp_directory_path() / ("beacon-files-test-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}

void write(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

TEST_CASE("read_text_file returns the file's exact bytes", "[files]") {
    auto folder = scratch_folder();
    std::string bytes = "<playlist>\n";
    for (int i = 0; i < 20000; ++i)
        bytes += "  <video src=\"a.mp4\"/>\n"; // larger than any single read
    bytes += std::string("\0\xff", 2) + "</playlist>";
    write(folder / "big.xml", bytes);
    write(folder / "empty.xml", "");

    auto big = read_text_file(folder / "big.xml");
    REQUIRE(big);
    CHECK(big.value() == bytes);
    auto empty = read_text_file(folder / "empty.xml");
    REQUIRE(empty);
    CHECK(empty.value().empty());
    fs::remove_all(folder);
}

TEST_CASE("read_text_file refuses what it should not read", "[files]") {
    auto folder = scratch_folder();
    write(folder / "eleven.txt", "0123456789\n");

    SECTION("a file over the limit") {
        auto text = read_text_file(folder / "eleven.txt", 10);
        REQUIRE_FALSE(text);
        CHECK(text.error().code == beacon::ErrorCode::TooLarge);
        CHECK_THAT(text.error().message, Catch::Contains("too large"));
        CHECK(read_text_file(folder / "eleven.txt", 11)); // exactly at the limit
    }
    SECTION("a missing file") {
        auto text = read_text_file(folder / "missing.xml");
        REQUIRE_FALSE(text);
        CHECK(text.error().code == beacon::ErrorCode::NotFound);
        CHECK_THAT(text.error().message, Catch::Contains("missing.xml"));
    }
    SECTION("a folder") {
        auto text = read_text_file(folder);
        REQUIRE_FALSE(text);
        CHECK_THAT(text.error().message, Catch::Contains("is a folder"));
    }
    fs::remove_all(folder);
}

TEST_CASE("MappedFile gives the file's exact bytes and refuses what read_text_file refuses",
          "[files]") {
    auto folder = scratch_folder();
    std::string bytes = "<playlist>\n";
    for (int i = 0; i < 20000; ++i)
        bytes += "  <video src=\"a.mp4\"/>\n";
    bytes += std::string("\0\xff", 2) + "</playlist>";
    write(folder / "big.xml", bytes);
    write(folder / "empty.xml", "");
    write(folder / "eleven.txt", "0123456789\n");

    auto big = beacon::MappedFile::open(folder / "big.xml");
    REQUIRE(big);
    CHECK(big.value().text() == bytes);
    // Moved, the mapping stays valid and is unmapped once.
    beacon::MappedFile moved = big.release_value();
    CHECK(moved.text() == bytes);
    auto empty = beacon::MappedFile::open(folder / "empty.xml");
    REQUIRE(empty);
    CHECK(empty.value().text().empty());

    auto too_large = beacon::MappedFile::open(folder / "eleven.txt", 10);
    REQUIRE_FALSE(too_large);
    CHECK(too_large.error().code == beacon::ErrorCode::TooLarge);
    CHECK_THAT(too_large.error().message, Catch::Contains("too large"));
    CHECK(beacon::MappedFile::open(folder / "eleven.txt", 11));
    auto missing = beacon::MappedFile::open(folder / "missing.xml");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message, Catch::Contains("missing.xml"));
    auto directory = beacon::MappedFile::open(folder);
    REQUIRE_FALSE(directory);
    CHECK_THAT(directory.error().message, Catch::Contains("is a folder"));
    fs::remove_all(folder);
}

TEST_CASE("a content path reaches plain files inside the root, never through a link",
          "[files][content-root]") {
    using beacon::PathStatus;
    auto folder = scratch_folder();
    fs::create_directories(folder / "media");
    write(folder / "media/a.png", "x");
    write(folder / "outside.png", "x");
    fs::create_directories(folder / "root");
    fs::create_directories(folder / "root/media");
    write(folder / "root/media/a.png", "x");
    // A link that stays inside is refused as well: it could be re-aimed
    // after the check, and a signed bundle holds plain files only.
    fs::create_symlink("a.png", folder / "root/media/inside.png");
    fs::create_symlink("../../outside.png", folder / "root/media/outside.png");
    fs::create_directory_symlink("media", folder / "root/linked");

    beacon::DirectoryContentRoot root(folder / "root");
    CHECK(root.check("media/a.png") == PathStatus::Ok);
    CHECK(root.check("./media/a.png") == PathStatus::Ok);
    CHECK(root.check("media/none.png") == PathStatus::Missing);
    CHECK(root.check("media") == PathStatus::NotAFile);
    CHECK(root.check("media/inside.png") == PathStatus::EscapesRoot);
    CHECK(root.check("media/outside.png") == PathStatus::EscapesRoot);
    CHECK(root.check("linked/a.png") == PathStatus::EscapesRoot);
    CHECK(root.resolve("media/a.png") == (fs::canonical(folder / "root") / "media/a.png").string());

    // Limited to a listing: what is not listed is not there.
    beacon::DirectoryContentRoot listed(beacon::posix_file_system(), folder / "root",
                                        {"media/b.png"});
    CHECK(listed.check("media/a.png") == PathStatus::Missing);
    CHECK(listed.check("media") == PathStatus::NotAFile);
    fs::remove_all(folder);
}

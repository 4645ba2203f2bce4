// ReadAhead: a file read on a thread of its own comes out whole and in
// order, stops at its limit, passes a read's error on, and can be dropped
// half-way without hanging.

#include "bundle_helpers.h"
#include "faulty_filesystem.h"
#include "update/read_ahead.h"

#include <catch2/catch.hpp>

#include <random>

namespace fs = std::filesystem;
using namespace beacon;
using namespace beacon::update;

namespace {

std::string random_bytes(std::size_t size, unsigned seed) {
    std::string data(size, '\0');
    std::mt19937 random(seed);
    for (auto& c : data)
        c = static_cast<char>(random());
    return data;
}

// Everything `ahead` hands out, joined; or the error's message.
std::string drain(ReadAhead& ahead, std::size_t& chunks) {
    std::string out;
    for (;;) {
        auto next = ahead.next();
        if (!next)
            return "error: " + next.error().message;
        if (next.value().empty())
            return out;
        ++chunks;
        out.append(reinterpret_cast<const char*>(next.value().data()), next.value().size());
    }
}

} // namespace

TEST_CASE("read-ahead hands out a file whole, in order, and stops at its limit", "[read-ahead]") {
    fs::path dir = test::fresh_dir("read-ahead");
    std::string data = random_bytes(5 * 65536 + 123, 1);
    test::write_file(dir / "file", data);
    PosixFileSystem files;
    SECTION("to the end") {
        auto input = files.open_read(dir / "file");
        REQUIRE(input.ok());
        ReadAhead ahead(*input.value(), data.size() + 1, 3, 65536);
        std::size_t chunks = 0;
        CHECK(drain(ahead, chunks) == data);
        CHECK(chunks == 6);
        CHECK(ahead.next().value().empty()); // and stays at the end
    }
    SECTION("to a limit") {
        auto input = files.open_read(dir / "file");
        REQUIRE(input.ok());
        ReadAhead ahead(*input.value(), 100000, 2, 65536);
        std::size_t chunks = 0;
        CHECK(drain(ahead, chunks) == data.substr(0, 100000));
        CHECK(chunks == 2);
    }
}

TEST_CASE("read-ahead passes a failed read on after the chunks before it", "[read-ahead]") {
    fs::path dir = test::fresh_dir("read-ahead-error");
    std::string data = random_bytes(8 * 65536, 2);
    test::write_file(dir / "file", data);
    test::FaultyFileSystem files;
    files.read_budget = 3 * 65536;
    auto input = files.open_read_beneath(dir, "file");
    REQUIRE(input.ok());
    ReadAhead ahead(*input.value(), data.size() + 1, 4, 65536);
    std::string out;
    for (int i = 0; i < 3; ++i) {
        auto next = ahead.next();
        REQUIRE(next.ok());
        out.append(reinterpret_cast<const char*>(next.value().data()), next.value().size());
    }
    CHECK(out == data.substr(0, 3 * 65536));
    auto failed = ahead.next();
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message == "read(" + (dir / "file").string() + "): Input/output error");
}

TEST_CASE("read-ahead dropped half-way stops its thread", "[read-ahead]") {
    fs::path dir = test::fresh_dir("read-ahead-drop");
    std::string data = random_bytes(64 * 65536, 3);
    test::write_file(dir / "file", data);
    PosixFileSystem files;
    for (int round = 0; round < 50; ++round) {
        auto input = files.open_read(dir / "file");
        REQUIRE(input.ok());
        ReadAhead ahead(*input.value(), data.size() + 1, 2, 65536);
        for (int i = 0; i < round % 5; ++i)
            REQUIRE(ahead.next().ok());
    } // each destructor joins: a hang here fails the test by its timeout
    SUCCEED();
}

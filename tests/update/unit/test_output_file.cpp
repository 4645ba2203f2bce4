// PosixOutputFile hands the kernel a large write in pieces (system/
// filesystem.cpp, write_piece): whatever the sizes of the spans, the file
// holds every byte once, in order, with write-back started along the way.

#include "bundle_helpers.h"
#include "system/filesystem.h"

#include <catch2/catch.hpp>

#include <random>

using namespace beacon;
namespace fs = std::filesystem;

TEST_CASE("a file written in spans of any size holds every byte once, in order", "[output-file]") {
    fs::path dir = test::fresh_dir("output-file");
    std::mt19937 random(7);
    std::string data(6 << 20, '\0');
    for (auto& c : data)
        c = static_cast<char>(random());
    // Around a 64 KB piece and a 1 MB buffer: empty, one byte, a piece and
    // either side of one, several pieces and a tail, and a large remainder.
    const std::size_t spans[] = {
        0, 1, (64 << 10) - 1, 64 << 10, (64 << 10) + 1, 1 << 20, 3 * (64 << 10) + 12345};
    PosixFileSystem files;
    auto created = files.create(dir / "copy");
    REQUIRE(created.ok());
    auto& file = *created.value();
    std::size_t offset = 0;
    for (std::size_t i = 0; offset < data.size(); ++i) {
        std::size_t size = std::min(spans[i % std::size(spans)], data.size() - offset);
        auto span = std::as_bytes(std::span(data.data() + offset, size));
        REQUIRE(file.write(span).ok());
        file.write_back_early();
        offset += size;
    }
    REQUIRE(file.sync().ok());
    REQUIRE(file.close().ok());
    std::string written = test::read_file(dir / "copy");
    CHECK(written.size() == data.size());
    CHECK(written == data);
}

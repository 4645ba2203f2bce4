// Table tests over tests/data/bundles/manifests/{good,bad}: each bad NAME.xml
// has NAME.expected beside it, the exact diagnostics, one per line.

#include "bundle_helpers.h"
#include "core/manifest.h"
#include "update/installer.h"

#include <catch2/catch.hpp>

using namespace beacon;
namespace fs = std::filesystem;

namespace {

std::string joined(const Diagnostics& diagnostics) {
    std::string out;
    for (auto& diagnostic : diagnostics)
        out += diagnostic.to_string() + "\n";
    return out;
}

std::string entry(int i) {
    return "  <file path=\"m/" + std::to_string(i) + ".png\" size=\"1\" sha256=\"" +
           std::string(64, 'b') + "\"/>\n";
}

std::string manifest_with(int files) {
    std::string text = "<manifest format=\"1\">\n  <file path=\"playlist.xml\" size=\"1\" "
                       "sha256=\"" +
                       std::string(64, 'a') + "\"/>\n";
    for (int i = 0; i < files; ++i)
        text += entry(i);
    return text + "</manifest>\n";
}

} // namespace

TEST_CASE("every bad manifest gives exactly its expected diagnostics", "[manifest]") {
    int checked = 0;
    for (auto& file : fs::directory_iterator(test::fixtures() / "manifests/bad")) {
        if (file.path().extension() != ".xml")
            continue;
        INFO("fixture " << file.path().filename());
        auto expected = fs::path(file.path()).replace_extension(".expected");
        REQUIRE(fs::exists(expected));
        auto parsed = parse_manifest(test::read_file(file.path()), file.path().filename().string());
        CHECK_FALSE(parsed.manifest.has_value());
        CHECK(joined(parsed.diagnostics) == test::read_file(expected));
        ++checked;
    }
    CHECK(checked >= 12);
}

TEST_CASE("a good manifest parses, and writing it reads back the same", "[manifest]") {
    auto text = test::read_file(test::fixtures() / "manifests/good/special-characters.xml");
    auto parsed = parse_manifest(text, "special-characters.xml");
    INFO(joined(parsed.diagnostics));
    REQUIRE(parsed.manifest);
    REQUIRE(parsed.manifest->files.size() == 2);
    CHECK(parsed.manifest->files[1].path == "media/a & b.png");
    CHECK(parsed.manifest->created == "2024-05-01T12:00:00Z");
    CHECK(parsed.manifest->total_size() == 10);

    auto again = parse_manifest(write_manifest(*parsed.manifest), "written");
    REQUIRE(again.manifest);
    auto without_lines = [](std::vector<ManifestEntry> files) {
        for (auto& file : files)
            file.line = 0;
        return files;
    };
    CHECK(without_lines(again.manifest->files) == without_lines(parsed.manifest->files));
    CHECK(again.manifest->created == parsed.manifest->created);
}

TEST_CASE("the signed fixture's manifest lists the playlist and its picture", "[manifest]") {
    auto parsed = parse_manifest(test::read_file(test::fixtures() / "signed-a/manifest.xml"), "m");
    REQUIRE(parsed.manifest);
    REQUIRE(parsed.manifest->find("playlist.xml"));
    REQUIRE(parsed.manifest->find("media/tiny.png"));
    CHECK(parsed.manifest->find("media/tiny.png")->size == 161);
}

TEST_CASE("a manifest of 100000 entries is refused before it is parsed", "[manifest]") {
    std::string huge = manifest_with(100'000);
    REQUIRE(huge.size() > ManifestLimits{}.max_bytes);
    auto parsed = parse_manifest(huge, "huge.xml");
    CHECK_FALSE(parsed.manifest);
    REQUIRE(parsed.diagnostics.size() == 1);
    CHECK(parsed.diagnostics[0].message.find("at most 2097152 are accepted") != std::string::npos);
}

TEST_CASE("more files than the limit are refused, and the problems listed stay bounded",
          "[manifest]") {
    ManifestLimits limits;
    limits.max_files = 50;
    auto parsed = parse_manifest(manifest_with(60), "many.xml", limits);
    CHECK_FALSE(parsed.manifest);
    REQUIRE(parsed.diagnostics.size() == 1);
    CHECK(parsed.diagnostics[0].message == "the manifest lists more than 50 files");
    CHECK(parsed.diagnostics[0].line == 52); // the 51st file: the playlist, then 50 more

    // 300 bad entries give 50 diagnostics and one line saying how many more.
    std::string bad = "<manifest format=\"1\">\n";
    for (int i = 0; i < 300; ++i)
        bad += "  <file path=\"../x" + std::to_string(i) + "\" size=\"1\" sha256=\"" +
               std::string(64, 'c') + "\"/>\n";
    bad += "</manifest>\n";
    auto flood = parse_manifest(bad, "flood.xml");
    REQUIRE(flood.diagnostics.size() == 51);
    CHECK(flood.diagnostics.back().message == "... and 251 more problems (not listed)");
}

TEST_CASE("a manifest's sequence reads back as written", "[manifest]") {
    Manifest manifest;
    manifest.sequence = 18'446'744'073'709'551'615ULL;
    manifest.files.push_back({"playlist.xml", 1, std::string(64, 'a'), 0});
    auto parsed = parse_manifest(write_manifest(manifest), "written");
    REQUIRE(parsed.manifest);
    CHECK(parsed.manifest->sequence == manifest.sequence);
    manifest.sequence = 0; // none: not written, read back as 0
    CHECK(write_manifest(manifest).find("sequence") == std::string::npos);
    CHECK(parse_manifest(write_manifest(manifest), "w").manifest->sequence == 0);
}

TEST_CASE("a manifest with a second root, or a NUL, is refused at its line", "[manifest]") {
    std::string good = manifest_with(1);
    auto second = parse_manifest(good + "<manifest format=\"1\"/>\n", "two-roots.xml");
    CHECK_FALSE(second.manifest);
    REQUIRE(second.diagnostics.size() == 1);
    CHECK(second.diagnostics[0].line == 5);
    CHECK(second.diagnostics[0].message.find("second root") != std::string::npos);
    std::string nul = good;
    nul.replace(nul.find("m/0.png"), 7, "m/0&#0;.png");
    auto cut = parse_manifest(nul, "nul.xml");
    CHECK_FALSE(cut.manifest);
    REQUIRE(cut.diagnostics.size() == 1);
    CHECK(cut.diagnostics[0].line == 3);
}

TEST_CASE("an answer that is no manifest is named so, and never called altered", "[manifest]") {
    std::string manifest = test::read_file(test::fixtures() / "signed-a/manifest.xml");
    std::string signature = test::read_file(test::fixtures() / "signed-a/manifest.sig");
    CHECK(looks_like_manifest(manifest));
    CHECK(looks_like_manifest("\xEF\xBB\xBF  <manifest format=\"1\"/>"));
    for (std::string answer : {"<!DOCTYPE html>\n<html><body>Index of /fleet/</body></html>",
                               "Not Found", "", "{\"error\": 404}"}) {
        INFO(answer);
        CHECK_FALSE(looks_like_manifest(answer));
        // The real signature beside it, as a folder URL on a web server gives.
        auto verification = update::verify_manifest(test::test_ring(), answer, signature);
        CHECK(verification.failure == update::Failure::NotABundle);
        CHECK(verification.detail.find("is not a Beacon manifest") != std::string::npos);
    }
    // Bytes of a manifest changed after signing are still called altered.
    std::string edited = manifest;
    edited.replace(edited.find("size=\"161\""), 10, "size=\"160\"");
    CHECK(update::verify_manifest(test::test_ring(), edited, signature).failure ==
          update::Failure::Altered);
}

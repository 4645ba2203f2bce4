// The glyphs the engine hands SDL_ttf, checked against an outside oracle:
// hb-shape (HarfBuzz's own command-line tool) over the same font file and
// face, text, script, direction and FreeType load flags, run by run after
// bidi and font fallback.

#include "text_helpers.h"

#include "render/fonts.h"
#include "render/text.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include <unistd.h>

using namespace beacon::render;

namespace {

struct OracleGlyph {
    std::uint32_t id;
    int x_advance;
    int x_offset;
    int y_offset;
};

std::vector<OracleGlyph> hb_shape(const GlyphRun& run, int px) {
    // Per process: CTest runs this file's test cases in parallel.
    auto const file = std::filesystem::temp_directory_path() /
                      ("beacon-hb-shape-run-" + std::to_string(getpid()) + ".txt");
    {
        std::ofstream out(file, std::ios::binary);
        out << run.text;
    }
    auto const output = text_test::run(
        {HB_SHAPE, "--font-funcs=ft", "--ft-load-flags=" + std::to_string(shaping_load_flags()),
         "--font-size=" + std::to_string(px * 64), "--face-index=" + std::to_string(run.face.index),
         "--direction=" + std::string(run.right_to_left ? "rtl" : "ltr"), "--script=" + run.script,
         "--no-glyph-names", "--output-format=json", "--text-file=" + file.string(),
         run.face.file});
    std::filesystem::remove(file);
    REQUIRE(output.exit_code == 0);
    std::vector<OracleGlyph> glyphs;
    std::regex const entry(
        R"re(\{"g":(\d+),"cl":\d+,"dx":(-?\d+),"dy":(-?\d+),"ax":(-?\d+),"ay":-?\d+\})re");
    for (auto it = std::sregex_iterator(output.text.begin(), output.text.end(), entry);
         it != std::sregex_iterator(); ++it) {
        glyphs.push_back({static_cast<std::uint32_t>(std::stoul((*it)[1])), std::stoi((*it)[4]),
                          std::stoi((*it)[2]), std::stoi((*it)[3])});
    }
    return glyphs;
}

// Checks `run`'s glyphs against hb-shape's for the run's own text.
void check_against_hb_shape(const GlyphRun& run, int px) {
    auto const oracle = hb_shape(run, px);
    REQUIRE(oracle.size() == run.glyphs.size());
    for (std::size_t i = 0; i < oracle.size(); ++i) {
        INFO("glyph " << i);
        CHECK(run.glyphs[i].id == oracle[i].id);
        CHECK(run.glyphs[i].x_advance == oracle[i].x_advance);
        CHECK(run.glyphs[i].x_offset == oracle[i].x_offset);
        CHECK(run.glyphs[i].y_offset == oracle[i].y_offset);
    }
}

} // namespace

TEST_CASE("shaped runs match hb-shape glyph for glyph in every language", "[text][shaping]") {
    int const px = 40;
    for (auto const& sample : text_test::samples()) {
        INFO(sample.lang << ": " << sample.text);
        Paragraph const paragraph =
            text_test::engine().layout_paragraph(sample.text, {sample.lang, px, false}, 100000);
        REQUIRE(paragraph.lines.size() == 1);
        CHECK(paragraph.missing.empty());
        REQUIRE_FALSE(paragraph.lines[0].runs.empty());
        for (GlyphRun const& run : paragraph.lines[0].runs) {
            INFO("run \"" << run.text << "\" " << run.script
                          << (run.right_to_left ? " rtl " : " ltr ") << run.face.file << "#"
                          << run.face.index);
            check_against_hb_shape(run, px);
        }
    }
}

// A line's piece of a run is cut out of the run's whole shaping where
// HarfBuzz flags the cut safe, and shaped again where it is not (inside a
// cluster, an Arabic joining, a ligature or a kerning pair). Either way it
// must be exactly what SDL_ttf gets when it shapes the piece alone.
TEST_CASE("wrapped lines match hb-shape of each line's own text", "[text][shaping]") {
    int const px = 40;
    std::vector<text_test::Sample> cases = text_test::samples();
    // Words wider than the box are split between graphemes, so lines end
    // inside joined Arabic words and inside Latin ligatures and kerning.
    cases.push_back({"ar", "والمتاجرون يستغلونهم"});
    cases.push_back({"en", "office traffickers AVAWAY"});
    int lines_checked = 0;
    for (auto const& sample : cases) {
        for (int width : {120, 260, 420}) {
            INFO(sample.lang << " at " << width << " px: " << sample.text);
            TextEngine engine(text_test::fonts());
            Paragraph const paragraph =
                engine.layout_paragraph(sample.text, {sample.lang, px, false}, width);
            CHECK(paragraph.missing.empty());
            for (TextLine const& line : paragraph.lines) {
                ++lines_checked;
                long width_26_6 = 0;
                for (GlyphRun const& run : line.runs) {
                    INFO("line \"" << line.text << "\", run \"" << run.text << "\"");
                    check_against_hb_shape(run, px);
                    int sum = 0;
                    for (Glyph const& glyph : run.glyphs)
                        sum += glyph.x_advance;
                    CHECK(run.advance == sum);
                    width_26_6 += run.advance;
                }
                CHECK(line.width == (width_26_6 + 63) / 64);
            }
        }
    }
    CHECK(lines_checked > 3 * static_cast<int>(cases.size()));
}

// SDL_ttf shapes a run by itself, from the script and direction the run
// names: an outside measure of the engine's advances.
TEST_CASE("every run names a script and a direction that SDL_ttf measures alike",
          "[text][shaping]") {
    for (auto const& sample : text_test::samples()) {
        INFO(sample.lang);
        Paragraph const paragraph =
            text_test::engine().layout_paragraph(sample.text, {sample.lang, 32, false}, 100000);
        for (GlyphRun const& run : paragraph.lines.at(0).runs) {
            REQUIRE(run.script.size() == 4);
            CHECK(run.script != "Zyyy");
            CHECK(run.script != "Zinh");
            text_test::TtfFont const owned = text_test::open_ttf(run.face, 32);
            TTF_Font* font = owned.get();
            REQUIRE(font);
            CHECK(TTF_SetFontScriptName(font, run.script.c_str()) == 0);
            // SDL_ttf measures the run with the same shaping: its pen moves
            // exactly as far as the engine's advances say.
            CHECK(TTF_SetFontDirection(font, run.right_to_left ? TTF_DIRECTION_RTL
                                                               : TTF_DIRECTION_LTR) == 0);
            int width = 0;
            int height = 0;
            REQUIRE(TTF_SizeUTF8(font, run.text.c_str(), &width, &height) == 0);
            CHECK(width >= (run.advance >> 6) - 1);
        }
    }
}

TEST_CASE("Devanagari is shaped with its script: conjuncts and reordered vowels",
          "[text][shaping]") {
    // "हिन्दी": the i-matra is drawn before its consonant and न्द forms a
    // conjunct, so the glyph count differs from the code point count.
    Paragraph const paragraph =
        text_test::engine().layout_paragraph("हिन्दी", {"hi", 40, false}, 100000);
    REQUIRE(paragraph.lines.size() == 1);
    REQUIRE(paragraph.lines[0].runs.size() == 1);
    GlyphRun const& run = paragraph.lines[0].runs[0];
    CHECK(run.script == "Deva");
    CHECK(run.glyphs.size() < text_test::utf32(run.text).size());
    // The first glyph drawn is the i-matra, whose cluster is the syllable's start.
    CHECK(run.glyphs.front().cluster == 0);
    auto const latin = text_test::engine().shape(run.face, 40, u"हिन्दी", "Latn", false, nullptr);
    bool differs = latin.size() != run.glyphs.size();
    for (std::size_t i = 0; !differs && i < latin.size(); ++i)
        differs = latin[i].id != run.glyphs[i].id;
    CHECK(differs);
}

// Issue 22: the engine analyses a source paragraph (bidi levels, a face for
// every character, runs, break opportunities) once for every size and box
// it is laid out in, and keeps the analysis by text, language and weight.
// A layout that reuses an analysis must be the layout of an engine that
// never saw the text, glyph for glyph, in every script and direction.

#include "text_helpers.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace beacon::render;

namespace {

void require_same_glyphs(const GlyphRun& reused, const GlyphRun& afresh) {
    REQUIRE(reused.face == afresh.face);
    REQUIRE(reused.text == afresh.text);
    REQUIRE(reused.script == afresh.script);
    REQUIRE(reused.right_to_left == afresh.right_to_left);
    REQUIRE(reused.x == afresh.x);
    REQUIRE(reused.advance == afresh.advance);
    REQUIRE(reused.glyphs.size() == afresh.glyphs.size());
    for (std::size_t i = 0; i < reused.glyphs.size(); ++i) {
        INFO("glyph " << i);
        REQUIRE(reused.glyphs[i].id == afresh.glyphs[i].id);
        REQUIRE(reused.glyphs[i].cluster == afresh.glyphs[i].cluster);
        REQUIRE(reused.glyphs[i].x_advance == afresh.glyphs[i].x_advance);
        REQUIRE(reused.glyphs[i].x_offset == afresh.glyphs[i].x_offset);
        REQUIRE(reused.glyphs[i].y_offset == afresh.glyphs[i].y_offset);
    }
}

void require_same_layout(const Paragraph& reused, const Paragraph& afresh) {
    REQUIRE(reused.line_height == afresh.line_height);
    REQUIRE(reused.baseline == afresh.baseline);
    REQUIRE(reused.width == afresh.width);
    REQUIRE(reused.right_to_left == afresh.right_to_left);
    REQUIRE(reused.split_words == afresh.split_words);
    REQUIRE(reused.truncated == afresh.truncated);
    REQUIRE(reused.missing == afresh.missing);
    REQUIRE(reused.lines.size() == afresh.lines.size());
    for (std::size_t l = 0; l < reused.lines.size(); ++l) {
        INFO("line " << l);
        TextLine const& a = reused.lines[l];
        TextLine const& b = afresh.lines[l];
        REQUIRE(a.text == b.text);
        REQUIRE(a.width == b.width);
        REQUIRE(a.runs.size() == b.runs.size());
        for (std::size_t r = 0; r < a.runs.size(); ++r) {
            INFO("run " << r);
            require_same_glyphs(a.runs[r], b.runs[r]);
        }
    }
}

struct Case {
    std::string lang;
    std::string text;
};

// Joins and breaks where a careless reuse would show: Arabic letters that
// join across a line's end, Khmer subscripts and Thai without spaces (lines
// break by dictionary), CJK without spaces, a phone number kept whole in
// right-to-left text, a word longer than the narrow boxes, several source
// paragraphs, and a character no font has.
std::vector<Case> cases() {
    std::vector<Case> all;
    for (text_test::Sample const& sample : text_test::samples())
        all.push_back({sample.lang, sample.text});
    all.push_back({"ar", "المساعدة متوفرة على مدار الساعة، اتصل بنا مجانا وبسرية تامة"});
    all.push_back({"km", "ជំនួយមានគ្រប់ពេលវេលា ស្ត្រីនិងក្មេងស្រីអាចទូរស័ព្ទមកដោយសម្ងាត់"});
    all.push_back({"th", "ความช่วยเหลือมีให้ตลอดเวลาโทรหาเราได้ฟรีและเป็นความลับ"});
    all.push_back({"zh-Hans", "无论何时何地，只要您需要帮助，都可以拨打热线电话，我们会保密。"});
    all.push_back({"ar", "اتصل على +1 (844) 762-8483 الآن\nhelp مساعدة help"});
    all.push_back({"en", "Supercalifragilisticexpialidocious antidisestablishmentarianism"});
    all.push_back(
        {"en", "Two paragraphs\n\nwith an empty one between, and \U0001E4D0 no font has"});
    return all;
}

} // namespace

TEST_CASE("a layout reusing another size's analysis equals one laid out afresh", "[text][layout]") {
    for (Case const& sample : cases()) {
        for (bool bold : {false, true}) {
            INFO(sample.lang << (bold ? " bold: " : ": ") << sample.text);
            TextEngine reusing(text_test::fonts());
            // The sizes and widths `beacon validate` checks (18, 27 and 48 px,
            // titles 7/5 of that), and boxes narrow enough to break lines.
            for (int px : {25, 18, 37, 67, 48}) {
                for (int width : {950, 260, 90}) {
                    INFO(px << " px in " << width);
                    TextStyle const style{sample.lang, px, bold};
                    Paragraph const reused = reusing.layout_paragraph(sample.text, style, width);
                    TextEngine afresh(text_test::fonts());
                    require_same_layout(reused, afresh.layout_paragraph(sample.text, style, width));
                }
            }
        }
    }
}

TEST_CASE("an analysis serves one language and weight only", "[text][layout]") {
    // The same words in a left-to-right and a right-to-left language, regular
    // and bold, on one engine: each reuses nothing of the others.
    std::string const text = "help مساعدة 1-888-373-7888 help";
    TextEngine reusing(text_test::fonts());
    for (std::string const lang : {"en", "ar", "fa", "en"}) {
        for (bool bold : {false, true, false}) {
            INFO(lang << (bold ? " bold" : ""));
            TextStyle const style{lang, 30, bold};
            Paragraph const reused = reusing.layout_paragraph(text, style, 200);
            TextEngine afresh(text_test::fonts());
            require_same_layout(reused, afresh.layout_paragraph(text, style, 200));
        }
    }
    CHECK(reusing.cached_analyses() == 6); // three languages, two weights
}

TEST_CASE("a text laid out at many sizes is analysed once", "[text][layout]") {
    TextEngine engine(text_test::fonts());
    std::uint64_t const shaped_before = engine.shaped_runs();
    for (int px = 12; px <= 60; px += 4)
        engine.layout_paragraph("Fact sheet 12 (ar): help is here", {"ar", px, true}, 400);
    CHECK(engine.cached_analyses() == 1);
    CHECK(engine.shaped_runs() > shaped_before); // every size is still shaped
    engine.layout_paragraph("first\nsecond", {"en", 20, false}, 400);
    CHECK(engine.cached_analyses() == 3); // one per source paragraph
}

TEST_CASE("the analyses kept stay few however many texts pass", "[text][layout]") {
    TextEngine engine(text_test::fonts());
    for (int i = 0; i < 2000; ++i)
        engine.measure("Fact sheet sheet-" + std::to_string(i), {"en", 18, false});
    CHECK(engine.cached_analyses() > 0);
    CHECK(engine.cached_analyses() <= 256);
}

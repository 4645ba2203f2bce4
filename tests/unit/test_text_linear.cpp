// Issue 18, finding 5: layout time is linear in the text. A 100,000
// character headline took 15 s to lay out because breaking each line
// visited the whole text again. Counted without a clock: the engine's
// layout_steps() for twice the text must be about twice as many, for every
// shape of text (one script, a word longer than any line, scripts and
// directions mixed word by word, no spaces at all).

#include "text_helpers.h"

#include <catch2/catch.hpp>

using namespace beacon::render;

namespace {

std::uint64_t steps_for(const std::string& unit, int repeats, const std::string& lang) {
    std::string text;
    for (int i = 0; i < repeats; ++i)
        text += unit;
    TextEngine& engine = text_test::engine();
    std::uint64_t before = engine.layout_steps();
    Paragraph paragraph = engine.layout_paragraph(text, {lang, 24, false}, 300);
    CHECK(paragraph.lines.size() > 10);
    return engine.layout_steps() - before;
}

} // namespace

TEST_CASE("breaking lines takes steps in proportion to the text", "[text][breaks]") {
    struct Shape {
        const char* name;
        std::string unit;
        std::string lang;
    };
    for (const Shape& shape : {
             Shape{"Latin words", "Help is here. ", "en"},
             Shape{"one long word", "Aa", "en"},
             Shape{"Arabic words", "المساعدة هنا ", "ar"},
             Shape{"Latin and Arabic word by word", "help مساعدة ", "en"},
             Shape{"Chinese without spaces", "帮助就在这里", "zh-Hans"},
         }) {
        INFO(shape.name);
        std::uint64_t once = steps_for(shape.unit, 600, shape.lang);
        std::uint64_t twice = steps_for(shape.unit, 1200, shape.lang);
        INFO(once << " steps, then " << twice);
        CHECK(once > 0);
        // Quadratic work would be four times as much.
        CHECK(twice <= once * 5 / 2);
    }
}

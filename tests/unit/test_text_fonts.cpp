// Font choice per language and per character, missing glyphs, and the
// layout cache.

#include "text_helpers.h"

#include "core/typography.h"
#include "render/content_check.h"
#include "render/standalone_layout.h"
#include "render/text.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

using namespace beacon;
using namespace beacon::render;

TEST_CASE("the language table names scripts, directions and families", "[text][fonts]") {
    CHECK(typography_for("ar").direction == Direction::RightToLeft);
    CHECK(typography_for("fa-IR").direction == Direction::RightToLeft);
    CHECK(typography_for("en").direction == Direction::LeftToRight);
    CHECK(typography_for("zh-Hant").families.front() == "Noto Sans CJK TC");
    CHECK(typography_for("zh-Hans").families.front() == "Noto Sans CJK SC");
    CHECK(typography_for("zh-TW").families.front() == "Noto Sans CJK TC");
    CHECK(typography_for("zh-Hant-US").families.front() == "Noto Sans CJK TC");
    CHECK(typography_for("zh").families.front() == "Noto Sans CJK SC");
    CHECK(typography_for("ko").script == "Hang");
    CHECK(typography_for("km").script == "Khmr");
    CHECK(typography_for("km").break_locale == "km");
    // Not DejaVu Sans, which fontconfig's `:lang=ar` would pick.
    CHECK(typography_for("ar").families.front() == "Noto Sans Arabic");
    LanguageTypography const unknown = typography_for("xx-Latn");
    CHECK(unknown.script == "Latn");
    CHECK(unknown.families.front() == base_family);
    CHECK(family_for_script("Hani", "ko") == "Noto Sans CJK KR");
    CHECK(family_for_script("Hani", "zh-Hant") == "Noto Sans CJK TC");
    CHECK(family_for_script("Arab", "en") == "Noto Sans Arabic");
}

TEST_CASE("simplified and traditional Chinese use different faces of the collection",
          "[text][fonts]") {
    auto hans = text_test::fonts().face_for(U'骨', "zh-Hans", false);
    auto hant = text_test::fonts().face_for(U'骨', "zh-Hant", false);
    REQUIRE(hans);
    REQUIRE(hant);
    CHECK(hans->file == hant->file); // NotoSansCJK-Regular.ttc
    CHECK(hans->index != hant->index);
    // 骨 is drawn differently in the two regions: different glyphs.
    auto const a = text_test::engine().shape(*hans, 40, u"骨", "Hani", false, nullptr);
    auto const b = text_test::engine().shape(*hant, 40, u"骨", "Hani", false, nullptr);
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    CHECK(a[0].id != b[0].id);
}

TEST_CASE("Latin words and digits inside Arabic fall back run by run", "[text][fonts]") {
    Paragraph const paragraph = text_test::engine().layout_paragraph(
        "اتصل بنا عبر humantraffickinghotline.org الآن", {"ar", 32, false}, 1 << 20);
    REQUIRE(paragraph.lines.size() == 1);
    CHECK(paragraph.missing.empty());
    bool arabic_face = false;
    bool latin_face = false;
    for (GlyphRun const& run : paragraph.lines[0].runs) {
        for (Glyph const& glyph : run.glyphs)
            CHECK(glyph.id != 0); // never .notdef, the box
        arabic_face |= run.face.file.find("NotoSansArabic") != std::string::npos;
        latin_face |= run.script == "Latn" && run.face.file.find("NotoSans-") != std::string::npos;
    }
    CHECK(arabic_face);
    CHECK(latin_face);
}

TEST_CASE("no sample in any language draws a box", "[text][fonts]") {
    for (auto const& sample : text_test::samples()) {
        INFO(sample.lang);
        for (bool bold : {false, true}) {
            Paragraph const paragraph =
                text_test::engine().layout_paragraph(sample.text, {sample.lang, 30, bold}, 1 << 20);
            CHECK(paragraph.missing.empty());
            for (TextLine const& line : paragraph.lines)
                for (GlyphRun const& run : line.runs)
                    for (Glyph const& glyph : run.glyphs)
                        CHECK(glyph.id != 0);
        }
    }
}

TEST_CASE("characters no installed font has are reported, not drawn", "[text][fonts]") {
    // Nag Mundari (Unicode 15): no Debian 12 font covers it.
    std::string const text = "Call 911 \U0001E4D0\U0001E4D1\U0001E4D2 now";
    auto const missing = text_test::engine().missing_glyphs(text, "unr");
    CHECK(missing == std::vector<char32_t>{0x1E4D0, 0x1E4D1, 0x1E4D2});
    CHECK(format_code_points(missing) == "U+1E4D0 U+1E4D1 U+1E4D2");
    Paragraph const paragraph =
        text_test::engine().layout_paragraph(text, {"unr", 30, false}, 2000);
    CHECK(paragraph.missing == missing);
    REQUIRE(paragraph.lines.size() == 1);
    std::string drawn;
    for (GlyphRun const& run : paragraph.lines[0].runs) {
        drawn += run.text;
        for (Glyph const& glyph : run.glyphs)
            CHECK(glyph.id != 0);
    }
    CHECK(drawn.find("\U0001E4D0") == std::string::npos);
    CHECK(drawn.find("Call 911") != std::string::npos);
}

TEST_CASE("layouts are cached: the same text reshapes nothing", "[text][fonts]") {
    TextEngine engine(text_test::fonts());
    std::string const text = "Someone in danger right now? Call 911.";
    Paragraph const first = engine.layout_paragraph(text, {"en", 36, false}, 600);
    auto const shaped = engine.shaped_runs();
    CHECK(shaped > 0);
    Paragraph const again = engine.layout_paragraph(text, {"en", 36, false}, 600);
    CHECK(engine.shaped_runs() == shaped);
    CHECK(again.lines.size() == first.lines.size());
    engine.layout_paragraph(text, {"en", 36, false}, 601); // another box: a new layout
    CHECK(engine.shaped_runs() > shaped);
}

TEST_CASE("the fuzzing entry point survives hostile input", "[text][fonts]") {
    auto standalone = StandaloneLayout::create();
    REQUIRE(standalone.ok());
    for (std::string const& text :
         {std::string(""), std::string("\xff\xfe\xc0"), std::string(3000, 'x'),
          std::string("\u202e\u2066abc\u2069\u0301\u0301"), std::string("\n\n\t \n"),
          std::string("1-888-373-7888 ") + std::string("\u200f", 3) + "(((",
          std::string("ក្ក្ក្ក្ក្ក្ក្ក្ក")}) {
        for (int width : {1, 10, 500}) {
            Paragraph const paragraph = standalone.value()->layout(text, "ar", width, 20);
            CHECK(paragraph.line_height > 0);
        }
    }
}

TEST_CASE("caption files are read for their words only", "[text][fonts]") {
    CHECK(caption_words("1\r\n00:00:00,400 --> 00:00:03,900\r\n<i>You are</i> not alone.\r\n\r\n"
                        "2\n00:00:04,200 --> 00:00:07,700\n{\\an8}Help is here.\n") ==
          "You are not alone.\nHelp is here.\n");
    CHECK(caption_words("WEBVTT\n\nNOTE a comment\nstill the comment\n\n00:01.000 --> "
                        "00:02.000 align:start\n<c.yellow>ជំនួយ</c>\n") == "ជំនួយ\n");
}

// FreeType's own file stream maps a whole font file, and every glyph loaded
// from it maps the kernel's fault-around window (64 KiB) with it: a CJK
// sheet's glyphs left megabytes of a 19 MB collection mapped into the player
// while it was built. Faces are read through pread() instead, so no font
// file is ever mapped, however many glyphs are shaped and drawn.
TEST_CASE("font files are read and never mapped while text is shaped and drawn", "[text][fonts]") {
    // 206 ideographs spread over the CJK block, hence over the collection.
    std::string text;
    for (char32_t c = 0x4E00; c < 0x4E00 + 20000; c += 97) {
        text += static_cast<char>(0xE0 | (c >> 12));
        text += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        text += static_cast<char>(0x80 | (c & 0x3F));
    }
    TextStyle const style{"zh-Hans", 48, false};
    auto fonts = Fonts::create();
    REQUIRE(fonts);
    TextEngine engine(*fonts.value());
    Paragraph const paragraph = engine.layout_paragraph(text, style, 1200);
    REQUIRE(paragraph.lines.size() > 3);
    RenderedText const drawn =
        engine.render(paragraph, style, {255, 255, 255, 255}, Align::Start, 0);
    REQUIRE(drawn.surface);
    std::set<std::string> files;
    for (TextLine const& line : paragraph.lines)
        for (GlyphRun const& run : line.runs)
            files.insert(run.face.file);
    REQUIRE_FALSE(files.empty());
    // The faces are still open here: their files would be mapped now.
    std::ifstream maps("/proc/self/maps");
    REQUIRE(maps);
    std::string mapping;
    int checked = 0;
    while (std::getline(maps, mapping)) {
        ++checked;
        for (std::string const& file : files) {
            CAPTURE(mapping);
            CHECK(mapping.find(file) == std::string::npos);
        }
    }
    CHECK(checked > 10);
}

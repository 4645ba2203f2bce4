// Bidi per UAX #9, checked against GNU FriBidi's command-line tool: an
// implementation that is not the one the engine uses (ICU).

#include "text_helpers.h"

#include "render/text.h"
#include "render/unicode.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace beacon::render;

namespace {

// FriBidi's visual order as code points of the logical text. Its visual
// string would also apply Arabic presentation forms and mirroring, so its
// visual-to-logical index map is used instead. Phone numbers are wrapped in
// LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE for the oracle: plain
// UAX #9 turns digits after Arabic letters into Arabic numbers and reverses
// the groups of "1-888-373-7888", which the engine must not do.
std::u32string fribidi_visual(const std::string& text, bool rtl) {
    std::u16string const utf16 = to_utf16(text);
    std::u16string isolated;
    std::size_t at = 0;
    for (Span span : phone_number_spans(utf16)) {
        isolated += utf16.substr(at, span.first - at) + u"\u2066" +
                    utf16.substr(span.first, span.second - span.first) + u"\u2069";
        at = span.second;
    }
    isolated += utf16.substr(at);
    std::string const input = to_utf8(isolated);
    auto const output = text_test::run(
        {FRIBIDI, rtl ? "--rtl" : "--ltr", "--nopad", "--nobreak", "--novisual", "--vtol"},
        input + "\n");
    REQUIRE(output.exit_code == 0);
    std::u32string const logical = text_test::utf32(input);
    std::u32string visual;
    std::istringstream indices(output.text);
    for (std::size_t index = 0; indices >> index;) {
        REQUIRE(index < logical.size());
        if (logical[index] != 0x2066 && logical[index] != 0x2069)
            visual += logical[index];
    }
    REQUIRE(visual.size() == text_test::utf32(text).size());
    return visual;
}

// The same without isolating phone numbers: what plain UAX #9 does.
std::u32string plain_uax9_visual(const std::string& text) {
    auto const output = text_test::run(
        {FRIBIDI, "--rtl", "--nopad", "--nobreak", "--novisual", "--vtol"}, text + "\n");
    REQUIRE(output.exit_code == 0);
    std::u32string const logical = text_test::utf32(text);
    std::u32string visual;
    std::istringstream indices(output.text);
    for (std::size_t index = 0; indices >> index;)
        visual += logical.at(index);
    return visual;
}

std::u32string engine_visual(const std::string& text, const std::string& lang) {
    Paragraph const paragraph =
        text_test::engine().layout_paragraph(text, {lang, 28, false}, 1 << 20);
    REQUIRE(paragraph.lines.size() == 1);
    return text_test::visual_string(paragraph.lines[0]);
}

std::string utf8(const std::u32string& text) {
    std::string out;
    for (char32_t c : text) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

} // namespace

TEST_CASE("mixed right-to-left lines come out in FriBidi's visual order", "[text][bidi]") {
    struct Case {
        const char* lang;
        const char* text;
    };
    Case const cases[] = {
        // Arabic with a phone number, a Latin word and a web address.
        {"ar", "اتصل بالرقم 1-888-373-7888 أو أرسل HELP إلى 233733"},
        {"ar", "زر humantraffickinghotline.org للدردشة، على مدار 24 ساعة."},
        {"ar", "الخط الساخن (Polaris) ليس الشرطة."},
        {"ar", "الرقم: (1-888-373-7888)، أو 911."},
        {"ar", "في المملكة المتحدة: 08000 121 700. في كندا: 1-833-900-1010."},
        {"he", "חייגו 1-866-347-2423 או 911."},
        // Hebrew and Farsi with digits.
        {"he", "התקשרו 911 במקרה חירום, או לקו החם 24/7."},
        {"fa", "در خطر فوری با 911 تماس بگیرید، شماره 233733 را پیامک کنید."},
        {"fa", "۲۴ ساعت شبانه‌روز، ۷ روز هفته"},
        // Right-to-left words inside a left-to-right language.
        {"en", "The word for help in Arabic is مساعدة, in Hebrew עזרה."},
    };
    for (Case const& c : cases) {
        INFO(c.lang << ": " << c.text);
        bool const rtl = std::string(c.lang) != "en";
        auto const expected = fribidi_visual(c.text, rtl);
        auto const actual = engine_visual(c.text, c.lang);
        INFO("fribidi: " << utf8(expected));
        INFO("beacon:  " << utf8(actual));
        CHECK(actual == expected);
    }
}

TEST_CASE("phone numbers read left to right inside right-to-left text", "[text][bidi]") {
    // Plain UAX #9 reverses the groups of a spaced number in Arabic
    // ("700 121 08000"); the engine keeps every phone number as written.
    std::string const number = "08000 121 700";
    auto const visual = engine_visual("اتصل بالرقم " + number + " الآن", "ar");
    auto const expected = text_test::utf32(number);
    CHECK(visual.find(expected) != std::u32string::npos);
    auto const plain = plain_uax9_visual("اتصل بالرقم " + number + " الآن");
    CHECK(plain.find(expected) == std::u32string::npos); // the reason for isolating numbers
    auto const hyphens = plain_uax9_visual("اتصل بالرقم 1-888-373-7888 الآن");
    CHECK(hyphens.find(text_test::utf32("1-888-373-7888")) == std::u32string::npos);

    for (std::string const phone : {"1-888-373-7888", "+1 (844) 762-8483", "800 5533 000"}) {
        INFO(phone);
        auto const line = engine_visual("الخط الساخن " + phone + " مجاني", "ar");
        CHECK(line.find(text_test::utf32(phone)) != std::u32string::npos);
    }
}

TEST_CASE("right-to-left paragraphs are marked and runs carry their direction", "[text][bidi]") {
    Paragraph const paragraph = text_test::engine().layout_paragraph(
        "اتصل على 1-888-373-7888 أو زر humantraffickinghotline.org", {"ar", 28, false}, 1 << 20);
    CHECK(paragraph.right_to_left);
    REQUIRE(paragraph.lines.size() == 1);
    auto const& runs = paragraph.lines[0].runs;
    // On screen, left to right: the address, then the number, each left to right.
    bool number_ltr = false;
    bool latin_ltr = false;
    for (GlyphRun const& run : runs) {
        if (run.text.find("1-888-373-7888") != std::string::npos)
            number_ltr = !run.right_to_left;
        if (run.text.find("humantraffickinghotline.org") != std::string::npos)
            latin_ltr = !run.right_to_left && run.script == "Latn";
    }
    CHECK(number_ltr);
    CHECK(latin_ltr);
    std::size_t address = 0, phone = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (runs[i].text.find("humantrafficking") != std::string::npos)
            address = i;
        if (runs[i].text.find("1-888") != std::string::npos)
            phone = i;
    }
    CHECK(address < phone);
}

TEST_CASE("phone number spans", "[text][bidi]") {
    auto spans = phone_number_spans(to_utf16("Call 1-888-373-7888 or 911, text 233733."));
    REQUIRE(spans.size() == 1);
    CHECK(spans[0] == Span{5, 19});
    CHECK(phone_number_spans(to_utf16("24/7, 7 days a week, 2019")).empty());
    CHECK(phone_number_spans(to_utf16("UK: 08000 121 700.")).size() == 1);
    CHECK(phone_number_spans(to_utf16("+1 (844) 762-8483")).at(0) == Span{0, 17});
}

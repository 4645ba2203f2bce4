// Line breaking per UAX #14: Khmer only between words (ICU's dictionary
// word boundaries are the reference), CJK lines never start with closing
// punctuation, no line break inside a phone number, NFC before breaking.

#include "text_helpers.h"

#include "render/text.h"
#include "render/unicode.h"

#include <catch2/catch.hpp>

#include <set>

using namespace beacon::render;

namespace {

// Offsets (UTF-16, into the NFC text) where each line after the first starts.
std::vector<int> line_starts(const Paragraph& paragraph, const std::u16string& text) {
    std::vector<int> starts;
    std::size_t from = 0;
    for (TextLine const& line : paragraph.lines) {
        std::u16string const piece = to_utf16(line.text);
        auto const at = text.find(piece, from);
        REQUIRE(at != std::u16string::npos);
        if (!starts.empty() || at != 0)
            starts.push_back(static_cast<int>(at));
        from = at + piece.size();
    }
    if (!starts.empty() && starts.front() == 0)
        starts.erase(starts.begin());
    return starts;
}

} // namespace

TEST_CASE("Khmer lines break only between dictionary words", "[text][breaks]") {
    std::string const paragraph_text =
        "អ្នកណាក៏អាចក្លាយជាជនរងគ្រោះបានដែរ មិនថាអាយុ ភេទ ជាតិសាសន៍ សាសនា ឬស្ថានភាពអន្តោប្រវេសន៍"
        "ទេ។ ជនល្មើសតែងតែបោកបញ្ឆោតមនុស្សដោយការសន្យាមិនពិតអំពីការងារល្អ ឬជីវិតប្រសើរជាងមុន។";
    std::u16string const text = nfc(to_utf16(paragraph_text));
    auto const words = word_breaks(text, "km");
    std::set<int> const boundaries(words.begin(), words.end());
    int broken_lines = 0;
    for (int width : {180, 240, 320, 410, 530, 700}) {
        INFO("width " << width);
        Paragraph const paragraph =
            text_test::engine().layout_paragraph(paragraph_text, {"km", 28, false}, width);
        CHECK(paragraph.missing.empty());
        CHECK_FALSE(paragraph.split_words);
        for (TextLine const& line : paragraph.lines)
            CHECK(line.width <= width);
        for (int start : line_starts(paragraph, text)) {
            // A line starts after the spaces that ended the previous one.
            int boundary = start;
            while (boundary > 0 && text[boundary - 1] == u' ')
                --boundary;
            INFO("line starts at " << start);
            CHECK((boundaries.count(start) || boundaries.count(boundary)));
            ++broken_lines;
        }
    }
    CHECK(broken_lines > 10); // the widths really did force breaks inside runs of words
}

TEST_CASE("CJK lines never start with closing punctuation", "[text][breaks]") {
    std::u32string const no_start = U"。，、．！？：；）」』】〉》”’ー";
    for (auto const& [lang, text] : std::vector<std::pair<std::string, std::string>>{
             {"zh-Hans", "人口贩运是指以武力、欺诈或胁迫手段，迫使他人从事劳动或商业性行为。任何未"
                         "满18岁、从事商业性"
                         "行为的人都是受害者（无论是否使用武力）。不需要跨越国界：人们可能在自己的"
                         "家乡被贩运。"},
             {"zh-Hant", "任何人都可能成為受害者，無論年齡、性別、種族、宗教、收入或移民身分。美國"
                         "公民也不例外。人口販"
                         "子常以「好工作」、「愛情」或「更好的生活」等虛假承諾引誘他人。"},
         }) {
        std::u16string const nfc_text = nfc(to_utf16(text));
        int lines = 0;
        for (int width = 150; width <= 900; width += 37) {
            INFO(lang << " width " << width);
            Paragraph const paragraph =
                text_test::engine().layout_paragraph(text, {lang, 30, false}, width);
            CHECK(paragraph.missing.empty());
            for (std::size_t i = 1; i < paragraph.lines.size(); ++i) {
                std::u32string const line = text_test::utf32(paragraph.lines[i].text);
                REQUIRE_FALSE(line.empty());
                INFO("line " << i << " starts with U+" << std::hex << static_cast<int>(line[0]));
                CHECK(no_start.find(line[0]) == std::u32string::npos);
                ++lines;
            }
            for (TextLine const& line : paragraph.lines) {
                std::u32string const text32 = text_test::utf32(line.text);
                // ...and never end with opening punctuation.
                CHECK(std::u32string(U"（「『【〈《“‘").find(text32.back()) ==
                      std::u32string::npos);
            }
        }
        CHECK(lines > 20);
    }
}

TEST_CASE("a phone number is never split across lines", "[text][breaks]") {
    for (auto const& [lang, text] : std::vector<std::pair<std::string, std::string>>{
             {"en",
              "If someone is in danger call 911, otherwise call 08000 121 700 or 1-888-373-7888 "
              "at any time of day or night."},
             {"ar", "إذا كان أحد في خطر الآن اتصل بالرقم 911، وإلا فاتصل بالرقم 800 5533 000 في أي "
                    "وقت من النهار أو الليل."},
             {"zh-Hans",
              "如有人身处危险，请拨打911；否则请随时拨打 1-888-373-7888 或 08000 121 700。"},
         }) {
        for (int width = 120; width < 1200; width += 23) {
            Paragraph const paragraph =
                text_test::engine().layout_paragraph(text, {lang, 26, false}, width);
            for (TextLine const& line : paragraph.lines) {
                INFO(lang << " width " << width << ": " << line.text);
                for (std::string const number :
                     {"08000 121 700", "1-888-373-7888", "800 5533 000"}) {
                    bool const has_start = line.text.find(number.substr(0, 5)) != std::string::npos;
                    if (has_start && paragraph.lines.size() > 1 && !paragraph.split_words)
                        CHECK(line.text.find(number) != std::string::npos);
                }
            }
        }
    }
}

TEST_CASE("decomposed Vietnamese is normalised before it is laid out", "[text][breaks]") {
    std::string const composed = "Mọi cuộc gọi đều được giữ bí mật và không cần nêu tên.";
    // The same words with every accent as a separate combining mark.
    std::string const decomposed = to_utf8([&] {
        std::u16string out;
        for (char16_t c : to_utf16(composed)) {
            switch (c) {
            case u'ọ':
                out += u"o\u0323";
                break;
            case u'ộ':
                out += u"o\u0323\u0302";
                break;
            case u'ề':
                out += u"e\u0302\u0300";
                break;
            case u'ư':
                out += u"u\u031B";
                break;
            case u'ợ':
                out += u"o\u031B\u0323";
                break;
            case u'ữ':
                out += u"u\u031B\u0303";
                break;
            case u'í':
                out += u"i\u0301";
                break;
            case u'ậ':
                out += u"a\u0323\u0302";
                break;
            case u'à':
                out += u"a\u0300";
                break;
            case u'ô':
                out += u"o\u0302";
                break;
            case u'ầ':
                out += u"a\u0302\u0300";
                break;
            case u'ê':
                out += u"e\u0302";
                break;
            default:
                out += c;
            }
        }
        return out;
    }());
    REQUIRE(decomposed != composed);
    for (int width : {200, 300, 450, 2000}) {
        Paragraph const a =
            text_test::engine().layout_paragraph(composed, {"vi", 30, false}, width);
        Paragraph const b =
            text_test::engine().layout_paragraph(decomposed, {"vi", 30, false}, width);
        REQUIRE(a.lines.size() == b.lines.size());
        for (std::size_t i = 0; i < a.lines.size(); ++i) {
            CHECK(a.lines[i].text == b.lines[i].text);
            CHECK(a.lines[i].width == b.lines[i].width);
        }
    }
}

// The two ICU-backed halves of issue 21's text rules, in src/system:
// decode_text(), the one door from a file's bytes to UTF-8 text, and ICU's
// language catalog.

#include "core/playlist/playlist_parser.h"
#include "system/icu_language_catalog.h"
#include "system/text_decoding.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace std::string_literals;

TEST_CASE("UTF-8, with or without a byte order mark, is passed on without a note", "[encoding]") {
    std::string bytes = "\xEF\xBB\xBFkey = caf\xC3\xA9\n";
    DecodedText decoded = decode_text(bytes, "beacon.conf");
    REQUIRE(decoded.ok());
    CHECK(decoded.text() == "key = caf\xC3\xA9\n");
    CHECK(decoded.text().data() == bytes.data() + 3); // not copied
    CHECK_FALSE(decoded.note());
}

TEST_CASE("UTF-16 and UTF-32 with a byte order mark are converted, and that is noted",
          "[encoding]") {
    struct Case {
        std::string bytes;
        std::string said;
    };
    for (auto& sample : {
             Case{"\xFF\xFE"
                  "a\0\xE9\0\n\0"s,
                  "UTF-16 (Notepad's \"Unicode\")"},
             Case{"\xFE\xFF"
                  "\0a\0\xE9\0\n"s,
                  "UTF-16 big-endian (Notepad's \"Unicode big endian\")"},
             Case{"\xFF\xFE\0\0"
                  "a\0\0\0\xE9\0\0\0\n\0\0\0"s,
                  "UTF-32"},
             Case{"\0\0\xFE\xFF"
                  "\0\0\0a\0\0\0\xE9\0\0\0\n"s,
                  "UTF-32 big-endian"},
         }) {
        INFO(sample.said);
        DecodedText decoded = decode_text(sample.bytes, "f");
        REQUIRE(decoded.ok());
        CHECK(decoded.text() == "a\xC3\xA9\n");
        REQUIRE(decoded.note());
        CHECK(*decoded.note() == "read as " + sample.said + "; saving it as UTF-8 is better");
    }
}

TEST_CASE("a converted XML declaration says UTF-8, as the text now is", "[encoding]") {
    std::string utf16 = "\xFF\xFE";
    for (char c : std::string("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>"))
        utf16 += std::string{c, '\0'};
    DecodedText decoded = decode_text(utf16, "f.xml");
    REQUIRE(decoded.ok());
    CHECK(decoded.text() == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>");
}

TEST_CASE("a broken UTF-16 file is refused where it breaks", "[encoding]") {
    // a, newline, b, then a high surrogate followed by 'c'.
    DecodedText decoded = decode_text("\xFF\xFE"
                                      "a\0\n\0b\0\x00\xD8"
                                      "c\0"s,
                                      "f.xml");
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error()->line == 2);
    CHECK(decoded.error()->column == 2);
    CHECK(decoded.error()->message.find("not valid UTF-16") != std::string::npos);
    // An odd byte at the end.
    CHECK_FALSE(decode_text("\xFF\xFE"
                            "a\0b"s,
                            "f.xml")
                    .ok());
}

TEST_CASE("Windows-1252 is refused with its line, column, bytes and probable text", "[encoding]") {
    DecodedText decoded = decode_text("# clinic\nname = Cl\xEDnica\n", "beacon.conf");
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error()->to_string() ==
          "beacon.conf:2:10: error: this file is not UTF-8 (found bytes ED 6E): probably "
          "\"Clínica\" in Windows-1252 (Notepad's \"ANSI\"); in Notepad use Save As → "
          "Encoding: UTF-8");
}

TEST_CASE("ICU's catalog knows BCP 47 tags with real ISO 639 languages", "[language]") {
    auto& catalog = icu_language_catalog();
    for (auto code : {"en", "es", "zh-Hans", "zh-Hant", "pt-BR", "fil", "haw", "sr-Latn-RS", "km",
                      "ht", "es-419", "tl", "unr"})
        CHECK(catalog.is_known(code));
    for (auto code :
         {"sp", "xx", "en-", "en-US-US-US-US-US-US-US-US-US-Q", "qq", "eng", "und", "qab"}) {
        INFO(code);
        CHECK_FALSE(catalog.is_known(code));
    }
}

TEST_CASE("ICU's catalog suggests what a near miss meant", "[language]") {
    auto& catalog = icu_language_catalog();
    CHECK(catalog.suggest("sp") == "es");
    CHECK(catalog.suggest("english") == "en");
    CHECK(catalog.suggest("English") == "en");
    CHECK(catalog.suggest("español") == "es");
    CHECK(catalog.suggest("vn") == "vi");
    CHECK(catalog.suggest("jp") == "ja");
    CHECK(catalog.suggest("ar_SA") == "ar-SA");
    CHECK(catalog.suggest("pt_br") == "pt-BR");
    CHECK(catalog.suggest("vietnamse") == "vi");
    CHECK(catalog.suggest("eng") == "en");
}

// Issue 21: translators get real files. The PO reader and writer, the
// playlist's texts with their byte spans, and imports that edit only the
// bytes of the texts that changed.

#include "core/playlist/playlist_parser.h"
#include "core/translation/playlist_texts.h"
#include "core/translation/po.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

// Two languages, layout an administrator would write: comments, texts on
// one line and over several, an entity, single quotes.
const std::string playlist = R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- A clinic's playlist. <point>not this</point> -->
<playlist languages="en vi">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English">
      <headline>Help is here.</headline><call>Call free, 24/7.</call>
      <sms>Text HELP to 233733</sms><web-label>Online:</web-label>
      <scan>Scan to open the website</scan><close>Close</close>
    </text>
    <text lang='vi' name='Tiếng Việt'>
      <headline>Có sự giúp đỡ.</headline><call>Gọi miễn phí.</call>
      <interpreters>Hãy gọi: có thông dịch viên.</interpreters>
      <web-label>Trực tuyến:</web-label>
      <scan>Quét để mở trang web</scan><close>Đóng</close>
    </text>
  </hotline>
  <factsheet id="signs" duration="10">
    <text lang="en"><title>Signs</title><point>Pay &amp; papers held</point><point>Cannot leave</point></text>
    <text lang="vi">
      <!-- reviewed 2026-11 -->
      <title>Dấu hiệu</title>
      <point>Bị giữ lương
        và giấy tờ</point><point>Không thể rời đi</point>
    </text>
  </factsheet>
  <notice id="closed" expires="2030-01-01T00:00">
    <text lang="en">Closed on Monday.</text>
    <text lang="vi">Đóng cửa thứ Hai.</text>
  </notice>
</playlist>
)";

PlaylistTexts extract(const std::string& xml = playlist, const std::string& lang = "vi") {
    REQUIRE(parse_playlist(xml, "clinic.xml").playlist);
    auto extracted = playlist_texts(xml, "clinic.xml", lang);
    REQUIRE(extracted.diagnostics.empty());
    return *extracted.texts;
}

const TranslatableText& find(const PlaylistTexts& texts, const std::string& context) {
    for (auto& text : texts.texts)
        if (text.context == context)
            return text;
    FAIL("no text " << context);
    throw;
}

PoEntry entry(const std::string& context, const std::string& id, const std::string& str) {
    PoEntry made;
    made.context = context;
    made.id = id;
    made.str = str;
    made.line = 7;
    return made;
}

} // namespace

TEST_CASE("every text of the playlist, with its source, context and span", "[translate]") {
    PlaylistTexts texts = extract();
    CHECK(texts.source_lang == "en");
    CHECK(texts.target_listed);
    std::vector<std::string> contexts;
    for (auto& text : texts.texts)
        contexts.push_back(text.context);
    // <sms> is not offered (vi has none); <interpreters> has no English.
    CHECK(contexts == std::vector<std::string>{"hotline/name", "hotline/headline", "hotline/call",
                                               "hotline/web-label", "hotline/scan", "hotline/close",
                                               "factsheet/signs/title", "factsheet/signs/point 1",
                                               "factsheet/signs/point 2", "notice/closed"});
    REQUIRE(texts.not_exported.size() == 1);
    CHECK(texts.not_exported[0].find("<interpreters> (line 12)") != std::string::npos);

    auto& point = find(texts, "factsheet/signs/point 1");
    CHECK(point.source == "Pay & papers held");
    CHECK(point.source_line == 18);
    CHECK(point.translation == "Bị giữ lương và giấy tờ");
    CHECK(point.translation_line == 22);
    REQUIRE(point.span);
    CHECK(playlist.substr(point.span->begin, point.span->end - point.span->begin) ==
          "Bị giữ lương\n        và giấy tờ");
    auto& second = find(texts, "factsheet/signs/point 2");
    REQUIRE(second.span);
    CHECK(playlist.substr(second.span->begin, second.span->end - second.span->begin) ==
          "Không thể rời đi");
    auto& name = find(texts, "hotline/name");
    REQUIRE(name.span);
    CHECK(name.span->quote == '\'');
    CHECK(playlist.substr(name.span->begin, name.span->end - name.span->begin) == "Tiếng Việt");
    CHECK(find(texts, "notice/closed").translation == "Đóng cửa thứ Hai.");
}

TEST_CASE("a language the playlist lacks exports every text with an empty msgstr", "[translate]") {
    PlaylistTexts texts = extract(playlist, "fr");
    CHECK_FALSE(texts.target_listed);
    PoFile po = texts_to_po(texts, "clinic.xml", "2026-12-06 11:45+0000");
    REQUIRE(po.entries.size() == 1 + texts.texts.size());
    CHECK(po.entries[0].is_header());
    CHECK(po.entries[0].str.find("Language: fr\n") != std::string::npos);
    CHECK(po.entries[0].str.find("Content-Type: text/plain; charset=UTF-8\n") != std::string::npos);
    for (std::size_t i = 1; i < po.entries.size(); ++i)
        CHECK(po.entries[i].str.empty());
    CHECK(po.entries[1].references == std::vector<std::string>{"clinic.xml:5"});
}

TEST_CASE("PO files are written and read back, escapes and all", "[translate][po]") {
    PoFile po = texts_to_po(extract(), "clinic.xml", "2026-12-06 11:45+0000");
    po.entries.push_back(entry("tricky", "a \"quoted\" \\ back\tslash", "x\ny"));
    std::string text = write_po(po);
    CHECK(text.find("msgctxt \"factsheet/signs/point 1\"\nmsgid \"Pay & papers held\"\n"
                    "msgstr \"Bị giữ lương và giấy tờ\"\n") != std::string::npos);
    CHECK(text.find("msgid \"a \\\"quoted\\\" \\\\ back\\tslash\"") != std::string::npos);
    auto parsed = parse_po(text, "vi.po");
    INFO((parsed.diagnostics.empty() ? "" : parsed.diagnostics[0].to_string()));
    REQUIRE(parsed.file);
    REQUIRE(parsed.file->entries.size() == po.entries.size());
    for (std::size_t i = 0; i < po.entries.size(); ++i) {
        CHECK(parsed.file->entries[i].context == po.entries[i].context);
        CHECK(parsed.file->entries[i].id == po.entries[i].id);
        CHECK(parsed.file->entries[i].str == po.entries[i].str);
        CHECK(parsed.file->entries[i].references == po.entries[i].references);
    }
}

TEST_CASE("the PO reader takes what translators' tools write", "[translate][po]") {
    std::string text = "\xef\xbb\xbf# translator's note\r\n"
                       "msgid \"\"\n"
                       "msgstr \"\"\n\"Language: vi\\n\"\n\n"
                       "#. extracted\n#: clinic.xml:5 clinic.xml:9\n#, fuzzy, c-format\n"
                       "msgctxt \"hotline/\"\n  \"headline\"\n"
                       "msgid \"Help \"\n\"is here.\"\n"
                       "msgstr \"\"\n\"Có \\x41\\101 \"\n\"giúp.\"\n\n"
                       "#~ msgid \"old\"\n#~ msgstr \"cũ\"\n";
    auto parsed = parse_po(text, "vi.po");
    INFO((parsed.diagnostics.empty() ? "" : parsed.diagnostics[0].to_string()));
    REQUIRE(parsed.file);
    REQUIRE(parsed.file->entries.size() == 2);
    CHECK(parsed.file->entries[0].is_header());
    CHECK(parsed.file->entries[0].str == "Language: vi\n");
    auto& headline = parsed.file->entries[1];
    CHECK(headline.context == "hotline/headline");
    CHECK(headline.id == "Help is here.");
    CHECK(headline.str == "Có AA giúp.");
    CHECK(headline.fuzzy());
    CHECK(headline.references == std::vector<std::string>{"clinic.xml:5", "clinic.xml:9"});
    CHECK(headline.line == 9);
}

TEST_CASE("a malformed PO file is reported at its line", "[translate][po]") {
    struct Case {
        std::string text;
        std::string message;
    } cases[] = {
        {"msgid \"a\"\nmsgstr \"b\n",
         "vi.po:2: error: msgstr: the string has no closing double quote"},
        {"msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\nmsgtsr \"d\"\n",
         "vi.po:5: error: unknown keyword \"msgtsr\"; expected msgctxt, msgid or msgstr"},
        {"msgid \"a\"\nmsgstr \"\\q\"\n", "vi.po:2: error: msgstr: unknown escape \\q"},
        {"\nmsgstr \"b\"\n", "vi.po:2: error: a msgstr without a msgid before it"},
        {"msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n",
         "vi.po:3: error: a second entry with the same msgctxt and msgid"},
        {"msgid \"a\"\n\n\nmsgid \"c\"\nmsgstr \"d\"\n",
         "vi.po:4: error: a second msgid in one entry (is a msgstr missing?)"},
        {"msgid \"a\"\nmsgstr \"caf\xe9\"\n",
         "vi.po:2: error: this line is not UTF-8 (byte 12); save the file as UTF-8"},
    };
    for (auto& c : cases) {
        auto parsed = parse_po(c.text, "vi.po");
        INFO(c.text);
        CHECK_FALSE(parsed.file);
        REQUIRE_FALSE(parsed.diagnostics.empty());
        CHECK(parsed.diagnostics[0].to_string() == c.message);
    }
    PoLimits small;
    small.max_bytes = 10;
    CHECK(parse_po("msgid \"abcdef\"\n", "vi.po", small).diagnostics.at(0).to_string() ==
          "vi.po:1: error: the file is 15 bytes long; at most 10 are accepted");
}

TEST_CASE("importing the exported file changes no byte", "[translate]") {
    PlaylistTexts texts = extract();
    auto po =
        parse_po(write_po(texts_to_po(texts, "clinic.xml", "2026-12-06 11:45+0000")), "vi.po");
    REQUIRE(po.file);
    ImportedTexts imported = import_po(playlist, texts, *po.file, "vi.po");
    CHECK(imported.problems.empty());
    CHECK(imported.changed == 0);
    CHECK(imported.unchanged == texts.texts.size());
    CHECK(imported.xml == playlist);
}

TEST_CASE("an import changes exactly the translated texts, escaped, in place", "[translate]") {
    PlaylistTexts texts = extract();
    PoFile po;
    po.entries.push_back(
        entry("factsheet/signs/point 2", "Cannot leave", "Không được <tự do> & đi"));
    po.entries.push_back(entry("hotline/name", "English", "Tiếng 'Việt'"));
    PoEntry fuzzy = entry("hotline/close", "Close", "ĐÓNG");
    fuzzy.flags = {"fuzzy"};
    po.entries.push_back(fuzzy);
    po.entries.push_back(entry("hotline/scan", "Scan to open the website", ""));
    po.entries.push_back(entry("notice/closed", "Closed on Sunday.", "Đóng cửa Chủ Nhật."));
    po.entries.push_back(entry("notice/gone", "Gone", "Đi"));
    ImportedTexts imported = import_po(playlist, texts, po, "vi.po");
    CHECK(imported.changed == 2);
    CHECK(imported.skipped == 2); // fuzzy, empty
    REQUIRE(imported.problems.size() == 2);
    CHECK(imported.problems[0].to_string().find("vi.po:7: error: the en text of notice/closed "
                                                "has changed since this file was made") == 0);
    CHECK(imported.problems[1].message.find("names no text of the playlist") != std::string::npos);

    std::string expected = playlist;
    auto replace = [&](const std::string& from, const std::string& to) {
        auto at = expected.find(from);
        REQUIRE(at != std::string::npos);
        expected.replace(at, from.size(), to);
    };
    replace("<point>Không thể rời đi</point>", "<point>Không được &lt;tự do&gt; &amp; đi</point>");
    replace("name='Tiếng Việt'", "name='Tiếng &apos;Việt&apos;'");
    CHECK(imported.xml == expected);
    auto reread = parse_playlist(imported.xml, "clinic.xml");
    REQUIRE(reread.playlist);
    CHECK(reread.playlist->items[0].texts[1].points[1] == "Không được <tự do> & đi");
}

TEST_CASE("a text that holds markup is reported, not rewritten", "[translate]") {
    std::string xml = playlist;
    xml.replace(xml.find("<title>Dấu hiệu</title>"), 24, "<title>Dấu <!-- x --> hiệu</title>");
    PlaylistTexts texts = extract(xml);
    CHECK_FALSE(find(texts, "factsheet/signs/title").span);
    PoFile po;
    po.entries.push_back(entry("factsheet/signs/title", "Signs", "Biểu hiện"));
    ImportedTexts imported = import_po(xml, texts, po, "vi.po");
    CHECK(imported.xml == xml);
    REQUIRE(imported.problems.size() == 1);
    CHECK(imported.problems[0].message.find("holds more than plain text; edit it by hand") !=
          std::string::npos);
}

TEST_CASE("a playlist saved with Windows line ends keeps them through an import", "[translate]") {
    std::string crlf;
    for (char c : playlist)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    PlaylistTexts texts = extract(crlf);
    auto& point = find(texts, "factsheet/signs/point 1");
    REQUIRE(point.span);
    CHECK(crlf.substr(point.span->begin, point.span->end - point.span->begin) ==
          "Bị giữ lương\r\n        và giấy tờ");
    PoFile po;
    po.entries.push_back(entry("factsheet/signs/point 1", "Pay & papers held", "Bị giữ giấy tờ"));
    ImportedTexts imported = import_po(crlf, texts, po, "vi.po");
    CHECK(imported.changed == 1);
    std::string expected = crlf;
    expected.replace(point.span->begin, point.span->end - point.span->begin, "Bị giữ giấy tờ");
    CHECK(imported.xml == expected);
    CHECK(imported.xml.find("\r\n      <!-- reviewed 2026-11 -->\r\n") != std::string::npos);
}

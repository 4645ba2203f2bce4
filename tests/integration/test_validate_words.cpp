// Issue 21, finding 4, as an administrator meets it in `beacon validate`: a
// wrong language code is one error with a suggestion (it was 8 knock-on
// errors, and "sp" in <playlist languages> passed), and a mistyped element
// gets the nearest name.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;

namespace {

std::string hotline_text(const std::string& lang) {
    return "    <text lang=\"" + lang + R"(" name="N">
      <headline>H</headline><call>C</call><sms>S</sms><web-label>W</web-label><scan>S</scan><close>C</close>
    </text>
)";
}

std::string sheet(const std::string& id, const std::string& second_lang) {
    return "  <factsheet id=\"" + id + R"(" duration="5">
    <text lang="en"><title>T</title><point>P</point></text>
    <text lang=")" +
           second_lang +
           R"("><title>T</title><point>P</point></text>
  </factsheet>
)";
}

// English and `declared`; the second text of the hotline and of three fact
// sheets is written in `written`.
std::string clinic(const std::string& declared, const std::string& written) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en )" +
           declared + R"(">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
)" + hotline_text("en") +
           hotline_text(written) + "  </hotline>\n" + sheet("a", written) + sheet("b", written) +
           sheet("c", written) + "</playlist>\n";
}

test::CommandResult validate(const fs::path& dir, const std::string& name,
                             const std::string& text) {
    std::ofstream(dir / name) << text;
    return test::run("cd " + dir.string() + " && " + test::beacon() + " validate " + name);
}

} // namespace

TEST_CASE("texts in an unlisted language are one error, with the code meant", "[cli][language]") {
    auto result = validate(test::work_dir("words-sp-texts"), "clinic.xml", clinic("es", "sp"));
    CHECK(result.exit_code == 1);
    CHECK(result.output ==
          "clinic.xml:7: error: <text lang=\"sp\"> uses language \"sp\", which is not in the "
          "playlist's languages (en es); did you mean \"es\"?\n");
}

TEST_CASE("a declared code that is no language is one error, with the code meant",
          "[cli][language]") {
    fs::path dir = test::work_dir("words-sp-declared");
    auto result = validate(dir, "clinic.xml", clinic("sp", "sp"));
    CHECK(result.exit_code == 1);
    CHECK(result.output ==
          "clinic.xml:2: error: <playlist> languages has \"sp\", which is not a language code "
          "(BCP 47, such as \"es\" or \"pt-BR\"); did you mean \"es\"?\n");
    for (auto [typed, meant] : {std::pair{"english", "en"}, std::pair{"vn", "vi"},
                                std::pair{"ar_SA", "ar-SA"}, std::pair{"zh-hans", "zh-Hans"}}) {
        auto other = validate(dir, "other.xml", clinic(typed, typed));
        INFO(other.output);
        CHECK(other.exit_code == 1);
        CHECK(other.output.find("did you mean \"" + std::string(meant) + "\"?\n") !=
              std::string::npos);
        CHECK(std::count(other.output.begin(), other.output.end(), '\n') == 1);
    }
    CHECK(validate(dir, "good.xml", clinic("es", "es")).exit_code == 0);
}

TEST_CASE("a mistyped element gets the nearest name of the grammar", "[cli][language]") {
    std::string text = clinic("es", "es");
    text.replace(text.find("<factsheet id=\"b\""), 10, "<factshet");
    text.replace(text.find("</factsheet>", text.find("<factshet")), 12, "</factshet>");
    auto result = validate(test::work_dir("words-element"), "typo.xml", text);
    CHECK(result.exit_code == 1);
    CHECK(result.output ==
          "typo.xml:15: error: unknown element <factshet> in <playlist>; did you mean "
          "<factsheet>?\n");
}

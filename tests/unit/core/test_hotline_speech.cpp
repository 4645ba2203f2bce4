// What the Listen words are (issue 23, part 5): pure text from the playlist.

#include "core/hotline_speech.h"

#include <catch2/catch.hpp>

using namespace beacon;

TEST_CASE("a number is spoken digit by digit, its groups as pauses", "[speech]") {
    CHECK(spelled_digits("1-888-373-7888") == "1, 8 8 8, 3 7 3, 7 8 8 8");
    CHECK(spelled_digits("0800 0121 700") == "0 8 0 0, 0 1 2 1, 7 0 0");
    CHECK(spelled_digits("(55) 5533-5533") == "5 5, 5 5 3 3, 5 5 3 3");
    CHECK(spelled_digits("") == "");
}

TEST_CASE("short codes in a sentence are spelled, small numbers kept", "[speech]") {
    CHECK(with_spelled_numbers("Text HELP to 233733") == "Text HELP to 2 3 3 7 3 3");
    CHECK(with_spelled_numbers("Call free, 24/7.") == "Call free, 24/7.");
}

TEST_CASE("the Listen words: headline, call line, the number twice, the text line", "[speech]") {
    Hotline hotline;
    hotline.phone = "1-888-373-7888";
    HotlineText text;
    text.lang = "en";
    text.headline = "You are not alone.";
    text.call = "Call free, 24/7";
    text.text = "Text HELP to 233733";
    CHECK(hotline_speech(hotline, text) == "You are not alone.\n"
                                           "Call free, 24/7.\n"
                                           "1, 8 8 8, 3 7 3, 7 8 8 8.\n"
                                           "1, 8 8 8, 3 7 3, 7 8 8 8.\n"
                                           "Text HELP to 2 3 3 7 3 3.\n");
    // Who answers, last, where the playlist says it.
    text.who_answers = "Confidential. Not police or immigration.";
    CHECK(hotline_speech(hotline, text)
              .ends_with("Text HELP to 2 3 3 7 3 3.\n"
                         "Confidential. Not police or immigration.\n"));
    // The discreet style speaks its neutral title, never the headline.
    hotline.style = HotlineStyle::Discreet;
    text.discreet = "Help line: health, safety, work";
    auto discreet = hotline_speech(hotline, text);
    CHECK(discreet.starts_with("Help line: health, safety, work.\n"));
    CHECK(discreet.find("alone") == std::string::npos);
    text.text.reset();
    CHECK(hotline_speech(hotline, text).find("Text") == std::string::npos);
}

TEST_CASE("voices are named for espeak-ng", "[speech]") {
    CHECK(espeak_voice_name("en") == "en");
    CHECK(espeak_voice_name("es") == "es");
    CHECK(espeak_voice_name("zh-Hans") == "cmn");
    CHECK(espeak_voice_name("zh-Hant") == "cmn");
    CHECK(espeak_voice_name("pt-BR") == "pt");
}

#include "core/hotline_speech.h"

#include "core/hotline_words.h"

#include <cctype>

namespace beacon {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

std::string spelled_digits(std::string_view number) {
    std::string out;
    bool new_group = false;
    for (char c : number) {
        if (is_digit(c)) {
            if (!out.empty())
                out += new_group ? ", " : " ";
            out += c;
            new_group = false;
        } else if (!out.empty()) {
            new_group = true; // '-', ' ', '.', '(' between groups
        }
    }
    return out;
}

std::string with_spelled_numbers(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t run = 0;
        while (i + run < text.size() && is_digit(text[i + run]))
            ++run;
        if (run >= 3) {
            out += spelled_digits(text.substr(i, run));
            i += run;
        } else if (run > 0) {
            out += text.substr(i, run);
            i += run;
        } else {
            out += text[i++];
        }
    }
    return out;
}

std::string hotline_speech(const Hotline& hotline, const HotlineText& text) {
    auto sentence = [](std::string line) {
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        if (!line.empty() && line.back() != '.' && line.back() != '!' && line.back() != '?')
            line += '.';
        return line + "\n";
    };
    // The title the screen shows: in the discreet style the neutral one,
    // never the headline that names the cause.
    std::string out;
    if (!hotline_title(hotline, text).empty())
        out += sentence(hotline_title(hotline, text));
    out += sentence(with_spelled_numbers(text.call));
    // The number twice, as people say it on a helpline poster read aloud:
    // once to hear it, once to remember it.
    std::string digits = spelled_digits(hotline.phone);
    out += sentence(digits);
    out += sentence(digits);
    if (text.text)
        out += sentence(with_spelled_numbers(*text.text));
    if (!text.who_answers.empty())
        out += sentence(text.who_answers);
    return out;
}

std::string espeak_voice_name(std::string_view lang) {
    // Chinese in either script is read in Mandarin; espeak-ng's "cmn" reads
    // simplified and traditional characters alike.
    if (lang == "zh-Hans" || lang == "zh-Hant" || lang == "zh")
        return "cmn";
    auto dash = lang.find('-');
    return std::string(lang.substr(0, dash));
}

} // namespace beacon

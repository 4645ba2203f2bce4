#include "core/playlist/names.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace beacon::playlist {

namespace {

bool is_xml_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

// Whole words are appended at once: a 10,000-item playlist holds megabytes
// of fact-sheet text, and growing the string a character at a time showed
// in `beacon validate`'s profile.
std::string collapse_whitespace(const char* raw) {
    std::string out;
    if (!raw)
        return out;
    // Most texts are already collapsed (a <point> written on one line), and
    // are copied whole. strpbrk() and strstr() prove it a vector at a time:
    // a loop over the characters was 7% of `beacon validate`'s main thread.
    std::string_view const text(raw);
    if (text.empty() || (!is_xml_space(text.front()) && !is_xml_space(text.back()) &&
                         !std::strpbrk(raw, "\t\n\r") && !std::strstr(raw, "  ")))
        return std::string(text);
    const char* p = raw;
    while (is_xml_space(*p))
        ++p;
    out.reserve(std::strlen(p));
    while (*p) {
        const char* word = p;
        while (*p && !is_xml_space(*p))
            ++p;
        out.append(word, p);
        while (is_xml_space(*p))
            ++p;
        if (*p)
            out += ' ';
    }
    return out;
}

std::vector<std::string> split_spaces(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text + " ") {
        if (is_xml_space(c)) {
            if (!word.empty())
                words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    return words;
}

bool is_language_code(const std::string& code) {
    std::size_t i = 0;
    while (i < code.size() && code[i] >= 'a' && code[i] <= 'z')
        ++i;
    if (i < 2 || i > 3)
        return false;
    while (i < code.size()) {
        if (code[i] != '-')
            return false;
        std::size_t start = ++i;
        while (i < code.size() && std::isalnum(static_cast<unsigned char>(code[i])))
            ++i;
        if (i - start < 2 || i - start > 8)
            return false;
    }
    return true;
}

bool is_id(const std::string& id) {
    if (id.empty() || id.size() > max_id_length || !std::isalnum(static_cast<unsigned char>(id[0])))
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

} // namespace beacon::playlist

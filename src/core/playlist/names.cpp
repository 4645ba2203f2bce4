#include "core/playlist/names.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>
#include <vector>

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

// The XSD's LangCode pattern, part by part (playlists/playlist.xsd).
bool is_language_code(const std::string& code) {
    auto all = [](std::string_view part, auto is) {
        return std::all_of(part.begin(), part.end(), is);
    };
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    auto lower_or_digit = [&](char c) { return lower(c) || digit(c); };
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        std::size_t end = code.find('-', start);
        parts.push_back(std::string_view(code).substr(start, end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    std::size_t i = 0;
    if (parts[i].size() < 2 || parts[i].size() > 3 || !all(parts[i], lower))
        return false;
    ++i;
    if (i < parts.size() && parts[i].size() == 4 && upper(parts[i][0]) &&
        all(parts[i].substr(1), lower))
        ++i; // script
    if (i < parts.size() && ((parts[i].size() == 2 && all(parts[i], upper)) ||
                             (parts[i].size() == 3 && all(parts[i], digit))))
        ++i;                        // region
    for (; i < parts.size(); ++i) { // variants
        bool long_variant = parts[i].size() >= 5 && parts[i].size() <= 8;
        bool short_variant = parts[i].size() == 4 && digit(parts[i][0]);
        if (!(long_variant || short_variant) || !all(parts[i], lower_or_digit))
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

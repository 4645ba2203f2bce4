#pragma once

// The lexical rules of playlist text, free of XML: how white space in text
// is read, and what an id or a language code may look like.

#include <string>
#include <string_view>
#include <vector>

namespace beacon::playlist {

inline constexpr std::size_t max_id_length = 64;

// Administrators indent their XML; text content is compared and drawn with
// runs of white space collapsed to one space and the ends trimmed. Null
// reads as empty (tinyxml2's answer for an absent attribute or text).
std::string collapse_whitespace(const char* raw);

// The words of a space-separated attribute, such as <playlist languages>.
std::vector<std::string> split_spaces(const std::string& text);

// BCP 47 as the XSD spells it: "en", "zh-Hans", "pt-BR", "es-419", each
// subtag in its conventional case (a language code is compared as written).
bool is_language_code(const std::string& code);

// Letters, digits, '_', '.' or '-', starting with a letter or digit, at
// most max_id_length bytes.
bool is_id(const std::string& id);

// A name as every diagnostic shows it: in double quotes.
std::string quoted(std::string_view text);

} // namespace beacon::playlist

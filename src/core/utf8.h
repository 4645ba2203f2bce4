#pragma once

// Reading UTF-8 one code point at a time, strictly: overlong forms,
// surrogates and values past U+10FFFF are not UTF-8. Used where a text does
// not pass through load_xml() (core/xml_input.h), which checks its own.

#include <cstddef>
#include <optional>
#include <string_view>

namespace beacon {

// The code point starting at text[at], advancing `at` past it; nothing (and
// `at` unchanged) when the bytes there are not well-formed UTF-8.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& at);

// The offset of the first byte that is not well-formed UTF-8, if any.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

} // namespace beacon

#pragma once

// Just enough Unicode for the interim text engine: UTF-8 decoding, a
// script guess per code point, strong direction, and where CJK text may
// break. A real bidi (UAX #9) and line-break (UAX #14) implementation
// replaces the callers of this file later.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace beacon::render {

struct CodePoint {
    char32_t value = 0;
    std::size_t offset = 0; // byte offset in the UTF-8 source
    std::size_t length = 0; // bytes; invalid bytes decode one at a time as U+FFFD
};

std::vector<CodePoint> decode_utf8(std::string_view text);

// ISO 15924 code of the script a code point belongs to, or null for
// characters shared by all scripts (digits, punctuation, spaces).
char const* script_of(char32_t c);

enum class Strong { Neutral, LeftToRight, RightToLeft };
// Digits count as left-to-right: a number inside Arabic reads left to right.
Strong direction_of(char32_t c);

bool is_space(char32_t c);
// Han, kana and similar: a line may break before and after each one.
bool breaks_around(char32_t c);
// Khmer, Thai, Lao and Myanmar write words without spaces; proper breaks
// need a dictionary. Meanwhile a line may break where a new orthographic
// cluster starts, which never tears a cluster apart.
bool cluster_break_between(char32_t before, char32_t here);
// Closing punctuation (。、」) that must not start a line.
bool no_break_before(char32_t c);

} // namespace beacon::render

#pragma once

// What text in a language needs before any font is opened: its usual script,
// its direction, the font families that draw it, and the locale whose line
// breaking rules apply. Pure data, so validation, the renderer and tests all
// read the same table.
//
// Families are named explicitly because fontconfig's own `:lang=ar` answers
// DejaVu Sans on Debian, and because Han characters must come from the face
// of the right region (NotoSansCJK-Regular.ttc holds SC, TC, HK, JP and KR).

#include "core/hotline_layout.h"

#include <string>
#include <string_view>
#include <vector>

namespace beacon {

struct LanguageTypography {
    std::string script = "Latn"; // ISO 15924, the language's usual script
    Direction direction = Direction::LeftToRight;
    // Families to try for the language's own script, best first.
    std::vector<std::string> families;
    // ICU locale for line breaking (dictionary and CJK rules), e.g. "zh_Hant".
    std::string break_locale = "en";
};

// Never fails: an unknown language gets Latin, left to right, Noto Sans.
LanguageTypography typography_for(std::string_view lang);

// The family that draws `script` (ISO 15924) for text in `lang`, used when a
// character falls outside the language's own fonts (Latin words inside
// Arabic, a Han character inside Korean). Empty when the table has none and
// fontconfig must be asked by character.
std::string family_for_script(std::string_view script, std::string_view lang);

// The general-purpose family every chain ends with.
inline constexpr std::string_view base_family = "Noto Sans";

} // namespace beacon

#include "core/language.h"

namespace beacon {

Direction direction_of(const std::string& lang) {
    std::string primary = lang.substr(0, lang.find('-'));
    for (const char* rtl : {"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})
        if (primary == rtl)
            return Direction::RightToLeft;
    return Direction::LeftToRight;
}

} // namespace beacon

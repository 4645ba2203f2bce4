#include "core/typography.h"

#include <algorithm>
#include <cctype>

namespace beacon {

namespace {

struct Row {
    std::string_view tag; // lower-case BCP 47 tag or primary subtag
    std::string_view script;
    bool right_to_left;
    std::string_view family;
    std::string_view fallback_family; // second choice, may be empty
    std::string_view break_locale;
};

// Longest tags first within a language, so "zh-hant" wins over "zh".
constexpr Row k_languages[] = {
    {"zh-hant", "Hani", false, "Noto Sans CJK TC", "", "zh_Hant"},
    {"zh-tw", "Hani", false, "Noto Sans CJK TC", "", "zh_Hant"},
    {"zh-mo", "Hani", false, "Noto Sans CJK TC", "", "zh_Hant"},
    {"zh-hk", "Hani", false, "Noto Sans CJK HK", "Noto Sans CJK TC", "zh_Hant"},
    {"zh-hans", "Hani", false, "Noto Sans CJK SC", "", "zh_Hans"},
    {"zh", "Hani", false, "Noto Sans CJK SC", "", "zh_Hans"},
    {"yue", "Hani", false, "Noto Sans CJK HK", "Noto Sans CJK TC", "zh_Hant"},
    {"ja", "Hani", false, "Noto Sans CJK JP", "", "ja"},
    {"ko", "Hang", false, "Noto Sans CJK KR", "", "ko"},
    {"ar", "Arab", true, "Noto Sans Arabic", "Noto Naskh Arabic", "ar"},
    {"fa", "Arab", true, "Noto Sans Arabic", "Noto Naskh Arabic", "fa"},
    {"ur", "Arab", true, "Noto Nastaliq Urdu", "Noto Sans Arabic", "ur"},
    {"ps", "Arab", true, "Noto Sans Arabic", "Noto Naskh Arabic", "ps"},
    {"ckb", "Arab", true, "Noto Sans Arabic", "Noto Naskh Arabic", "ckb"},
    {"he", "Hebr", true, "Noto Sans Hebrew", "", "he"},
    {"yi", "Hebr", true, "Noto Sans Hebrew", "", "yi"},
    {"km", "Khmr", false, "Noto Sans Khmer", "Noto Serif Khmer", "km"},
    {"th", "Thai", false, "Noto Sans Thai", "Noto Serif Thai", "th"},
    {"lo", "Laoo", false, "Noto Sans Lao", "Noto Serif Lao", "lo"},
    {"my", "Mymr", false, "Noto Sans Myanmar", "Noto Serif Myanmar", "my"},
    {"hi", "Deva", false, "Noto Sans Devanagari", "", "hi"},
    {"mr", "Deva", false, "Noto Sans Devanagari", "", "mr"},
    {"ne", "Deva", false, "Noto Sans Devanagari", "", "ne"},
    {"bn", "Beng", false, "Noto Sans Bengali", "", "bn"},
    {"pa", "Guru", false, "Noto Sans Gurmukhi", "", "pa"},
    {"gu", "Gujr", false, "Noto Sans Gujarati", "", "gu"},
    {"ta", "Taml", false, "Noto Sans Tamil", "", "ta"},
    {"te", "Telu", false, "Noto Sans Telugu", "", "te"},
    {"kn", "Knda", false, "Noto Sans Kannada", "", "kn"},
    {"ml", "Mlym", false, "Noto Sans Malayalam", "", "ml"},
    {"si", "Sinh", false, "Noto Sans Sinhala", "", "si"},
    {"am", "Ethi", false, "Noto Sans Ethiopic", "", "am"},
    {"ti", "Ethi", false, "Noto Sans Ethiopic", "", "ti"},
    {"hy", "Armn", false, "Noto Sans Armenian", "", "hy"},
    {"ka", "Geor", false, "Noto Sans Georgian", "", "ka"},
    {"ru", "Cyrl", false, "Noto Sans", "", "ru"},
    {"uk", "Cyrl", false, "Noto Sans", "", "uk"},
    {"bg", "Cyrl", false, "Noto Sans", "", "bg"},
    {"sr", "Cyrl", false, "Noto Sans", "", "sr"},
    {"el", "Grek", false, "Noto Sans", "", "el"},
    {"vi", "Latn", false, "Noto Sans", "", "vi"},
    {"tl", "Latn", false, "Noto Sans", "", "tl"},
    {"ht", "Latn", false, "Noto Sans", "", "ht"},
    {"es", "Latn", false, "Noto Sans", "", "es"},
};

struct ScriptRow {
    std::string_view script;
    std::string_view family;
};

// Han is absent: which CJK face draws it depends on the language.
constexpr ScriptRow k_scripts[] = {
    {"Latn", "Noto Sans"},           {"Cyrl", "Noto Sans"},
    {"Grek", "Noto Sans"},           {"Arab", "Noto Sans Arabic"},
    {"Hebr", "Noto Sans Hebrew"},    {"Khmr", "Noto Sans Khmer"},
    {"Thai", "Noto Sans Thai"},      {"Laoo", "Noto Sans Lao"},
    {"Mymr", "Noto Sans Myanmar"},   {"Deva", "Noto Sans Devanagari"},
    {"Beng", "Noto Sans Bengali"},   {"Guru", "Noto Sans Gurmukhi"},
    {"Gujr", "Noto Sans Gujarati"},  {"Taml", "Noto Sans Tamil"},
    {"Telu", "Noto Sans Telugu"},    {"Knda", "Noto Sans Kannada"},
    {"Mlym", "Noto Sans Malayalam"}, {"Sinh", "Noto Sans Sinhala"},
    {"Ethi", "Noto Sans Ethiopic"},  {"Armn", "Noto Sans Armenian"},
    {"Geor", "Noto Sans Georgian"},  {"Hang", "Noto Sans CJK KR"},
    {"Hira", "Noto Sans CJK JP"},    {"Kana", "Noto Sans CJK JP"},
    {"Bopo", "Noto Sans CJK TC"},    {"Thaa", "Noto Sans Thaana"},
    {"Syrc", "Noto Sans Syriac"},    {"Tibt", "Noto Serif Tibetan"},
    {"Mong", "Noto Sans Mongolian"},
};

std::string normalised(std::string_view lang) {
    std::string tag(lang);
    std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) {
        return c == '_' ? '-' : static_cast<char>(std::tolower(c));
    });
    return tag;
}

// Exact tag first ("zh-hant"), then ever shorter prefixes ("zh"). A script
// subtag anywhere decides Chinese: "zh-hant-us" is traditional.
Row const* find_row(std::string_view lang) {
    std::string tag = normalised(lang);
    if (tag.starts_with("zh-") && tag.find("-hant") != std::string::npos)
        tag = "zh-hant";
    else if (tag.starts_with("zh-") && tag.find("-hans") != std::string::npos)
        tag = "zh-hans";
    while (!tag.empty()) {
        for (Row const& row : k_languages) {
            if (row.tag == tag)
                return &row;
        }
        auto const dash = tag.rfind('-');
        if (dash == std::string::npos)
            break;
        tag.resize(dash);
    }
    return nullptr;
}

} // namespace

LanguageTypography typography_for(std::string_view lang) {
    LanguageTypography result;
    Row const* row = find_row(lang);
    if (!row) {
        result.families = {std::string(base_family)};
        std::string primary = normalised(lang).substr(0, normalised(lang).find('-'));
        result.break_locale = primary.empty() ? "en" : primary;
        return result;
    }
    result.script = std::string(row->script);
    result.direction = row->right_to_left ? Direction::RightToLeft : Direction::LeftToRight;
    result.families = {std::string(row->family)};
    if (!row->fallback_family.empty())
        result.families.emplace_back(row->fallback_family);
    result.break_locale = std::string(row->break_locale);
    return result;
}

std::string family_for_script(std::string_view script, std::string_view lang) {
    if (script == "Hani") {
        LanguageTypography const own = typography_for(lang);
        if (own.script == "Hani")
            return own.families.front();
        if (own.script == "Hang")
            return "Noto Sans CJK KR";
        return "Noto Sans CJK SC";
    }
    for (ScriptRow const& row : k_scripts) {
        if (row.script == script)
            return std::string(row.family);
    }
    return {};
}

} // namespace beacon

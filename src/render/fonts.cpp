#include "render/fonts.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fontconfig/fontconfig.h>

namespace beacon::render {

namespace {

struct LanguageFonts {
    const char* tag; // lower-case BCP 47 tag or primary subtag
    std::vector<const char*> families;
    LanguageInfo info;
};

constexpr char const* base_family = "Noto Sans";

// Families are asked for by name because fontconfig's `:lang=` matching
// happily answers DejaVu Sans for Arabic.
std::vector<LanguageFonts> const& language_table() {
    static std::vector<LanguageFonts> const table = {
        {"ar", {"Noto Sans Arabic", "Noto Naskh Arabic"}, {"Arab", true}},
        {"fa", {"Noto Sans Arabic", "Noto Naskh Arabic"}, {"Arab", true}},
        {"ur", {"Noto Sans Arabic", "Noto Naskh Arabic"}, {"Arab", true}},
        {"ps", {"Noto Sans Arabic", "Noto Naskh Arabic"}, {"Arab", true}},
        {"he", {"Noto Sans Hebrew"}, {"Hebr", true}},
        {"km", {"Noto Sans Khmer"}, {"Khmr", false}},
        {"ko", {"Noto Sans CJK KR"}, {"Hang", false}},
        {"ja", {"Noto Sans CJK JP"}, {"Hani", false}},
        {"zh-hant", {"Noto Sans CJK TC"}, {"Hani", false}},
        {"zh-tw", {"Noto Sans CJK TC"}, {"Hani", false}},
        {"zh-hk", {"Noto Sans CJK TC", "Noto Sans CJK HK"}, {"Hani", false}},
        {"zh", {"Noto Sans CJK SC"}, {"Hani", false}},
        {"hi", {"Noto Sans Devanagari"}, {"Deva", false}},
        {"mr", {"Noto Sans Devanagari"}, {"Deva", false}},
        {"ne", {"Noto Sans Devanagari"}, {"Deva", false}},
        {"th", {"Noto Sans Thai"}, {"Thai", false}},
        {"am", {"Noto Sans Ethiopic"}, {"Ethi", false}},
        {"ru", {base_family}, {"Cyrl", false}},
        {"uk", {base_family}, {"Cyrl", false}},
        {"el", {base_family}, {"Grek", false}},
    };
    return table;
}

// Faces tried for characters the language's own face lacks, after the base.
constexpr char const* other_scripts[] = {
    "Noto Sans Arabic", "Noto Sans CJK SC", "Noto Sans Khmer",   "Noto Sans Devanagari",
    "Noto Sans Hebrew", "Noto Sans Thai",   "Noto Sans Ethiopic"};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Exact tag first ("zh-hant"), then ever shorter prefixes ("zh").
LanguageFonts const* find_language(const std::string& lang) {
    std::string tag = lower(lang);
    std::replace(tag.begin(), tag.end(), '_', '-');
    if (tag.starts_with("zh-") && tag.find("hant") != std::string::npos)
        tag = "zh-hant";
    while (!tag.empty()) {
        for (LanguageFonts const& entry : language_table()) {
            if (tag == entry.tag)
                return &entry;
        }
        auto const dash = tag.rfind('-');
        if (dash == std::string::npos)
            break;
        tag.resize(dash);
    }
    return nullptr;
}

constexpr std::size_t max_open_fonts = 48;

} // namespace

LanguageInfo language_info(const std::string& lang) {
    if (auto const* entry = find_language(lang))
        return entry->info;
    return {};
}

Result<std::unique_ptr<Fonts>> Fonts::create() {
    if (!FcInit())
        return Error{"fontconfig failed to initialise"};
    std::unique_ptr<Fonts> fonts(new Fonts);
    auto regular = fonts->find_family(base_family, false);
    if (!regular) {
        std::fprintf(stderr, "beacon: font family \"%s\" not found, using sans-serif\n",
                     base_family);
        regular = fonts->find_family("sans-serif", false);
    }
    if (!regular)
        return Error{"no usable sans-serif font found through fontconfig"};
    auto bold = fonts->find_family(base_family, true);
    fonts->m_base_regular = *regular;
    fonts->m_base_bold = bold ? *bold : *regular;
    if (!fonts->open(fonts->m_base_regular, 16))
        return Error{"cannot open base font " + regular->file + ": " + TTF_GetError()};
    return fonts;
}

Fonts::~Fonts() {
    for (auto& [key, font] : m_open)
        TTF_CloseFont(font);
}

// Asks fontconfig for `family` and accepts the answer only if it really is
// that family; "sans-serif" accepts whatever the system's default is.
std::optional<FontFace> Fonts::find_family(const std::string& family, bool bold) {
    auto const key = std::make_pair(family, bold);
    if (auto it = m_families.find(key); it != m_families.end())
        return it->second;

    std::optional<FontFace> found;
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<FcChar8 const*>(family.c_str()));
    FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    if (match && result == FcResultMatch) {
        bool family_ok = family == "sans-serif";
        FcChar8* value = nullptr;
        for (int i = 0;
             !family_ok && FcPatternGetString(match, FC_FAMILY, i, &value) == FcResultMatch; ++i)
            family_ok = family == reinterpret_cast<char const*>(value);
        FcChar8* file = nullptr;
        int index = 0;
        if (family_ok && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
            FcPatternGetInteger(match, FC_INDEX, 0, &index);
            found = FontFace{reinterpret_cast<char const*>(file), index};
        }
    }
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pattern);
    m_families[key] = found;
    return found;
}

const std::vector<FontFace>& Fonts::chain(const std::string& lang, bool bold) {
    auto const key = std::make_pair(lang, bold);
    if (auto it = m_chains.find(key); it != m_chains.end())
        return it->second;
    std::vector<FontFace>& faces = m_chains[key];
    auto add = [&](FontFace const& face) {
        if (std::find(faces.begin(), faces.end(), face) == faces.end())
            faces.push_back(face);
    };
    if (auto const* entry = find_language(lang)) {
        for (char const* family : entry->families) {
            if (auto face = find_family(family, bold)) {
                add(*face);
                break;
            }
        }
        if (faces.empty() && !bold)
            std::fprintf(stderr, "beacon: no font for language \"%s\", using %s\n", lang.c_str(),
                         base_family);
    }
    add(bold ? m_base_bold : m_base_regular);
    for (char const* family : other_scripts) {
        if (auto face = find_family(family, bold))
            add(*face);
    }
    return faces;
}

TTF_Font* Fonts::open(const FontFace& face, int px) {
    px = std::clamp(px, 4, 1000);
    auto const key = std::make_tuple(face.file, face.index, px);
    if (auto it = m_open.find(key); it != m_open.end())
        return it->second;
    TTF_Font* font = TTF_OpenFontIndex(face.file.c_str(), px, face.index);
    if (!font)
        return nullptr;
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    m_open.emplace(key, font);
    return font;
}

void Fonts::trim() {
    if (m_open.size() <= max_open_fonts)
        return;
    for (auto& [key, font] : m_open)
        TTF_CloseFont(font);
    m_open.clear();
}

} // namespace beacon::render

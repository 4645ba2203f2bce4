#include "system/icu_language_catalog.h"

#include "core/playlist/names.h"

#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <vector>

namespace beacon {

namespace {

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A language's name, lower case, in UTF-8 ("spanish", "español").
std::string display_name(const char* language, const char* in_locale) {
    UChar name[128];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = uloc_getDisplayLanguage(language, in_locale, name, 128, &status);
    // An unknown code comes back as itself, with a warning.
    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING || length <= 0 || length >= 128)
        return {};
    UChar lowered[128];
    length = u_strToLower(lowered, 128, name, length, in_locale, &status);
    char utf8[512];
    int32_t utf8_length = 0;
    u_strToUTF8(utf8, sizeof utf8, &utf8_length, lowered, length, &status);
    if (U_FAILURE(status))
        return {};
    return std::string(utf8, static_cast<std::size_t>(utf8_length));
}

struct Language {
    std::string code;
    std::string english_name;
    std::string native_name;
};

class IcuCatalog final : public LanguageCatalog {
  public:
    IcuCatalog() {
        for (const char* const* code = uloc_getISOLanguages(); *code; ++code) {
            m_codes.insert(*code);
            if (std::strlen(*code) == 2)
                m_two_letter_of[uloc_getISO3Language(*code)] = *code;
        }
        for (const char* const* code = uloc_getISOCountries(); *code; ++code)
            m_countries.insert(*code);
    }

    bool is_known(std::string_view code) const override {
        std::string tag(code);
        char locale[ULOC_FULLNAME_CAPACITY];
        int32_t parsed = 0;
        UErrorCode status = U_ZERO_ERROR;
        uloc_forLanguageTag(tag.c_str(), locale, sizeof locale, &parsed, &status);
        if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING ||
            parsed != static_cast<int32_t>(tag.size()))
            return false;
        // The language subtag as written: uloc_getLanguage() would turn
        // "eng" into "en" and "und" into "".
        std::string const language(code.substr(0, code.find('-')));
        // BCP 47 wants the two-letter form ("eng" is "en"), and the special
        // codes (undetermined, multiple, none, local use) name no language.
        std::string_view const code3 = language;
        if (m_two_letter_of.count(language) > 0 || code3 == "und" || code3 == "mul" ||
            code3 == "mis" || code3 == "zxx" || (code3 >= "qaa" && code3 <= "qtz"))
            return false;
        // ICU's ISO list leaves out codes CLDR replaced ("tl", now "fil"),
        // which are still ISO 639 codes; ICU still has their names.
        if (m_codes.count(language) > 0 || !display_name(language.c_str(), "en").empty())
            return true;
        // ISO 639-3 has thousands of three-letter codes ICU has no data for
        // ("unr", Mundari): a well-formed one is taken.
        return code3.size() == 3;
    }

    std::optional<std::string> suggest(std::string_view code) const override {
        std::string conventional = conventional_language_tag(code);
        if (conventional != code && playlist::is_language_code(conventional) &&
            is_known(conventional))
            return conventional;
        std::string typed = lower_ascii(code);
        if (auto two = m_two_letter_of.find(typed); two != m_two_letter_of.end())
            return two->second; // "eng" -> "en"
        const auto& languages = names();
        // A language's name, in English or in itself: "english", "español".
        for (auto& language : languages)
            if (typed == language.english_name || typed == language.native_name)
                return language.code;
        // A country's code: "vn" for Vietnam, so Vietnamese.
        std::string region = typed;
        for (auto& c : region)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (m_countries.count(region) > 0) {
            std::string country = "und_" + region;
            char likely[ULOC_FULLNAME_CAPACITY];
            UErrorCode status = U_ZERO_ERROR;
            uloc_addLikelySubtags(country.c_str(), likely, sizeof likely, &status);
            char language[ULOC_LANG_CAPACITY];
            uloc_getLanguage(likely, language, sizeof language, &status);
            if (U_SUCCESS(status) && std::strcmp(language, "und") != 0 && *language)
                return std::string(language);
        }
        // The start of a name ("sp" for Spanish), or a typo in one.
        std::vector<const Language*> starting;
        std::vector<std::string_view> english_names;
        for (auto& language : languages) {
            if (typed.size() >= 2 && language.english_name.rfind(typed, 0) == 0)
                starting.push_back(&language);
            english_names.push_back(language.english_name);
        }
        if (starting.size() == 1)
            return starting[0]->code;
        if (auto name = nearest_name(typed, english_names))
            for (auto& language : languages)
                if (language.english_name == *name)
                    return language.code;
        return std::nullopt;
    }

  private:
    // The two-letter (ISO 639-1) languages and their names, the ones a
    // person most likely meant; read from ICU's data on first use.
    const std::vector<Language>& names() const {
        static const std::vector<Language> languages = [this] {
            std::vector<Language> out;
            for (auto& code : m_codes)
                if (code.size() == 2)
                    out.push_back({code, display_name(code.c_str(), "en"),
                                   display_name(code.c_str(), code.c_str())});
            return out;
        }();
        return languages;
    }

    std::set<std::string> m_codes;
    std::set<std::string> m_countries; // ISO 3166 two-letter codes
    // "eng" -> "en": the ISO 639-2 code of each two-letter language.
    std::map<std::string, std::string> m_two_letter_of;
};

} // namespace

const LanguageCatalog& icu_language_catalog() {
    static const IcuCatalog catalog;
    return catalog;
}

} // namespace beacon

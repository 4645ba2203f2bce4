#include "core/language_catalog.h"

#include "core/playlist/names.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace beacon {

namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
char upper(char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

struct ShippedLanguage {
    const char* code;
    const char* english_name;
    const char* region; // the country code people write instead, or ""
};

constexpr ShippedLanguage shipped[] = {{"en", "english", "gb"}, {"es", "spanish", ""},
                                       {"zh", "chinese", "cn"}, {"vi", "vietnamese", "vn"},
                                       {"tl", "tagalog", "ph"}, {"ko", "korean", "kr"},
                                       {"ar", "arabic", "sa"},  {"ru", "russian", ""},
                                       {"ht", "haitian", ""},   {"km", "khmer", "kh"}};

class ShippedCatalog final : public LanguageCatalog {
  public:
    bool is_known(std::string_view code) const override {
        std::string_view language = code.substr(0, code.find('-'));
        return std::any_of(std::begin(shipped), std::end(shipped),
                           [&](const ShippedLanguage& l) { return language == l.code; });
    }

    std::optional<std::string> suggest(std::string_view code) const override {
        std::string conventional = conventional_language_tag(code);
        if (conventional != code && playlist::is_language_code(conventional) &&
            is_known(conventional))
            return conventional;
        std::string typed;
        for (char c : code)
            typed += lower(c);
        for (auto& language : shipped)
            if (typed == language.english_name || typed == language.region)
                return std::string(language.code);
        // The start of a name: "sp" for Spanish.
        std::vector<const char*> starting;
        for (auto& language : shipped)
            if (typed.size() >= 2 &&
                std::string_view(language.english_name).substr(0, typed.size()) == typed)
                starting.push_back(language.code);
        if (starting.size() == 1)
            return std::string(starting[0]);
        return std::nullopt;
    }
};

} // namespace

const LanguageCatalog& shipped_language_catalog() {
    static const ShippedCatalog catalog;
    return catalog;
}

std::string conventional_language_tag(std::string_view code) {
    std::string out;
    std::size_t index = 0;
    std::size_t start = 0;
    while (start <= code.size()) {
        std::size_t end = code.find_first_of("-_", start);
        if (end == std::string_view::npos)
            end = code.size();
        std::string subtag(code.substr(start, end - start));
        bool letters = std::all_of(subtag.begin(), subtag.end(), [](char c) {
            return std::isalpha(static_cast<unsigned char>(c));
        });
        for (auto& c : subtag)
            c = lower(c);
        // After the language: a script is four letters, Title case; a region
        // two letters, upper case.
        if (index > 0 && letters && subtag.size() == 4)
            subtag[0] = upper(subtag[0]);
        else if (index > 0 && letters && subtag.size() == 2)
            for (auto& c : subtag)
                c = upper(c);
        out += (index ? "-" : "") + subtag;
        ++index;
        start = end + 1;
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

} // namespace beacon

#pragma once

// Which language codes a playlist may use. Codes are BCP 47 tags in the form
// the XSD spells them (names.h's is_language_code(): "en", "zh-Hans",
// "pt-BR"), whose language subtag must also be a real ISO 639 code: "sp" is
// well-formed and means nothing.
//
// Core cannot know every ISO 639 code (ICU does, and core links no ICU), so
// the parser asks a LanguageCatalog it is given. The app and the installer
// give ICU's (system/icu_language_catalog.h); shipped_language_catalog()
// below, which knows the eleven languages Beacon ships, is the default for
// tests and fuzzers.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace beacon {

class LanguageCatalog {
  public:
    virtual ~LanguageCatalog() = default;

    // Whether `code`, already of is_language_code()'s form, names a known
    // language with well-formed script and region subtags.
    virtual bool is_known(std::string_view code) const = 0;
    // A known code the writer of `code` probably meant ("sp" -> "es",
    // "english" -> "en", "vn" -> "vi", "ar_SA" -> "ar-SA"), or nothing.
    virtual std::optional<std::string> suggest(std::string_view code) const = 0;
};

// The eleven languages of playlists/default.xml, with any script or region.
const LanguageCatalog& shipped_language_catalog();

// "ar_SA" -> "ar-SA", "EN" -> "en", "zh_hant" -> "zh-Hant": BCP 47's
// conventional case, '-' between subtags. Both catalogs try it first.
std::string conventional_language_tag(std::string_view code);

// Optimal string alignment distance (an edit is an insertion, deletion,
// substitution or swap of two neighbours), ignoring ASCII case; for "did you
// mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The one of `names` nearest to `typed`, when it is near enough to be a typo
// (at most a third of its letters, at least one) and no other is as near.
template <typename Names>
std::optional<std::string> nearest_name(std::string_view typed, const Names& names) {
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(1, typed.size() / 3) + 1;
    bool tie = false;
    for (const auto& name : names) {
        std::size_t distance = edit_distance(typed, name);
        if (distance < best_distance) {
            best = std::string(name);
            best_distance = distance;
            tie = false;
        } else if (distance == best_distance) {
            tie = true;
        }
    }
    if (tie || !best || best_distance == 0)
        return std::nullopt;
    return best;
}

} // namespace beacon

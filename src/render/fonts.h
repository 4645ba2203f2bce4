#pragma once

// Font files found through fontconfig by family name, one family per
// language, and the TTF_Font objects opened from them.
//
// Ownership: Fonts owns every TTF_Font it hands out. A pointer stays valid
// until the next trim() or until Fonts is destroyed, so callers use fonts
// within one drawing pass and never store them.

#include "core/result.h"

#include <SDL_ttf.h>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace beacon::render {

struct FontFace {
    std::string file;
    int index = 0; // face index inside a collection (.ttc)

    auto operator<=>(const FontFace&) const = default;
};

// What the text engine needs to know about a language.
struct LanguageInfo {
    const char* script = "Latn"; // ISO 15924, the language's usual script
    bool right_to_left = false;
};

LanguageInfo language_info(const std::string& lang);

class Fonts {
  public:
    // Fails only when not even a general-purpose sans-serif face exists.
    static Result<std::unique_ptr<Fonts>> create();
    ~Fonts();
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;

    // Faces to try, in order, for text in `lang`: the language's own face,
    // then the Latin base face, then faces for other scripts. Never empty.
    const std::vector<FontFace>& chain(const std::string& lang, bool bold);

    // Opens (or reuses) `face` at `px` pixels per em. Null if it cannot open.
    TTF_Font* open(const FontFace& face, int px);

    // Closes open fonts when too many sizes have piled up (after auto-fit
    // searches). Invalidates every TTF_Font* handed out before.
    void trim();

  private:
    Fonts() = default;
    std::optional<FontFace> find_family(const std::string& family, bool bold);

    FontFace m_base_regular;
    FontFace m_base_bold;
    std::map<std::pair<std::string, bool>, std::optional<FontFace>> m_families;
    std::map<std::pair<std::string, bool>, std::vector<FontFace>> m_chains;
    std::map<std::tuple<std::string, int, int>, TTF_Font*> m_open;
};

} // namespace beacon::render

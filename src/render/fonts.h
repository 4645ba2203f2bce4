#pragma once

// Font files found through fontconfig by family name (core/typography.h
// says which family each language and script wants), which characters each
// face covers, and the handle opened from a face at a pixel size: a
// FreeType + HarfBuzz font that the layout engine shapes with and that
// text_render.cpp draws the same glyphs from (72 dpi, light hinting).
//
// Ownership: Fonts owns every handle it hands out. A pointer stays valid
// until the next trim() or close_all(), or until Fonts is destroyed, so
// callers use fonts within one drawing pass and never store them.
// Threading: one thread at a time, and it may be handed from one thread to
// another (the player's screens are built on a worker thread, and `beacon
// validate` checks fact sheets on a second thread).

#include "core/result.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

typedef struct _FcCharSet FcCharSet;
typedef struct FT_LibraryRec_* FT_Library;
typedef struct FT_FaceRec_* FT_Face;
typedef struct FT_SizeRec_* FT_Size;
typedef struct hb_font_t hb_font_t;

namespace beacon::render {

struct FontFace {
    std::string file;
    int index = 0; // face index inside a collection (.ttc)

    auto operator<=>(const FontFace&) const = default;
};

// A face opened for shaping and drawing at one size, with its line metrics.
// The face and the HarfBuzz font are shared by every size of it; `size` must
// be the active one, and `font` scaled for it, while the font is used
// (Fonts::shaping() does both).
struct ShapingFont {
    FT_Face face = nullptr;
    FT_Size size = nullptr;
    hb_font_t* font = nullptr;
    int ascent = 0;  // pixels above the baseline
    int descent = 0; // pixels below, positive
    int line_skip = 0;
};

// FreeType load flags for shaping and drawing: light hinting.
int shaping_load_flags();

class Fonts {
  public:
    // Fails only when not even a general-purpose sans-serif face exists.
    static Result<std::unique_ptr<Fonts>> create();
    ~Fonts();
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;

    // The language's own face, then the base Latin face. Never empty.
    const std::vector<FontFace>& chain(const std::string& lang, bool bold);

    // The face that draws `c` in text of `lang`: the first face of the chain
    // that has it, else the family of the character's script, else any
    // installed face fontconfig finds. Nothing when no installed font has it.
    std::optional<FontFace> face_for(char32_t c, const std::string& lang, bool bold);
    // face_for() without a copy: null when no installed font has `c`. The
    // face stays valid as long as Fonts (trim() and close_all() keep it).
    const FontFace* find_face(char32_t c, const std::string& lang, bool bold);
    bool covers(const FontFace& face, char32_t c);

    // Opens (or reuses) `face` at `px` for shaping and makes that size the
    // face's active one, so HarfBuzz and FreeType calls that follow use it.
    ShapingFont* shaping(const FontFace& face, int px);

    // Closes the shaping sizes when too many have piled up (after auto-fit
    // searches), but keeps the faces: for
    // `beacon validate`, which checks sheet after sheet, and the update
    // overlay. Invalidates every pointer handed out before.
    void trim();
    // Closes every font and face: the memory they hold goes back.
    // Invalidates every pointer handed out.
    void close_all();

    // How many faces were opened for shaping since creation (tests check
    // that cached layouts open nothing).
    int shaping_opens() const { return m_shaping_opens; }

  private:
    Fonts() = default;
    std::optional<FontFace> find_family(const std::string& family, bool bold);
    std::optional<FontFace> find_by_character(char32_t c, bool bold);
    FcCharSet* charset(const FontFace& face);

    FT_Library m_freetype = nullptr;
    FontFace m_base_regular;
    FontFace m_base_bold;
    std::map<std::pair<std::string, bool>, std::optional<FontFace>> m_families;
    std::map<std::pair<std::string, bool>, std::vector<FontFace>> m_chains;
    std::map<FontFace, FcCharSet*> m_charsets;
    const FontFace* face_uncached(char32_t c, const std::string& lang, bool bold);
    // One object per face found (std::set never moves them): the answers
    // below point into it, so one face is always the same address.
    std::set<FontFace> m_known_faces;
    // face_for()'s answers by language and weight, then by character.
    std::map<std::pair<std::string, bool>, std::unordered_map<char32_t, const FontFace*>>
        m_by_language;
    std::unordered_map<char32_t, const FontFace*>* m_recent = nullptr; // in m_by_language
    std::string m_recent_lang;
    bool m_recent_bold = false;
    // Makes `font`'s size the face's active one and rescales the shared
    // HarfBuzz font to it when it was scaled for another size.
    void activate(const ShapingFont& font);

    // One FreeType face per file and index (a CJK collection costs
    // milliseconds to open), one FT_Size per pixel size.
    std::map<FontFace, FT_Face> m_faces;
    // One HarfBuzz font per face, rescaled on each change of size: a font
    // made per size loads the face's tables again and keeps its own copies
    // of them (heaptrack: HarfBuzz held 3.2 MB at the fact-sheet loop's
    // peak, 1.6 MB with one per face; `beacon validate` took the same time
    // either way).
    struct ScaledHarfBuzzFont {
        hb_font_t* font = nullptr;
        FT_Size scaled_for = nullptr;
    };
    std::map<FT_Face, ScaledHarfBuzzFont> m_harfbuzz;
    // By face file, index and pixel size, hashed and looked up without
    // copying the file name: the engine asks for a font per run it shapes.
    // Nodes never move, so a ShapingFont* stays valid until trim().
    struct ShapingKey {
        std::string file;
        int index = 0;
        int px = 0;
        bool operator==(const ShapingKey&) const = default;
    };
    struct ShapingKeyView {
        std::string_view file;
        int index = 0;
        int px = 0;
    };
    struct ShapingKeyHash {
        using is_transparent = void;
        std::size_t operator()(const ShapingKeyView& key) const;
        std::size_t operator()(const ShapingKey& key) const {
            return (*this)(ShapingKeyView{key.file, key.index, key.px});
        }
    };
    struct ShapingKeyEqual {
        using is_transparent = void;
        bool operator()(const ShapingKeyView& a, const ShapingKey& b) const {
            return a.file == b.file && a.index == b.index && a.px == b.px;
        }
        bool operator()(const ShapingKey& a, const ShapingKey& b) const { return a == b; }
    };
    std::unordered_map<ShapingKey, ShapingFont, ShapingKeyHash, ShapingKeyEqual> m_shaping;
    int m_shaping_opens = 0;
};

} // namespace beacon::render

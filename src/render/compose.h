#pragma once

// Building blocks shared by the screens: fitting text into a box, the
// hotline footer band, and finding a language's hotline words.

#include "core/geometry.h"
#include "core/hotline_layout.h"
#include "core/playlist.h"
#include "render/scene.h"
#include "render/text.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::render {

// A text place_text() could not show as asked, for `beacon validate`.
struct TextFitProblem {
    enum class Kind {
        Cut,      // does not fit its box even at the smallest size: cut
        Unscaled, // fits only at the usual sizes, not at text-scale's larger ones
    };
    Kind kind;
    std::string text;
};

struct Composer {
    // Null: lay out and report problems only, rendering nothing (the
    // hotline screen's check at load, render/screens.cpp).
    SDL_Renderer* renderer;
    TextEngine& text;
    WarnOnce& warn;
    // text-scale (1 to 1.5): every size range's bounds are multiplied by it,
    // so text grows where its box has room and is reported where it has not.
    double text_scale = 1;
    // Not null: every text that did not fit as asked is added here too
    // (validate's check of the hotline screen). Owned by the caller.
    std::vector<TextFitProblem>* fit_problems = nullptr;

    bool layout_only() const { return renderer == nullptr; }
};

struct FitRange {
    int min_px;
    int max_px;
    bool single_line = false;
};

// Logs (once) the characters of `text` no installed font has: they are left
// out, never drawn as boxes.
void warn_missing(Composer& composer, const Paragraph& paragraph, std::string_view text,
                  const std::string& lang);

// Fits `text` into `box` (largest size in `range`), renders it and adds it to
// the scene. Returns where it landed; style.px holds the size used.
Rect place_text(Composer& composer, Scene& scene, std::string_view text, TextStyle& style, Rect box,
                SDL_Color color, FitRange range, Align align = Align::Start,
                VAlign valign = VAlign::Middle);

// The hotline's words in `lang`, else in the first language it has (logged
// once). Never null: an empty text when the hotline has none at all.
const HotlineText& hotline_text(Composer& composer, const Playlist& playlist,
                                const std::string& lang);

// A flat amber band across `band` with the phone number and the call line,
// both kept inside `inner_x`..`inner_x + inner_width`.
void compose_footer(Composer& composer, Scene& scene, const Playlist& playlist,
                    const std::string& lang, Rect band, int inner_x, int inner_width);

std::unique_ptr<Scene> compose_hotline(Composer& composer, const Playlist& playlist,
                                       const std::string& lang, Size screen,
                                       ListenButton listen = ListenButton::None);

} // namespace beacon::render

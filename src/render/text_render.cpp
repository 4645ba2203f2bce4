#include "render/text.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>

namespace beacon::render {

namespace {

int floor_pixels(long value_26_6) {
    return static_cast<int>((value_26_6 & -64) / 64);
}

// Where SDL_ttf puts a run's pen origin inside the surface it returns: it
// widens the surface left and up when ink reaches past the origin or above
// the ascent, by exactly these amounts (TTF_Size_Internal's xstart/ystart).
struct Origin {
    int x = 0;
    int y = 0;
};

Origin surface_origin(ShapingFont& font, const GlyphRun& run) {
    long pen = 0;
    int min_x = 0;
    int min_y = 0;
    for (Glyph const& glyph : run.glyphs) {
        long const x = pen + glyph.x_offset;
        long const y = static_cast<long>(font.ascent) * 64 - glyph.y_offset;
        pen += glyph.x_advance;
        if (FT_Load_Glyph(font.face, glyph.id, shaping_load_flags()) != 0)
            continue;
        FT_GlyphSlot const slot = font.face->glyph;
        int left = slot->bitmap_left;
        int top = slot->bitmap_top;
        if (left == 0 && top == 0 && slot->bitmap.rows == 0 && slot->bitmap.width == 0) {
            left = floor_pixels(slot->metrics.horiBearingX);
            top = floor_pixels(slot->metrics.horiBearingY);
        }
        min_x = std::min(min_x, floor_pixels(x) + left);
        min_y = std::min(min_y, floor_pixels(y) - top);
    }
    return {-min_x, -min_y};
}

} // namespace

RenderedText TextEngine::render(const Paragraph& paragraph, const TextStyle& style, SDL_Color color,
                                Align align, int width) {
    width = std::max(width, paragraph.width);
    if (paragraph.lines.empty() || width <= 0 || paragraph.height() <= 0)
        return {};

    struct Piece {
        Surface surface;
        int x;
        int y;
    };
    std::vector<Piece> pieces;
    int lowest_top = 0;
    int highest_bottom = paragraph.height();
    bool const rtl = paragraph.right_to_left;
    int y = 0;
    for (TextLine const& line : paragraph.lines) {
        int left = 0;
        bool const at_right = align == Align::End ? !rtl : align == Align::Start && rtl;
        if (at_right)
            left = width - line.width;
        else if (align == Align::Center)
            left = (width - line.width) / 2;
        for (GlyphRun const& run : line.runs) {
            TTF_Font* font = m_fonts.open(run.face, style.px);
            ShapingFont* shaping = m_fonts.shaping(run.face, style.px);
            if (!font || !shaping)
                continue;
            // Every run: without the script, HarfBuzz leaves Indic and other
            // complex scripts unshaped; without the direction, Arabic breaks.
            TTF_SetFontScriptName(font, run.script.c_str());
            TTF_SetFontDirection(font, run.right_to_left ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
            Surface surface(TTF_RenderUTF8_Blended(font, run.text.c_str(), color));
            if (!surface)
                continue; // a run of only spaces has nothing to draw
            Origin const origin = surface_origin(*shaping, run);
            int const x = left + run.x - origin.x;
            int const top = y + paragraph.baseline - TTF_FontAscent(font) - origin.y;
            lowest_top = std::min(lowest_top, top);
            highest_bottom = std::max(highest_bottom, top + surface->h);
            pieces.push_back({std::move(surface), x, top});
        }
        y += paragraph.line_height;
    }

    RenderedText rendered;
    rendered.top = -lowest_top;
    rendered.bottom = highest_bottom - paragraph.height();
    rendered.surface.reset(SDL_CreateRGBSurfaceWithFormat(0, width, rendered.top + highest_bottom,
                                                          32, SDL_PIXELFORMAT_ARGB8888));
    if (!rendered.surface)
        return {};
    // Transparent pixels already carry the text colour, so blending runs in
    // leaves no dark fringe around glyphs.
    SDL_FillRect(rendered.surface.get(), nullptr,
                 SDL_MapRGBA(rendered.surface->format, color.r, color.g, color.b, 0));
    for (Piece& piece : pieces) {
        SDL_SetSurfaceBlendMode(piece.surface.get(), SDL_BLENDMODE_BLEND);
        SDL_Rect target{piece.x, piece.y + rendered.top, piece.surface->w, piece.surface->h};
        SDL_BlitSurface(piece.surface.get(), nullptr, rendered.surface.get(), &target);
    }
    return rendered;
}

} // namespace beacon::render

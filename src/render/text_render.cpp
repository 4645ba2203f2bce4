#include "render/text.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cstdint>
#include <vector>

namespace beacon::render {

namespace {

int floor_pixels(long value_26_6) {
    return static_cast<int>((value_26_6 & -64) / 64);
}

// One glyph's coverage, placed in the paragraph's own coordinates: x from
// the paragraph's left edge, y from the first line box's top.
struct GlyphInk {
    int x = 0;
    int y = 0;
    int width = 0;
    int rows = 0;
    std::vector<std::uint8_t> coverage; // width * rows, one byte per pixel
};

// Copies the glyph slot's bitmap as 8-bit coverage. Outline fonts give
// 8-bit grey with the light hinting the engine lays out with; a face's
// embedded bitmap strike may give 1-bit. (Colour needs FT_LOAD_COLOR, which
// is never asked for.)
bool copy_coverage(const FT_Bitmap& bitmap, GlyphInk& ink) {
    ink.width = static_cast<int>(bitmap.width);
    ink.rows = static_cast<int>(bitmap.rows);
    ink.coverage.assign(static_cast<std::size_t>(ink.width) * ink.rows, 0);
    for (int row = 0; row < ink.rows; ++row) {
        std::uint8_t const* source =
            bitmap.buffer + static_cast<std::ptrdiff_t>(row) * bitmap.pitch;
        std::uint8_t* target = ink.coverage.data() + static_cast<std::size_t>(row) * ink.width;
        for (int column = 0; column < ink.width; ++column) {
            switch (bitmap.pixel_mode) {
            case FT_PIXEL_MODE_GRAY:
                target[column] = static_cast<std::uint8_t>(
                    bitmap.num_grays == 256
                        ? source[column]
                        : source[column] * 255 / std::max(1, bitmap.num_grays - 1));
                break;
            case FT_PIXEL_MODE_MONO:
                target[column] = (source[column / 8] & (0x80 >> (column % 8))) ? 255 : 0;
                break;
            default:
                return false;
            }
        }
    }
    return true;
}

// Adds `ink`, scaled by the colour's own alpha, to the ARGB surface whose
// every pixel already holds the text colour: only alpha changes. Coverage
// adds up, saturating: where two glyphs abut (joined Arabic letters), each
// covers its own part of the edge pixel, and compositing "over" would leave
// a faint seam there (seen on the Arabic fact sheets).
void composite(const GlyphInk& ink, Uint8 opacity, SDL_Surface* surface, int top) {
    for (int row = 0; row < ink.rows; ++row) {
        int const y = top + ink.y + row;
        if (y < 0 || y >= surface->h)
            continue;
        auto* pixels = reinterpret_cast<Uint32*>(static_cast<Uint8*>(surface->pixels) +
                                                 static_cast<std::ptrdiff_t>(y) * surface->pitch);
        std::uint8_t const* coverage =
            ink.coverage.data() + static_cast<std::size_t>(row) * ink.width;
        for (int column = 0; column < ink.width; ++column) {
            int const x = ink.x + column;
            if (coverage[column] == 0 || x < 0 || x >= surface->w)
                continue;
            Uint32 const added = (coverage[column] * Uint32{opacity} + 127) / 255;
            Uint32 const alpha = std::min<Uint32>(255, (pixels[x] >> 24) + added);
            pixels[x] = (pixels[x] & 0x00ffffffu) | (alpha << 24);
        }
    }
}

} // namespace

// Draws the glyphs the engine shaped and placed, from the same FreeType face
// and size it measured them with: what is on screen is exactly the layout,
// with no second shaping and no second copy of the font (an SDL_ttf font is
// its own FreeType face: 1-2 MB of heap for a CJK collection, held while a
// fact sheet was built). A glyph's bitmap sits at the pen's whole pixel plus
// FreeType's bitmap_left/top, as SDL_ttf places it with light hinting.
RenderedText TextEngine::render(const Paragraph& paragraph, const TextStyle& style, SDL_Color color,
                                Align align, int width) {
    width = std::max(width, paragraph.width);
    if (paragraph.lines.empty() || width <= 0 || paragraph.height() <= 0)
        return {};

    std::vector<GlyphInk> inks;
    int lowest_top = 0;
    int highest_bottom = paragraph.height();
    bool const rtl = paragraph.right_to_left;
    FT_Int32 const load_flags = shaping_load_flags() | FT_LOAD_RENDER;
    int line_top = 0;
    for (TextLine const& line : paragraph.lines) {
        int left = 0;
        bool const at_right = align == Align::End ? !rtl : align == Align::Start && rtl;
        if (at_right)
            left = width - line.width;
        else if (align == Align::Center)
            left = (width - line.width) / 2;
        int const baseline = line_top + paragraph.baseline;
        for (GlyphRun const& run : line.runs) {
            ShapingFont* font = m_fonts.shaping(run.face, style.px);
            if (!font)
                continue;
            long pen = 0;
            for (Glyph const& glyph : run.glyphs) {
                long const x = pen + glyph.x_offset;
                long const y = -static_cast<long>(glyph.y_offset);
                pen += glyph.x_advance;
                if (FT_Load_Glyph(font->face, glyph.id, load_flags) != 0)
                    continue;
                FT_GlyphSlot const slot = font->face->glyph;
                if (slot->bitmap.rows == 0 || slot->bitmap.width == 0)
                    continue; // a space: nothing to draw
                GlyphInk ink;
                if (!copy_coverage(slot->bitmap, ink))
                    continue;
                ink.x = left + run.x + floor_pixels(x) + slot->bitmap_left;
                ink.y = baseline + floor_pixels(y) - slot->bitmap_top;
                lowest_top = std::min(lowest_top, ink.y);
                highest_bottom = std::max(highest_bottom, ink.y + ink.rows);
                inks.push_back(std::move(ink));
            }
        }
        line_top += paragraph.line_height;
    }

    RenderedText rendered;
    rendered.top = -lowest_top;
    rendered.bottom = highest_bottom - paragraph.height();
    rendered.surface.reset(SDL_CreateRGBSurfaceWithFormat(0, width, rendered.top + highest_bottom,
                                                          32, SDL_PIXELFORMAT_ARGB8888));
    if (!rendered.surface)
        return {};
    // Transparent pixels already carry the text colour, so the surface blends
    // onto any background with no dark fringe around glyphs.
    SDL_FillRect(rendered.surface.get(), nullptr,
                 SDL_MapRGBA(rendered.surface->format, color.r, color.g, color.b, 0));
    // A surface made in memory, not RLE-encoded: its pixels need no lock.
    for (GlyphInk const& ink : inks)
        composite(ink, color.a, rendered.surface.get(), rendered.top);
    return rendered;
}

} // namespace beacon::render

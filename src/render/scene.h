#pragma once

// A composed screen: flat shapes and pre-rendered textures, built once and
// drawn every frame. Text is rendered to textures only while building, so
// redrawing a static screen costs a few copies and no glyph rendering.
//
// Ownership: a Scene owns its textures, which belong to the renderer it was
// built with; the renderer must outlive the Scene.

#include "core/geometry.h"
#include "render/text.h"

#include <SDL.h>
#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace beacon::render {

namespace palette {
constexpr SDL_Color background{0x10, 0x24, 0x3E, 0xFF}; // deep navy
constexpr SDL_Color panel{0x1A, 0x35, 0x58, 0xFF};      // raised navy for buttons
constexpr SDL_Color text{0xF5, 0xF7, 0xFA, 0xFF};       // near-white
constexpr SDL_Color muted{0xC9, 0xD4, 0xE3, 0xFF};      // secondary lines
constexpr SDL_Color accent{0xF2, 0xB1, 0x34, 0xFF};     // warm amber
constexpr SDL_Color on_accent{0x10, 0x24, 0x3E, 0xFF};  // text on amber
constexpr SDL_Color outline{0x8F, 0xA3, 0xBF, 0xFF};
} // namespace palette

enum class VAlign { Top, Middle, Bottom };

class Scene {
  public:
    // With no renderer, a scene is a layout only: places are computed and
    // nothing is kept to draw.
    explicit Scene(SDL_Renderer* renderer) : m_renderer(renderer) {}
    ~Scene();
    Scene(const Scene&) = delete;
    Scene& operator=(const Scene&) = delete;

    void fill(Rect rect, SDL_Color color, int radius = 0);
    // A rounded box with a `border`-pixel edge.
    void framed(Rect rect, SDL_Color fill, SDL_Color edge, int border, int radius);
    // Places `surface` inside `box`, cropped to it so nothing spills out.
    // Returns where it landed (zero-sized when there was nothing to place).
    Rect place(const Surface& surface, Rect box, Align align, VAlign valign, bool right_to_left);
    // The same for rendered text: its line boxes are aligned and cropped to
    // `box`, and ink beyond the first and last line boxes (stacked marks)
    // is kept rather than cut.
    Rect place(const RenderedText& text, Rect box, Align align, VAlign valign, bool right_to_left);

    void draw() const;

    // Pixel memory held by the scene's textures (4 bytes a pixel): system
    // memory with the software renderer, video memory on a GPU.
    std::size_t texture_bytes() const { return m_texture_bytes; }

  private:
    Rect place_surface(SDL_Surface* surface, int top, int bottom, Rect box, Align align,
                       VAlign valign, bool right_to_left);
    struct Item {
        std::vector<SDL_Rect> rects; // a rounded shape is a stack of spans
        SDL_Color color{};
        SDL_Texture* texture = nullptr;
        SDL_Rect source{};
        SDL_Rect target{};
    };
    SDL_Renderer* m_renderer;
    std::vector<Item> m_items;
    std::size_t m_texture_bytes = 0;
};

// Logs each distinct message once: a broken playlist must not flood stderr
// at 60 frames a second. With Sink::Keep it writes nothing and keeps the new
// messages for the owner to report, or drop, from a place of its choosing.
class WarnOnce {
  public:
    enum class Sink { Log, Keep };
    explicit WarnOnce(Sink sink = Sink::Log) : m_sink(sink) {}
    void operator()(const std::string& message);
    // Sink::Keep: the messages first seen since the last call.
    std::vector<std::string> take_kept() { return std::exchange(m_kept, {}); }

  private:
    Sink m_sink;
    std::set<std::string> m_seen;
    std::vector<std::string> m_kept;
};

} // namespace beacon::render

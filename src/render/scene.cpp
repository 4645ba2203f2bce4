#include "render/scene.h"

#include "system/log.h"

#include <algorithm>
#include <cmath>

namespace beacon::render {

namespace {

SDL_Rect to_sdl(Rect rect) {
    return {rect.x, rect.y, rect.width, rect.height};
}

// Horizontal spans covering a rounded rectangle, one per row in the corners.
std::vector<SDL_Rect> rounded_spans(Rect rect, int radius) {
    radius = std::clamp(radius, 0, std::min(rect.width, rect.height) / 2);
    if (radius == 0)
        return {to_sdl(rect)};
    std::vector<SDL_Rect> spans;
    auto inset = [&](int row) {
        double const dy = radius - row - 0.5;
        return radius - static_cast<int>(std::lround(std::sqrt(radius * radius - dy * dy)));
    };
    for (int row = 0; row < radius; ++row) {
        int const x = inset(row);
        spans.push_back({rect.x + x, rect.y + row, rect.width - 2 * x, 1});
        spans.push_back({rect.x + x, rect.y + rect.height - 1 - row, rect.width - 2 * x, 1});
    }
    spans.push_back({rect.x, rect.y + radius, rect.width, rect.height - 2 * radius});
    return spans;
}

} // namespace

Scene::~Scene() {
    for (Item const& item : m_items) {
        if (item.texture)
            SDL_DestroyTexture(item.texture);
    }
}

void Scene::fill(Rect rect, SDL_Color color, int radius) {
    if (rect.width <= 0 || rect.height <= 0)
        return;
    m_items.push_back({rounded_spans(rect, radius), color});
}

void Scene::framed(Rect rect, SDL_Color fill_color, SDL_Color edge, int border, int radius) {
    fill(rect, edge, radius);
    Rect inner{rect.x + border, rect.y + border, rect.width - 2 * border, rect.height - 2 * border};
    fill(inner, fill_color, std::max(0, radius - border));
}

Rect Scene::place(const Surface& surface, Rect box, Align align, VAlign valign,
                  bool right_to_left) {
    return place_surface(surface.get(), 0, 0, box, align, valign, right_to_left);
}

Rect Scene::place(const RenderedText& text, Rect box, Align align, VAlign valign,
                  bool right_to_left) {
    return place_surface(text.surface.get(), text.top, text.bottom, box, align, valign,
                         right_to_left);
}

Rect Scene::place_surface(SDL_Surface* surface, int top, int bottom, Rect box, Align align,
                          VAlign valign, bool right_to_left) {
    if (!surface || box.width <= 0 || box.height <= 0)
        return {};
    int const content_height = surface->h - top - bottom;
    int const width = std::min(surface->w, box.width);
    int const height = std::min(content_height, box.height);
    bool const at_right =
        align == Align::End ? !right_to_left : align == Align::Start && right_to_left;
    int const x = at_right                 ? box.x + box.width - width
                  : align == Align::Center ? box.x + (box.width - width) / 2
                                           : box.x;
    int const y = valign == VAlign::Bottom   ? box.y + box.height - height
                  : valign == VAlign::Middle ? box.y + (box.height - height) / 2
                                             : box.y;
    // Cropping keeps the side of the text that its alignment anchors.
    int const source_x = at_right                 ? surface->w - width
                         : align == Align::Center ? (surface->w - width) / 2
                                                  : 0;
    // Ink below the last line box only belongs if that line box is shown.
    int const source_height = top + height + (height == content_height ? bottom : 0);
    if (!m_renderer)
        return {x, y, width, height}; // a layout only: nothing to draw
    SDL_Texture* texture = SDL_CreateTextureFromSurface(m_renderer, surface);
    if (!texture)
        return {};
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    m_texture_bytes +=
        static_cast<std::size_t>(surface->w) * static_cast<std::size_t>(surface->h) * 4;
    Item item;
    item.texture = texture;
    item.source = {source_x, 0, width, source_height};
    item.target = {x, y - top, width, source_height};
    m_items.push_back(std::move(item));
    return {x, y, width, height};
}

void Scene::draw() const {
    // Leave the renderer's draw state as the caller had it.
    SDL_BlendMode blend = SDL_BLENDMODE_NONE;
    SDL_Color previous{};
    SDL_GetRenderDrawBlendMode(m_renderer, &blend);
    SDL_GetRenderDrawColor(m_renderer, &previous.r, &previous.g, &previous.b, &previous.a);
    for (Item const& item : m_items) {
        if (item.texture) {
            SDL_RenderCopy(m_renderer, item.texture, &item.source, &item.target);
            continue;
        }
        SDL_SetRenderDrawBlendMode(m_renderer, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(m_renderer, item.color.r, item.color.g, item.color.b, item.color.a);
        SDL_RenderFillRects(m_renderer, item.rects.data(), static_cast<int>(item.rects.size()));
    }
    SDL_SetRenderDrawBlendMode(m_renderer, blend);
    SDL_SetRenderDrawColor(m_renderer, previous.r, previous.g, previous.b, previous.a);
}

void WarnOnce::operator()(const std::string& message) {
    if (!m_seen.insert(message).second)
        return;
    if (m_sink == Sink::Keep)
        m_kept.push_back(message);
    else
        log::warning(message);
}

} // namespace beacon::render

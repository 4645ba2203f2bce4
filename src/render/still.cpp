#include "render/still.h"

#include "events/event_wait.h"
#include "render/sdl_image_library.h"

#include <algorithm>
#include <vector>

namespace beacon::render {

namespace {

// `source`, in any format SDL can blit (palettes and colour keys too),
// reduced `factor` times in both directions into ARGB8888, each pixel the
// mean of the factor x factor block it stands for: a large reduction then
// weighs every source pixel, where a bilinear stretch alone would skip most
// of them and break fine lines and small print into stairs. The source is
// converted a strip of `factor` rows at a time, so a huge picture is never
// held twice (an 8000x8000 PNG: 192 MB as decoded, 256 MB more converted
// whole). A last partial block of rows or columns is dropped.
SurfacePtr reduce(SDL_Surface& source, int factor) {
    int width = source.w / factor;
    int height = source.h / factor;
    SurfacePtr out(SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888));
    SurfacePtr strip(
        SDL_CreateRGBSurfaceWithFormat(0, source.w, factor, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!out || !strip)
        return nullptr;
    // Copied as they are, alpha included, rather than blended onto the strip.
    SDL_SetSurfaceBlendMode(&source, SDL_BLENDMODE_NONE);
    std::vector<Uint32> sums(static_cast<std::size_t>(width) * 4);
    Uint32 const block = static_cast<Uint32>(factor) * factor;
    for (int y = 0; y < height; ++y) {
        // Cleared first: pixels of a colour key are skipped by the blit and
        // stay transparent.
        SDL_FillRect(strip.get(), nullptr, 0);
        SDL_Rect rows{0, y * factor, source.w, factor};
        if (SDL_BlitSurface(&source, &rows, strip.get(), nullptr) != 0)
            return nullptr;
        std::fill(sums.begin(), sums.end(), 0);
        for (int row = 0; row < factor; ++row) {
            auto* in = static_cast<const Uint8*>(strip->pixels) + row * strip->pitch;
            for (int x = 0; x < width; ++x)
                for (int column = 0; column < factor; ++column)
                    for (int byte = 0; byte < 4; ++byte)
                        sums[4 * x + byte] += in[4 * (x * factor + column) + byte];
        }
        auto* line = static_cast<Uint8*>(out->pixels) + y * out->pitch;
        for (std::size_t i = 0; i < sums.size(); ++i)
            line[i] = static_cast<Uint8>((sums[i] + block / 2) / block);
    }
    return out;
}

} // namespace

Rect fitted_rect(Size picture, Size screen) {
    if (picture.width <= 0 || picture.height <= 0 || screen.width <= 0 || screen.height <= 0)
        return {};
    // Compared as products, so that no rounding picks the wrong side.
    long long wide = static_cast<long long>(picture.width) * screen.height;
    long long tall = static_cast<long long>(picture.height) * screen.width;
    Rect rect;
    if (wide >= tall) { // as wide as the screen, bars above and below
        rect.width = screen.width;
        rect.height = std::max(1, static_cast<int>((tall + picture.width / 2) / picture.width));
    } else {
        rect.height = screen.height;
        rect.width = std::max(1, static_cast<int>((wide + picture.height / 2) / picture.height));
    }
    rect.x = (screen.width - rect.width) / 2;
    rect.y = (screen.height - rect.height) / 2;
    return rect;
}

Result<StillPicture> decode_still(const std::string& path, Size fit) {
    if (auto too_large = picture_too_large(path))
        return Error{*too_large};
    SurfacePtr loaded;
    if (auto jpeg = decode_jpeg_reduced(path, fit)) {
        if (!*jpeg)
            return jpeg->error();
        loaded = std::move(jpeg->value());
    } else {
        auto sdl_image = sdl_image_library();
        if (!sdl_image)
            return Error{"cannot decode it: " + sdl_image.error().message};
        loaded.reset(sdl_image.value()->load(path.c_str()));
        if (!loaded)
            return Error{std::string("SDL_image cannot read it: ") + IMG_GetError()};
    }
    Rect target = fitted_rect({loaded->w, loaded->h}, fit);
    if (target.width <= 0)
        return Error{"the screen has no size to fit it to"};
    // Averaged down by the largest power of two that leaves it at least the
    // size drawn, then stretched the rest of the way.
    int factor = 1;
    while (loaded->w / factor >= 2 * target.width && loaded->h / factor >= 2 * target.height)
        factor *= 2;
    SurfacePtr picture =
        factor > 1
            ? reduce(*loaded, factor)
            : SurfacePtr(SDL_ConvertSurfaceFormat(loaded.get(), SDL_PIXELFORMAT_ARGB8888, 0));
    loaded.reset();
    if (!picture)
        return Error{std::string("cannot convert its pixels: ") + SDL_GetError()};
    if (picture->w != target.width || picture->h != target.height) {
        SurfacePtr scaled(SDL_CreateRGBSurfaceWithFormat(0, target.width, target.height, 32,
                                                         SDL_PIXELFORMAT_ARGB8888));
        if (!scaled || SDL_SoftStretchLinear(picture.get(), nullptr, scaled.get(), nullptr) != 0)
            return Error{std::string("cannot scale it: ") + SDL_GetError()};
        picture = std::move(scaled);
    }
    return StillPicture{std::move(picture)};
}

void draw_still(SDL_Renderer* renderer, SDL_Texture* texture, Size picture, Size screen) {
    SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
    SDL_RenderClear(renderer);
    Rect area = fitted_rect(picture, screen);
    SDL_Rect target{area.x, area.y, area.width, area.height};
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    SDL_RenderCopy(renderer, texture, nullptr, &target);
}

StillDecoder::StillDecoder(std::uint32_t wake_event)
    : m_worker(
          [](Key& key, auto& context) {
              Decoded decoded{key, decode_still(key.path, key.fit)};
              if (!context.superseded())
                  context.post(std::move(decoded));
          },
          {.capacity = 1,
           .when_full = Worker<Key, Decoded>::WhenFull::DropOldest,
           .wake = [wake_event] { events::push_wake_event(wake_event); },
           // SDL keeps its error message in thread-local storage that it
           // frees only for threads it created itself: a decode that failed
           // here would leak it.
           .finish = [] { SDL_TLSCleanup(); }}) {}

void StillDecoder::request(const std::string& path, Size fit) {
    Key key{path, fit};
    if (m_wanted == key)
        return;
    // Whatever was posted is for an earlier request.
    (void)m_worker.take();
    m_wanted = key;
    m_result.reset();
    m_worker.submit(std::move(key));
}

void StillDecoder::collect() {
    for (auto& decoded : m_worker.take())
        if (m_wanted && *m_wanted == decoded.key)
            m_result = std::move(decoded.picture);
}

std::optional<Result<StillPicture>> StillDecoder::take(const std::string& path, Size fit) {
    collect();
    if (!m_wanted || !(*m_wanted == Key{path, fit}) || !m_result)
        return std::nullopt;
    auto result = std::move(m_result);
    // Taken: asking again decodes again rather than waiting for nothing.
    m_result.reset();
    m_wanted.reset();
    return result;
}

bool StillDecoder::finished(const std::string& path, Size fit) {
    collect();
    return m_wanted && *m_wanted == Key{path, fit} && m_result;
}

} // namespace beacon::render

#include "render/screens.h"

#include <png.h>

#include <algorithm>
#include <vector>

namespace beacon::render {

namespace {

// The part of `size` the renderer really has, so a stale size cannot make
// SDL read outside its output.
SDL_Rect readable_area(SDL_Renderer* renderer, Size size) {
    int width = 0;
    int height = 0;
    if (SDL_GetRendererOutputSize(renderer, &width, &height) != 0)
        return {0, 0, 0, 0};
    return {0, 0, std::min(width, size.width), std::min(height, size.height)};
}

// `surface` (RGB24) as a PNG file, by libpng's simplified API: the library
// that already reads pictures' headers (picture_file.h), not SDL_image,
// which would be loaded for this alone.
Status write_rgb_png(const SDL_Surface& surface, const std::string& path) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(surface.w);
    image.height = static_cast<png_uint_32>(surface.h);
    image.format = PNG_FORMAT_RGB;
    if (!png_image_write_to_file(&image, path.c_str(), 0, surface.pixels, surface.pitch, nullptr)) {
        Status failed = Error{"cannot write " + path + ": " + image.message};
        png_image_free(&image);
        return failed;
    }
    return Done{};
}

} // namespace

Status save_png(SDL_Renderer* renderer, Size size, const std::string& path) {
    SDL_Rect const area = readable_area(renderer, size);
    if (area.w <= 0 || area.h <= 0)
        return Error{"nothing to save: renderer output is empty"};
    SDL_Surface* surface =
        SDL_CreateRGBSurfaceWithFormat(0, area.w, area.h, 24, SDL_PIXELFORMAT_RGB24);
    if (!surface)
        return Error{std::string("cannot create surface: ") + SDL_GetError()};
    Status status = Done{};
    if (SDL_RenderReadPixels(renderer, &area, SDL_PIXELFORMAT_RGB24, surface->pixels,
                             surface->pitch) != 0)
        status = Error{std::string("cannot read pixels: ") + SDL_GetError()};
    else if (auto written = write_rgb_png(*surface, path); !written)
        status = written;
    SDL_FreeSurface(surface);
    return status;
}

double mean_luma(SDL_Renderer* renderer, Size size) {
    SDL_Rect const area = readable_area(renderer, size);
    if (area.w <= 0 || area.h <= 0)
        return 0.0;
    constexpr int columns = 64;
    constexpr int rows = 36;
    // Only the sampled rows are read back, one at a time: this runs for every
    // logged frame, and reading the whole frame (3.7 MB at 1280x720, converted
    // pixel by pixel) cost more than the frame it measured (issue 22: the
    // benchmark counts presented frames from this log). Reused between calls.
    static thread_local std::vector<Uint32> line;
    line.resize(static_cast<std::size_t>(area.w));
    double sum = 0.0;
    for (int row = 0; row < rows; ++row) {
        int const y = (2 * row + 1) * area.h / (2 * rows);
        SDL_Rect const strip{area.x, area.y + y, area.w, 1};
        if (SDL_RenderReadPixels(renderer, &strip, SDL_PIXELFORMAT_ARGB8888, line.data(),
                                 area.w * static_cast<int>(sizeof(Uint32))) != 0)
            return 0.0;
        for (int column = 0; column < columns; ++column) {
            int const x = (2 * column + 1) * area.w / (2 * columns);
            Uint32 const pixel = line[static_cast<std::size_t>(x)];
            double const r = (pixel >> 16) & 0xFF;
            double const g = (pixel >> 8) & 0xFF;
            double const b = pixel & 0xFF;
            sum += 0.299 * r + 0.587 * g + 0.114 * b;
        }
    }
    return sum / (columns * rows);
}

} // namespace beacon::render

#include "render/thumbnail.h"

#include <turbojpeg.h>

#include <algorithm>
#include <memory>

namespace beacon::render {

namespace {

struct TurboJpegDeleter {
    void operator()(void* handle) const { tjDestroy(handle); }
};
using TurboJpegPtr = std::unique_ptr<void, TurboJpegDeleter>;

struct TurboJpegBuffer {
    void operator()(unsigned char* buffer) const { tjFree(buffer); }
};

} // namespace

Result<Thumbnail> read_thumbnail(SDL_Renderer* renderer, Size output, int max_width) {
    int width = 0, height = 0;
    if (SDL_GetRendererOutputSize(renderer, &width, &height) != 0)
        return Error{std::string("cannot read the screen's size: ") + SDL_GetError()};
    width = std::min(width, output.width);
    height = std::min(height, output.height);
    if (width <= 0 || height <= 0 || max_width <= 0)
        return Error{"nothing to read: the screen is empty"};
    int factor = (width + max_width - 1) / max_width;
    Thumbnail picture;
    picture.width = width / factor;
    picture.height = height / factor;
    if (picture.width <= 0 || picture.height <= 0)
        return Error{"the screen is too small for a thumbnail"};
    picture.rgb.resize(static_cast<std::size_t>(picture.width) * picture.height * 3);
    std::vector<Uint32> band(static_cast<std::size_t>(width) * factor);
    std::vector<unsigned> sums(static_cast<std::size_t>(picture.width) * 3);
    const unsigned box = static_cast<unsigned>(factor * factor);
    for (int row = 0; row < picture.height; ++row) {
        SDL_Rect area{0, row * factor, width, factor};
        if (SDL_RenderReadPixels(renderer, &area, SDL_PIXELFORMAT_ARGB8888, band.data(),
                                 width * static_cast<int>(sizeof(Uint32))) != 0)
            return Error{std::string("cannot read the screen: ") + SDL_GetError()};
        std::fill(sums.begin(), sums.end(), 0u);
        for (int y = 0; y < factor; ++y)
            for (int x = 0; x < picture.width * factor; ++x) {
                Uint32 pixel = band[static_cast<std::size_t>(y) * width + x];
                unsigned* sum = &sums[static_cast<std::size_t>(x / factor) * 3];
                sum[0] += (pixel >> 16) & 0xFF;
                sum[1] += (pixel >> 8) & 0xFF;
                sum[2] += pixel & 0xFF;
            }
        unsigned char* out = &picture.rgb[static_cast<std::size_t>(row) * picture.width * 3];
        for (std::size_t i = 0; i < sums.size(); ++i)
            out[i] = static_cast<unsigned char>((sums[i] + box / 2) / box);
    }
    return picture;
}

Result<std::string> encode_jpeg(const Thumbnail& picture, int quality) {
    if (picture.width <= 0 || picture.height <= 0 ||
        picture.rgb.size() != static_cast<std::size_t>(picture.width) * picture.height * 3)
        return Error{"no picture to encode"};
    TurboJpegPtr jpeg(tjInitCompress());
    if (!jpeg)
        return Error{std::string("cannot start the JPEG encoder: ") + tjGetErrorStr()};
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    int failed = tjCompress2(jpeg.get(), picture.rgb.data(), picture.width, picture.width * 3,
                             picture.height, TJPF_RGB, &buffer, &size, TJSAMP_420,
                             std::clamp(quality, 1, 100), 0);
    std::unique_ptr<unsigned char, TurboJpegBuffer> owned(buffer);
    if (failed != 0 || !buffer)
        return Error{std::string("cannot encode the JPEG: ") + tjGetErrorStr2(jpeg.get())};
    return std::string(reinterpret_cast<const char*>(buffer), size);
}

} // namespace beacon::render

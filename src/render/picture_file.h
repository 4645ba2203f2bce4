#pragma once

// What Beacon reads of a picture file before, or instead of, SDL_image: the
// size a PNG or JPEG header states (libpng, libjpeg-turbo), and JPEGs
// decoded already reduced (TurboJPEG scales in eighths as it decodes).
//
// Why: SDL_image decodes a picture whole, and so does mpv. A 20000x15000
// PNG is 900 MB of pixels as decoded, the end of a 1 GB kiosk. A phone's
// 8000x6000 JPEG shown on a 1280x720 screen needs one eighth of each side,
// so decoding it reduced takes a sixty-fourth of the memory, and less time.
//
// Uses no SDL state beyond plain surfaces: any thread may call these.

#include "core/geometry.h"
#include "core/result.h"

#include <SDL.h>

#include <memory>
#include <optional>
#include <string>

namespace beacon::render {

// The most pixels Beacon decodes a picture at: 8192 x 8192, 256 MB as
// 32-bit pixels. The 8000x8000 PNG of the hostile-media tests is under it.
constexpr long long k_max_decoded_pixels = 8192LL * 8192;

inline long long pixel_count(Size size) {
    return static_cast<long long>(size.width) * size.height;
}

struct PictureHeader {
    enum class Format { Png, Jpeg };
    Format format;
    Size size;
};

// The format and size in the header of the picture at `path`, reading only
// the start of the file. nullopt for any other format, or for a header
// libpng or TurboJPEG rejects (the decode then says what is wrong).
std::optional<PictureHeader> read_picture_header(const std::string& path);

// Why the picture at `path` cannot be shown: nullopt when it can, as far
// as its header tells. Only PNGs over k_max_decoded_pixels are refused:
// a JPEG decodes reduced, and no JPEG (65535 pixels a side at most) is over
// the limit at an eighth of its size.
std::optional<std::string> picture_too_large(const std::string& path);

// Whether the header of the picture at `path` states more pixels than
// k_max_decoded_pixels. Once Beacon's own decode has failed, such a picture
// is given to no other decoder (mpv decodes whole too): it is skipped.
bool too_large_to_show(const std::string& path);

struct FreeSurface {
    void operator()(SDL_Surface* surface) const { SDL_FreeSurface(surface); }
};
using SurfacePtr = std::unique_ptr<SDL_Surface, FreeSurface>;

// The JPEG at `path` decoded by TurboJPEG to 32-bit pixels, at the smallest
// of its scales that still gives at least the size the picture is drawn at
// to fit `fit` (never enlarged: at most its own size). nullopt when the file
// is not a JPEG TurboJPEG can decode (CMYK, for one), so that SDL_image may
// try it; an Error when it is not and is too large for SDL_image too.
std::optional<Result<SurfacePtr>> decode_jpeg_reduced(const std::string& path, Size fit);

} // namespace beacon::render

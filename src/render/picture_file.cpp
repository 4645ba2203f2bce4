#include "render/picture_file.h"

#include "render/still.h"

#include <png.h>
#include <turbojpeg.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <vector>

namespace beacon::render {

namespace {

struct CloseFile {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, CloseFile>;

struct DestroyTurboJpeg {
    void operator()(void* handle) const { tjDestroy(handle); }
};
using TurboJpegPtr = std::unique_ptr<void, DestroyTurboJpeg>;

// Up to `limit` bytes from the start of `file` (all of it when limit is 0).
std::vector<unsigned char> read_bytes(std::FILE* file, std::size_t limit) {
    std::vector<unsigned char> bytes;
    unsigned char chunk[64 * 1024];
    while (limit == 0 || bytes.size() < limit) {
        std::size_t want = sizeof chunk;
        if (limit != 0)
            want = std::min(want, limit - bytes.size());
        std::size_t const got = std::fread(chunk, 1, want, file);
        bytes.insert(bytes.end(), chunk, chunk + got);
        if (got < want)
            break;
    }
    return bytes;
}

// libpng's errors and warnings, unprinted: the caller decides what to say.
[[noreturn]] void png_fail_quietly(png_structp png, png_const_charp) {
    png_longjmp(png, 1);
}
void png_warn_quietly(png_structp, png_const_charp) {}

// libpng reports a fatal error by longjmp() to the setjmp() below. Nothing
// in this function has a destructor, so the jump skips none.
bool png_header_size(std::FILE* file, Size& size) {
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, png_fail_quietly, png_warn_quietly);
    if (!png)
        return false;
    png_infop info = png_create_info_struct(png);
    if (info && !setjmp(png_jmpbuf(png))) {
        // The whole size is judged here, not by libpng's own limit of
        // 1,000,000 pixels a side.
        png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
        png_init_io(png, file);
        png_read_info(png, info); // the chunks before the pixels, no more
    }
    // Also after an error past the IHDR chunk (a file cut short, a damaged
    // chunk after it): the size it stated is known.
    if (info) { // 0 x 0 until the IHDR chunk is read
        size.width = static_cast<int>(png_get_image_width(png, info));
        size.height = static_cast<int>(png_get_image_height(png, info));
    }
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    return size.width > 0 && size.height > 0;
}

bool is_png(const std::vector<unsigned char>& start) {
    return start.size() >= 8 && png_sig_cmp(start.data(), 0, 8) == 0;
}

bool is_jpeg(const std::vector<unsigned char>& start) {
    return start.size() >= 3 && start[0] == 0xFF && start[1] == 0xD8 && start[2] == 0xFF;
}

std::string size_text(Size size) {
    return std::to_string(size.width) + "x" + std::to_string(size.height);
}

// A JPEG's header sits before its pixels, after any EXIF, ICC or XMP
// blocks (64 KB each at most); this much holds it in all but contrived files.
constexpr std::size_t k_jpeg_header_bytes = 1024 * 1024;

// read_picture_header(), reading a JPEG's header only when `jpeg_too`: the
// limit concerns PNGs alone, and a JPEG's header may take a megabyte to reach.
std::optional<PictureHeader> read_header(const std::string& path, bool jpeg_too) {
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file)
        return std::nullopt;
    std::vector<unsigned char> start = read_bytes(file.get(), 8);
    if (is_png(start)) {
        std::rewind(file.get());
        Size size;
        if (!png_header_size(file.get(), size))
            return std::nullopt;
        return PictureHeader{PictureHeader::Format::Png, size};
    }
    if (!jpeg_too || !is_jpeg(start))
        return std::nullopt;
    std::rewind(file.get());
    std::vector<unsigned char> bytes = read_bytes(file.get(), k_jpeg_header_bytes);
    TurboJpegPtr jpeg(tjInitDecompress());
    int width = 0;
    int height = 0;
    int subsampling = 0;
    int colorspace = 0;
    if (!jpeg || tjDecompressHeader3(jpeg.get(), bytes.data(), bytes.size(), &width, &height,
                                     &subsampling, &colorspace) != 0)
        return std::nullopt;
    return PictureHeader{PictureHeader::Format::Jpeg, {width, height}};
}

} // namespace

std::optional<PictureHeader> read_picture_header(const std::string& path) {
    return read_header(path, true);
}

std::optional<std::string> picture_too_large(const std::string& path) {
    auto header = read_header(path, false);
    if (!header || header->format != PictureHeader::Format::Png ||
        pixel_count(header->size) <= k_max_decoded_pixels)
        return std::nullopt;
    return "it is " + size_text(header->size) + " pixels, more than Beacon decodes (" +
           std::to_string(k_max_decoded_pixels / 1'000'000) +
           " million pixels, 8192x8192): save it smaller";
}

bool too_large_to_show(const std::string& path) {
    auto header = read_picture_header(path);
    return header && pixel_count(header->size) > k_max_decoded_pixels;
}

std::optional<Result<SurfacePtr>> decode_jpeg_reduced(const std::string& path, Size fit) {
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file)
        return std::nullopt;
    std::vector<unsigned char> bytes = read_bytes(file.get(), 0);
    file.reset();
    if (!is_jpeg(bytes))
        return std::nullopt;
    TurboJpegPtr jpeg(tjInitDecompress());
    Size full;
    int subsampling = 0;
    int colorspace = 0;
    if (!jpeg || tjDecompressHeader3(jpeg.get(), bytes.data(), bytes.size(), &full.width,
                                     &full.height, &subsampling, &colorspace) != 0)
        return std::nullopt;
    // The smallest scale that still covers the drawn size, never above 1/1.
    Rect const drawn = fitted_rect(full, fit);
    int count = 0;
    tjscalingfactor* factors = tjGetScalingFactors(&count);
    Size decoded = full;
    for (int i = 0; factors && i < count; ++i) {
        if (factors[i].num > factors[i].denom)
            continue;
        Size const scaled{TJSCALED(full.width, factors[i]), TJSCALED(full.height, factors[i])};
        if (scaled.width >= drawn.width && scaled.height >= drawn.height &&
            pixel_count(scaled) < pixel_count(decoded))
            decoded = scaled;
    }
    SurfacePtr surface(SDL_CreateRGBSurfaceWithFormat(0, decoded.width, decoded.height, 32,
                                                      SDL_PIXELFORMAT_BGRA32));
    // TJFLAG_LIMITSCANS: a progressive JPEG of thousands of scans is a known
    // way to make a decoder spin; TurboJPEG refuses it instead.
    if (surface) {
        int const status = tjDecompress2(jpeg.get(), bytes.data(), bytes.size(),
                                         static_cast<unsigned char*>(surface->pixels),
                                         decoded.width, surface->pitch, decoded.height, TJPF_BGRA,
                                         TJFLAG_ACCURATEDCT | TJFLAG_LIMITSCANS);
        // A warning (a truncated file, say) still leaves what could be
        // decoded, the rest grey, as SDL_image and mpv show it too.
        if (status == 0 || tjGetErrorCode(jpeg.get()) == TJERR_WARNING)
            return Result<SurfacePtr>(std::move(surface));
    }
    if (pixel_count(full) <= k_max_decoded_pixels)
        return std::nullopt; // SDL_image may read what TurboJPEG cannot
    return Result<SurfacePtr>(Error{"it is " + size_text(full) +
                                    " pixels and TurboJPEG cannot decode it reduced (" +
                                    tjGetErrorStr2(jpeg.get()) + "): save it smaller"});
}

} // namespace beacon::render

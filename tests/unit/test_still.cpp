// Stills Beacon decodes itself: the fit on screen, the scaling, the formats
// left to mpv, and the worker that decodes ahead.

#include "render/still.h"

#include <catch2/catch.hpp>

#include <SDL_image.h>
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace beacon;
using namespace beacon::render;
namespace fs = std::filesystem;

namespace {

fs::path work_dir() {
    fs::path dir = fs::temp_directory_path() / ("beacon-still-" + std::to_string(getpid()));
    fs::create_directories(dir);
    return dir;
}

// A picture of `width` x `height` whose pixel (x, y) is colour(x, y)
// (0xRRGGBB), saved as a PNG, or as a JPEG when `name` ends in ".jpg".
template <typename Colour>
fs::path write_png(const std::string& name, int width, int height, Colour colour) {
    SurfacePtr surface(
        SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888));
    REQUIRE(surface);
    for (int y = 0; y < height; ++y) {
        auto* row =
            reinterpret_cast<Uint32*>(static_cast<Uint8*>(surface->pixels) + y * surface->pitch);
        for (int x = 0; x < width; ++x)
            row[x] = 0xFF000000u | colour(x, y);
    }
    fs::path path = work_dir() / name;
    if (path.extension() == ".jpg")
        REQUIRE(IMG_SaveJPG(surface.get(), path.c_str(), 92) == 0);
    else
        REQUIRE(IMG_SavePNG(surface.get(), path.c_str()) == 0);
    return path;
}

// A PNG cut off after its header (signature and IHDR, no pixels), stating
// `width` x `height`: what a header-only reader sees of a huge picture.
fs::path write_png_header(const std::string& name, unsigned width, unsigned height) {
    fs::path path = work_dir() / name;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    REQUIRE(file);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    volatile bool written = false; // set between setjmp() and a longjmp()
    if (!setjmp(png_jmpbuf(png))) {
        png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
        png_init_io(png, file);
        png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        written = true;
    }
    png_destroy_write_struct(&png, &info);
    std::fclose(file);
    REQUIRE(written);
    return path;
}

// Four quadrants: red, green / blue, white.
Uint32 quadrants(int x, int y, int width, int height) {
    bool const right = x >= width / 2;
    bool const low = y >= height / 2;
    return low ? (right ? 0xFFFFFFu : 0x0000FFu) : (right ? 0x00FF00u : 0xFF0000u);
}

Uint32 pixel(const SDL_Surface& surface, int x, int y) {
    REQUIRE(surface.format->format == SDL_PIXELFORMAT_ARGB8888);
    return reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(surface.pixels) +
                                           y * surface.pitch)[x] &
           0xFFFFFFu;
}

int channel(Uint32 rgb, int shift) {
    return static_cast<int>((rgb >> shift) & 0xFF);
}

// Whether two 0xRRGGBB colours differ by at most `tolerance` in each channel.
bool near(Uint32 a, Uint32 b, int tolerance = 24) {
    for (int shift : {0, 8, 16})
        if (std::abs(channel(a, shift) - channel(b, shift)) > tolerance)
            return false;
    return true;
}

// A decoded JPEG's pixel (x, y) as 0xRRGGBB (TurboJPEG writes B, G, R, A).
Uint32 bgra_pixel(const SDL_Surface& surface, int x, int y) {
    REQUIRE(surface.format->format == SDL_PIXELFORMAT_BGRA32);
    auto* at = static_cast<const Uint8*>(surface.pixels) + y * surface.pitch + 4 * x;
    return (Uint32{at[2]} << 16) | (Uint32{at[1]} << 8) | at[0];
}

} // namespace

TEST_CASE("a still fills the screen's width or height, centred, its shape kept", "[still]") {
    auto check = [](Size picture, Size screen, Rect expected) {
        Rect got = fitted_rect(picture, screen);
        INFO(picture.width << "x" << picture.height << " on " << screen.width << "x"
                           << screen.height);
        CHECK(got.x == expected.x);
        CHECK(got.y == expected.y);
        CHECK(got.width == expected.width);
        CHECK(got.height == expected.height);
    };
    check({640, 360}, {1280, 720}, {0, 0, 1280, 720});       // same shape, scaled up
    check({3840, 2160}, {1280, 720}, {0, 0, 1280, 720});     // same shape, scaled down
    check({400, 100}, {320, 180}, {0, 50, 320, 80});         // wide: bars above and below
    check({1080, 1920}, {1280, 720}, {437, 0, 405, 720});    // portrait: bars at the sides
    check({8000, 8000}, {1920, 1080}, {420, 0, 1080, 1080}); // square
    check({1, 1000}, {1280, 720}, {639, 0, 1, 720});         // never narrower than a pixel
    check({0, 100}, {1280, 720}, {0, 0, 0, 0});              // nothing to fit
}

TEST_CASE("a still is decoded at the size it is drawn, its pixels where they were", "[still]") {
    // Red on the left half, blue on the right.
    auto path = write_png("halves.png", 400, 100,
                          [](int x, int) { return x < 200 ? 0xFF0000u : 0x0000FFu; });
    auto decoded = decode_still(path.string(), {320, 180});
    REQUIRE(decoded);
    const SDL_Surface& pixels = *decoded.value().pixels;
    CHECK(pixels.w == 320);
    CHECK(pixels.h == 80);
    CHECK(pixel(pixels, 40, 40) == 0xFF0000u);
    CHECK(pixel(pixels, 280, 40) == 0x0000FFu);
    // Scaled up as well as down.
    auto larger = decode_still(path.string(), {1600, 900});
    REQUIRE(larger);
    CHECK(larger.value().pixels->w == 1600);
    CHECK(larger.value().pixels->h == 400);
    CHECK(pixel(*larger.value().pixels, 1500, 200) == 0x0000FFu);
}

TEST_CASE("a large reduction of a still averages every pixel instead of skipping most", "[still]") {
    // One white column in three, 16 times the size drawn: the faithful
    // result is an even grey of a third (85). A bilinear stretch alone reads
    // 2 of each 16 columns and gives bands of black and of half white.
    auto path = write_png("stripes.png", 1600, 1600,
                          [](int x, int) { return x % 3 == 0 ? 0xFFFFFFu : 0x000000u; });
    auto decoded = decode_still(path.string(), {100, 100});
    REQUIRE(decoded);
    const SDL_Surface& pixels = *decoded.value().pixels;
    REQUIRE(pixels.w == 100);
    REQUIRE(pixels.h == 100);
    int darkest = 255, lightest = 0;
    for (int y = 0; y < pixels.h; y += 7)
        for (int x = 0; x < pixels.w; ++x) {
            int green = channel(pixel(pixels, x, y), 8);
            darkest = std::min(darkest, green);
            lightest = std::max(lightest, green);
        }
    INFO("greys from " << darkest << " to " << lightest);
    CHECK(darkest >= 70);
    CHECK(lightest <= 100);
}

TEST_CASE("a reduced still keeps a palette's colours and its transparency", "[still]") {
    // An 8-bit picture with a palette (red, blue, and a transparent index
    // as its colour key), as SDL_image loads a paletted PNG.
    SurfacePtr indexed(SDL_CreateRGBSurfaceWithFormat(0, 800, 400, 8, SDL_PIXELFORMAT_INDEX8));
    REQUIRE(indexed);
    // (IMG_SavePNG writes the transparent entry from the palette's alpha.)
    SDL_Color colours[3] = {{255, 0, 0, 255}, {0, 0, 255, 255}, {0, 255, 0, 0}};
    REQUIRE(SDL_SetPaletteColors(indexed->format->palette, colours, 0, 3) == 0);
    for (int y = 0; y < 400; ++y) {
        auto* row = static_cast<Uint8*>(indexed->pixels) + y * indexed->pitch;
        for (int x = 0; x < 800; ++x)
            row[x] = y < 200 ? (x < 400 ? 0 : 1) : 2; // the bottom half keyed out
    }
    REQUIRE(SDL_SetColorKey(indexed.get(), SDL_TRUE, 2) == 0);
    fs::path path = work_dir() / "palette.png";
    REQUIRE(IMG_SavePNG(indexed.get(), path.c_str()) == 0);
    {
        SurfacePtr loaded(IMG_Load(path.c_str()));
        REQUIRE(loaded);
        REQUIRE(loaded->format->format == SDL_PIXELFORMAT_INDEX8);
        REQUIRE(SDL_HasColorKey(loaded.get()));
    }
    // Reduced 8 times: 100x50.
    auto decoded = decode_still(path.string(), {100, 100});
    REQUIRE(decoded);
    const SDL_Surface& pixels = *decoded.value().pixels;
    REQUIRE(pixels.w == 100);
    REQUIRE(pixels.h == 50);
    auto argb = [&](int x, int y) {
        return reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(pixels.pixels) +
                                               y * pixels.pitch)[x];
    };
    CHECK(argb(10, 10) == 0xFFFF0000u);
    CHECK(argb(90, 10) == 0xFF0000FFu);
    CHECK((argb(50, 40) >> 24) == 0); // transparent, as the key made it
}

TEST_CASE("a file SDL_image cannot read is an error, left for mpv", "[still]") {
    fs::path text = work_dir() / "notes.png";
    std::ofstream(text) << "not a picture\n";
    auto from_text = decode_still(text.string(), {320, 180});
    REQUIRE_FALSE(from_text);
    CHECK(from_text.error().message.find("SDL_image cannot read it") != std::string::npos);
    auto missing = decode_still((work_dir() / "absent.png").string(), {320, 180});
    CHECK_FALSE(missing);
}

TEST_CASE("the still decoder works ahead, wakes the loop, and drops what is no longer wanted",
          "[still]") {
    REQUIRE(SDL_Init(SDL_INIT_EVENTS) == 0);
    std::uint32_t wake = SDL_RegisterEvents(1);
    auto green = write_png("green.png", 64, 36, [](int, int) { return 0x00FF00u; }).string();
    auto red = write_png("red.png", 64, 36, [](int, int) { return 0xFF0000u; }).string();
    auto wait_for_wake = [&] {
        SDL_Event event;
        Uint32 give_up = SDL_GetTicks() + 10'000;
        while (!SDL_TICKS_PASSED(SDL_GetTicks(), give_up))
            if (SDL_WaitEventTimeout(&event, 100) && event.type == wake)
                return true;
        return false;
    };
    {
        StillDecoder decoder(wake);
        CHECK_FALSE(decoder.take(green, {320, 180})); // never asked for
        decoder.request(green, {320, 180});
        REQUIRE(wait_for_wake());
        CHECK(decoder.finished(green, {320, 180}));
        CHECK_FALSE(decoder.take(green, {640, 360})); // another size is another picture
        auto taken = decoder.take(green, {320, 180});
        REQUIRE(taken);
        REQUIRE(*taken);
        CHECK(pixel(*taken->value().pixels, 10, 10) == 0x00FF00u);
        CHECK_FALSE(decoder.take(green, {320, 180})); // taken once

        // A newer request replaces the older one, finished or not.
        decoder.request(green, {320, 180});
        decoder.request(red, {320, 180});
        REQUIRE(wait_for_wake());
        while (!decoder.finished(red, {320, 180}))
            REQUIRE(wait_for_wake());
        CHECK_FALSE(decoder.take(green, {320, 180}));
        auto newest = decoder.take(red, {320, 180});
        REQUIRE(newest);
        REQUIRE(*newest);
        CHECK(pixel(*newest->value().pixels, 10, 10) == 0xFF0000u);

        // A file SDL_image cannot read comes back as an error (decoded on
        // the worker, whose SDL error message must not leak: LeakSanitizer).
        fs::path text = work_dir() / "notes.jpg";
        std::ofstream(text) << "not a picture\n";
        decoder.request(text.string(), {320, 180});
        while (!decoder.finished(text.string(), {320, 180}))
            REQUIRE(wait_for_wake());
        auto unreadable = decoder.take(text.string(), {320, 180});
        REQUIRE(unreadable);
        CHECK_FALSE(*unreadable);

        // A request left in progress is waited for by the destructor.
        decoder.request(green, {1920, 1080});
    }
    SDL_Quit();
}

TEST_CASE("a PNG's or a JPEG's size is read from its header alone", "[still]") {
    auto png = write_png("header.png", 300, 200, [](int, int) { return 0x336699u; });
    auto header = read_picture_header(png.string());
    REQUIRE(header);
    CHECK(header->format == PictureHeader::Format::Png);
    CHECK(header->size.width == 300);
    CHECK(header->size.height == 200);

    auto jpeg = write_png("header.jpg", 320, 240, [](int, int) { return 0x336699u; });
    header = read_picture_header(jpeg.string());
    REQUIRE(header);
    CHECK(header->format == PictureHeader::Format::Jpeg);
    CHECK(header->size.width == 320);
    CHECK(header->size.height == 240);

    // Only the header is read: a PNG with no pixels at all still tells.
    header = read_picture_header(write_png_header("cut.png", 9000, 7000).string());
    REQUIRE(header);
    CHECK(header->size.width == 9000);
    CHECK(header->size.height == 7000);

    fs::path text = work_dir() / "text.png";
    std::ofstream(text) << "not a picture\n";
    CHECK_FALSE(read_picture_header(text.string()));
    CHECK_FALSE(read_picture_header((work_dir() / "absent.png").string()));
}

TEST_CASE("a PNG over 8192x8192 pixels is refused before any decoding", "[still]") {
    // At the limit: allowed (decoding it would then fail: it has no pixels).
    auto at_limit = write_png_header("limit.png", 8192, 8192);
    CHECK_FALSE(picture_too_large(at_limit.string()));
    CHECK_FALSE(too_large_to_show(at_limit.string()));

    auto huge = write_png_header("huge.png", 20000, 15000);
    auto why = picture_too_large(huge.string());
    REQUIRE(why);
    CHECK(why->find("20000x15000") != std::string::npos);
    CHECK(too_large_to_show(huge.string()));
    // decode_still() says the same without trying SDL_image, which would
    // have said it cannot read a PNG with no pixels.
    auto decoded = decode_still(huge.string(), {1280, 720});
    REQUIRE_FALSE(decoded);
    CHECK(decoded.error().message == *why);
}

TEST_CASE("a JPEG is decoded already reduced, never below the size it is drawn at", "[still]") {
    auto path = write_png("quadrants.jpg", 1600, 1200,
                          [](int x, int y) { return quadrants(x, y, 1600, 1200); });
    auto check_quadrants = [](const SDL_Surface& surface, auto pixel_at) {
        int const w = surface.w;
        int const h = surface.h;
        for (int y : {h / 4, 3 * h / 4})
            for (int x : {w / 4, 3 * w / 4}) {
                INFO(x << "," << y << " of " << w << "x" << h);
                CHECK(near(pixel_at(surface, x, y), quadrants(x, y, w, h)));
            }
    };

    // Drawn at 320x240: a quarter of each side (400x300) is the smallest
    // scale that still covers it; an eighth (200x150) would be enlarged.
    auto reduced = decode_jpeg_reduced(path.string(), {320, 240});
    REQUIRE(reduced);
    REQUIRE(*reduced);
    CHECK(reduced->value()->w == 400);
    CHECK(reduced->value()->h == 300);
    check_quadrants(*reduced->value(), bgra_pixel);

    // Drawn larger than the picture: decoded at its own size, not enlarged.
    auto whole = decode_jpeg_reduced(path.string(), {3200, 2400});
    REQUIRE(whole);
    REQUIRE(*whole);
    CHECK(whole->value()->w == 1600);
    CHECK(whole->value()->h == 1200);

    // decode_still() then fits it exactly, in the player's pixel format.
    auto still = decode_still(path.string(), {320, 240});
    REQUIRE(still);
    CHECK(still.value().pixels->w == 320);
    CHECK(still.value().pixels->h == 240);
    check_quadrants(*still.value().pixels, pixel);

    // Not a JPEG: left to SDL_image.
    auto png =
        write_png("quadrants.png", 64, 48, [](int x, int y) { return quadrants(x, y, 64, 48); });
    CHECK_FALSE(decode_jpeg_reduced(png.string(), {320, 240}));
}

TEST_CASE("a truncated JPEG shows what it has, as SDL_image and mpv do", "[still]") {
    auto path =
        write_png("whole.jpg", 800, 600, [](int x, int y) { return quadrants(x, y, 800, 600); });
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::path cut = work_dir() / "cut.jpg";
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() * 3 / 4);
    auto decoded = decode_jpeg_reduced(cut.string(), {800, 600});
    REQUIRE(decoded);
    REQUIRE(*decoded);
    // The top half was in the part kept.
    CHECK(near(bgra_pixel(*decoded->value(), 200, 150), 0xFF0000u));
    CHECK(near(bgra_pixel(*decoded->value(), 600, 150), 0x00FF00u));
}

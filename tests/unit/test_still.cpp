// Stills Beacon decodes itself: the fit on screen, the scaling, the formats
// left to mpv, and the worker that decodes ahead.

#include "render/still.h"

#include <catch2/catch.hpp>

#include <SDL_image.h>

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

// A PNG of `width` x `height` whose pixel (x, y) is colour(x, y) (0xRRGGBB).
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
    REQUIRE(IMG_SavePNG(surface.get(), path.c_str()) == 0);
    return path;
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

// The notice banner and screen, drawn by the real render code into an
// off-screen software renderer, checked pixel by pixel.

#include "app/display.h"
#include "render/notice_banner.h"
#include "render/screens.h"
#include "render/update_overlay.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace std::chrono_literals;

namespace {

struct Canvas {
    std::unique_ptr<app::SdlSession> session;
    SDL_Surface* surface = nullptr;
    SDL_Renderer* renderer = nullptr;
    Canvas(Size size) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
        auto created = app::SdlSession::create(SDL_INIT_EVENTS);
        REQUIRE(created.ok());
        session = created.release_value();
        surface =
            SDL_CreateRGBSurfaceWithFormat(0, size.width, size.height, 32, SDL_PIXELFORMAT_RGB888);
        renderer = SDL_CreateSoftwareRenderer(surface);
        REQUIRE(renderer);
    }
    ~Canvas() {
        SDL_DestroyRenderer(renderer);
        SDL_FreeSurface(surface);
    }
    SDL_Color at(int x, int y) const {
        auto* row = static_cast<const Uint8*>(surface->pixels) + y * surface->pitch;
        SDL_Color color{};
        SDL_GetRGB(reinterpret_cast<const Uint32*>(row)[x], surface->format, &color.r, &color.g,
                   &color.b);
        return color;
    }
    // Pixels in `rect` that differ from `color` by more than a little.
    int different_from(Rect rect, SDL_Color color) const {
        int count = 0;
        for (int y = rect.y; y < rect.y + rect.height; ++y)
            for (int x = rect.x; x < rect.x + rect.width; ++x) {
                SDL_Color c = at(x, y);
                count +=
                    std::abs(c.r - color.r) + std::abs(c.g - color.g) + std::abs(c.b - color.b) >
                    60;
            }
        return count;
    }
};

Notice shelter_full() {
    Notice notice;
    notice.id = "full";
    notice.expires = *parse_civil_date_time("2025-12-24T08:00");
    notice.duration = 8s;
    notice.texts = {{"en", "Shelter full tonight: call 211."},
                    {"es", "Albergue lleno esta noche: llame al 211."}};
    return notice;
}

} // namespace

TEST_CASE("the banner is a light band across the top with the notice's words", "[notice][render]") {
    Size size{960, 540};
    Canvas canvas(size);
    auto screens = render::Screens::create(canvas.renderer);
    REQUIRE(screens.ok());
    SDL_SetRenderDrawColor(canvas.renderer, 0, 0, 0, 255);
    SDL_RenderClear(canvas.renderer);
    screens.value()->draw_notice_banner(shelter_full(), "es", size);
    Rect band = render::notice_banner_band(size);
    CHECK(band.height == 54);
    // Left and right of the text the band is plain near-white; below it the
    // picture underneath is untouched (still black).
    CHECK(canvas.different_from({2, 2, 20, band.height / 2}, render::palette::text) == 0);
    CHECK(canvas.different_from({0, band.height + 1, size.width, 40}, {0, 0, 0, 255}) == 0);
    // An amber edge at its foot.
    SDL_Color edge = canvas.at(size.width / 2, band.height - 2);
    CHECK(edge.r > 200);
    CHECK(edge.b < 90);
    // The words are drawn in the middle: dark text on the light band.
    int ink = canvas.different_from({size.width / 4, 4, size.width / 2, band.height - 12},
                                    render::palette::text);
    CHECK(ink > 200);
}

TEST_CASE("the notice screen stacks every language over the hotline footer", "[notice][render]") {
    Size size{960, 540};
    Canvas canvas(size);
    auto screens = render::Screens::create(canvas.renderer);
    REQUIRE(screens.ok());
    Playlist playlist = fallback_playlist();
    Notice notice = shelter_full();
    screens.value()->draw_notice(playlist, notice, "en", size);
    // The amber footer with the hotline number along the bottom.
    SDL_Color footer = canvas.at(4, size.height - 4);
    CHECK(footer.r > 200);
    CHECK(footer.b < 90);
    // Text in the upper and the lower half of the body: two languages.
    int body = size.height - 43 - 64;
    CHECK(canvas.different_from({60, 64, size.width - 120, body / 2}, render::palette::background) >
          500);
    CHECK(canvas.different_from({60, 64 + body / 2, size.width - 120, body / 2},
                                render::palette::background) > 500);
}

TEST_CASE("the update message never covers the notice banner or the footer band",
          "[notice][render][update]") {
    // Issue 21: the update overlay was drawn at the top, over the banner,
    // so a "shelter full" notice vanished while an update copied.
    for (Size size : {Size{960, 540}, Size{1280, 720}, Size{540, 960}}) {
        Canvas canvas(size);
        auto screens = render::Screens::create(canvas.renderer);
        REQUIRE(screens.ok());
        SDL_SetRenderDrawColor(canvas.renderer, 0, 0, 0, 255);
        SDL_RenderClear(canvas.renderer);
        screens.value()->draw_notice_banner(shelter_full(), "en", size);
        Rect const band = render::notice_banner_band(size);
        std::vector<Uint32> banner_alone;
        auto band_pixels = [&] {
            std::vector<Uint32> pixels;
            for (int y = 0; y < band.height; ++y) {
                auto* row = static_cast<const Uint32*>(canvas.surface->pixels) +
                            y * canvas.surface->pitch / 4;
                pixels.insert(pixels.end(), row, row + size.width);
            }
            return pixels;
        };
        banner_alone = band_pixels();

        render::UpdateOverlay overlay(canvas.renderer);
        overlay.show_progress("Copying the update from the USB stick", 12'300'000, 48'000'000);
        overlay.draw(size);
        INFO(size.width << "x" << size.height);
        {
            auto now = band_pixels();
            std::size_t first = 0;
            while (first < now.size() && now[first] == banner_alone[first])
                ++first;
            INFO("first differing pixel: x " << first % size.width << " y " << first / size.width);
            CHECK(now == banner_alone);
        }
        // It is drawn, just below the banner.
        Rect const below{0, band.height, size.width, size.height / 5};
        CHECK(canvas.different_from(below, {0, 0, 0, 255}) > size.width);
        // And the footer band (8% of the shorter side) stays clear.
        int const footer = std::min(size.width, size.height) * 8 / 100;
        CHECK(canvas.different_from({0, size.height - footer, size.width, footer},
                                    {0, 0, 0, 255}) == 0);

        overlay.show_notice("Updated: 14 items, 11 languages", render::UpdateOverlay::Tone::Good);
        overlay.draw(size);
        CHECK(band_pixels() == banner_alone);
    }
}

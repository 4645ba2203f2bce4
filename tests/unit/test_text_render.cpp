// What the engine draws from its runs: ink that reaches above the first line
// box (stacked Vietnamese accents, Khmer vowels) is kept, not cut,
// right-to-left lines hug the right edge, and every glyph lands where
// SDL_ttf, drawing the same run by itself, puts it.

#include "text_helpers.h"

#include "core/playlist/playlist_parser.h"
#include "render/screens.h"
#include "render/text.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

using namespace beacon::render;

namespace {

// Alpha of every pixel, in a box of its own.
struct AlphaMap {
    int width = 0;
    int height = 0;
    std::vector<int> alpha;
    int at(int x, int y) const {
        return x < 0 || y < 0 || x >= width || y >= height ? 0 : alpha[y * width + x];
    }
};
AlphaMap alpha_of(SDL_Surface* surface, int left, int top, int width, int height) {
    AlphaMap map{width, height, std::vector<int>(static_cast<std::size_t>(width) * height)};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            int const sx = left + x;
            int const sy = top + y;
            if (sx < 0 || sy < 0 || sx >= surface->w || sy >= surface->h)
                continue;
            auto const* row = reinterpret_cast<Uint32 const*>(
                static_cast<Uint8 const*>(surface->pixels) + sy * surface->pitch);
            map.alpha[y * width + x] = static_cast<int>(row[sx] >> 24);
        }
    }
    return map;
}

// Rows and columns of `surface` that hold any ink (alpha > 0).
struct Ink {
    int top = -1, bottom = -1, left = -1, right = -1;
};
Ink ink_of(SDL_Surface* surface) {
    Ink ink;
    REQUIRE(surface->format->format == SDL_PIXELFORMAT_ARGB8888);
    for (int y = 0; y < surface->h; ++y) {
        auto const* row = reinterpret_cast<Uint32 const*>(
            static_cast<Uint8 const*>(surface->pixels) + y * surface->pitch);
        for (int x = 0; x < surface->w; ++x) {
            if ((row[x] >> 24) == 0)
                continue;
            ink.top = ink.top < 0 ? y : ink.top;
            ink.bottom = y;
            ink.left = ink.left < 0 ? x : std::min(ink.left, x);
            ink.right = std::max(ink.right, x);
        }
    }
    return ink;
}

// The shipped default playlist, parsed.
beacon::Playlist default_playlist() {
    std::ifstream in(std::string(BEACON_SOURCE_DIR) + "/playlists/default.xml");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = beacon::parse_playlist(text.str(), "default.xml");
    REQUIRE(parsed.playlist);
    return std::move(*parsed.playlist);
}

// A 1280x720 software renderer drawing into memory, and Screens on it.
// Member order: the Screens (and their textures) go before the renderer.
struct OffscreenScreens {
    OffscreenScreens() {
        target = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_RGB888);
        REQUIRE(target);
        renderer = SDL_CreateSoftwareRenderer(target);
        REQUIRE(renderer);
        auto created = Screens::create(renderer);
        REQUIRE(created);
        screens = created.release_value();
    }
    ~OffscreenScreens() {
        screens.reset();
        if (renderer)
            SDL_DestroyRenderer(renderer);
        if (target)
            SDL_FreeSurface(target);
    }
    SDL_Surface* target = nullptr;
    SDL_Renderer* renderer = nullptr;
    std::unique_ptr<Screens> screens;
};

} // namespace

TEST_CASE("stacked accents above the first line are drawn, not cut", "[text][render]") {
    TextStyle style{"vi", 60, true};
    Paragraph const paragraph = text_test::engine().layout_paragraph("ẤỞỄ ĐỘ", style, 2000);
    REQUIRE(paragraph.lines.size() == 1);
    RenderedText const rendered =
        text_test::engine().render(paragraph, style, {255, 255, 255, 255}, Align::Start, 0);
    REQUIRE(rendered.surface);
    CHECK(rendered.surface->h == rendered.top + paragraph.height() + rendered.bottom);
    Ink const ink = ink_of(rendered.surface.get());
    REQUIRE(ink.top >= 0);
    CHECK(ink.bottom < rendered.surface->h);
    // The ink starts no lower than the line box's top (the accents reach it).
    CHECK(ink.top <= rendered.top + paragraph.baseline - 40);
}

TEST_CASE("right-to-left lines are aligned to the right edge", "[text][render]") {
    TextStyle style{"ar", 40, false};
    Paragraph const paragraph =
        text_test::engine().layout_paragraph("اتصل بالرقم 911 الآن", style, 2000);
    REQUIRE(paragraph.right_to_left);
    int const width = paragraph.width + 300;
    RenderedText const rendered =
        text_test::engine().render(paragraph, style, {255, 255, 255, 255}, Align::Start, width);
    REQUIRE(rendered.surface);
    Ink const ink = ink_of(rendered.surface.get());
    CHECK(width - 1 - ink.right < 12);
    CHECK(ink.left > 250);

    TextStyle english{"en", 40, false};
    Paragraph const ltr = text_test::engine().layout_paragraph("Call 911 now", english, 2000);
    RenderedText const left =
        text_test::engine().render(ltr, english, {255, 255, 255, 255}, Align::Start, width);
    Ink const left_ink = ink_of(left.surface.get());
    CHECK(left_ink.left < 12);
}

TEST_CASE("a run's ink lands where the engine placed its pen", "[text][render]") {
    // The surface is exactly as wide as the engine measured the line, and
    // the glyphs sit where the engine's pen put them.
    TextStyle style{"en", 40, false};
    Paragraph const paragraph = text_test::engine().layout_paragraph("HHHH", style, 2000);
    RenderedText const rendered =
        text_test::engine().render(paragraph, style, {255, 255, 255, 255}, Align::Start, 0);
    Ink const ink = ink_of(rendered.surface.get());
    // "H" has a side bearing of a few pixels at 40 px.
    CHECK(ink.left >= 1);
    CHECK(ink.left <= 6);
    CHECK(rendered.surface->w == paragraph.width);
    CHECK(paragraph.width - 1 - ink.right <= 6);
}

TEST_CASE("switching language and closing the hotline reshape nothing", "[text][render]") {
    beacon::Playlist const playlist = default_playlist();
    beacon::Item const* sheet = playlist.find("what-is");
    REQUIRE(sheet);
    OffscreenScreens offscreen;
    Screens& screens = *offscreen.screens;
    beacon::Size const size{1280, 720};
    auto show_all = [&] {
        for (std::string lang : {"en", "ar", "km"}) {
            screens.draw_factsheet(playlist, *sheet, lang, size);
            screens.draw_hotline(playlist, lang, size);
            screens.draw_hotline_footer(playlist, lang, size);
        }
    };
    show_all();
    auto const shaped = screens.shaped_runs();
    CHECK(shaped > 0);
    // Scenes are rebuilt from scratch (as after a playlist swap or when
    // the scene cache evicts them), yet every layout comes from the cache.
    screens.clear_cache();
    show_all();
    screens.draw_factsheet(playlist, *sheet, "en", size);
    CHECK(screens.shaped_runs() == shaped);
    // Another screen size is another layout.
    screens.draw_factsheet(playlist, *sheet, "en", {1920, 1080});
    CHECK(screens.shaped_runs() > shaped);
}

TEST_CASE("the loop's first frame lays out only what it shows: the hotline audit waits for "
          "report_hotline_problems()",
          "[text][render]") {
    // Issue 22: the audit lays the hotline out in every language, opening
    // every script's fonts. Drawn before the first frame, it made a cold
    // start read both CJK font files to show an English footer.
    beacon::Playlist const every_language = default_playlist();
    REQUIRE(every_language.languages.size() > 5);
    beacon::Playlist english_only = every_language;
    english_only.languages = {"en"};
    beacon::Item const* sheet = every_language.find("what-is");
    REQUIRE(sheet);
    beacon::Size const size{1280, 720};

    auto runs_to_draw = [&](const beacon::Playlist& playlist, bool report) {
        OffscreenScreens offscreen;
        offscreen.screens->draw_hotline_footer(playlist, "en", size);
        offscreen.screens->draw_factsheet(playlist, *sheet, "en", size);
        if (report)
            offscreen.screens->report_hotline_problems(playlist, size);
        return offscreen.screens->shaped_runs();
    };
    // Drawing costs the same whatever other languages the hotline has...
    auto const drawn = runs_to_draw(every_language, false);
    CHECK(drawn > 0);
    CHECK(runs_to_draw(english_only, false) == drawn);
    // ...and the audit, when the loop asks for it, lays out the others.
    CHECK(runs_to_draw(every_language, true) > runs_to_draw(english_only, true));
}

TEST_CASE("the scene cache stays within a few screens and keeps the hotline ready",
          "[text][render]") {
    beacon::Playlist const playlist = default_playlist();
    OffscreenScreens offscreen;
    Screens& screens = *offscreen.screens;
    beacon::Size const size{1280, 720};
    std::size_t const budget = 4 * 4 * std::size_t{1280} * 720;

    // What the loop does: the hotline prepared, then every fact sheet in
    // every language, far more than the cache may hold.
    screens.prepare_hotline(playlist, "en", size);
    auto const after_hotline = screens.scenes_built();
    screens.draw_hotline(playlist, "en", size);
    CHECK(screens.scenes_built() == after_hotline); // prepared: drawn as is
    int sheets = 0;
    std::size_t largest = 0;
    for (beacon::Item const& item : playlist.items) {
        if (item.kind != beacon::ItemKind::FactSheet)
            continue;
        for (std::string const& lang : playlist.languages) {
            screens.draw_factsheet(playlist, item, lang, size);
            ++sheets;
            largest = std::max(largest, screens.cached_texture_bytes());
        }
    }
    REQUIRE(sheets > 20);
    CHECK(screens.scenes_built() == after_hotline + sheets);
    CHECK(largest > 0);
    CHECK(largest <= budget);
    // The hotline outlived every fact sheet: a tap draws it at once.
    screens.draw_hotline(playlist, "en", size);
    CHECK(screens.scenes_built() == after_hotline + sheets);
    // The first fact sheet did not: it is built again.
    for (beacon::Item const& item : playlist.items) {
        if (item.kind == beacon::ItemKind::FactSheet) {
            screens.draw_factsheet(playlist, item, playlist.languages.front(), size);
            break;
        }
    }
    CHECK(screens.scenes_built() == after_hotline + sheets + 1);
}

TEST_CASE("a fact-sheet loop keeps the sheet on screen and the one prepared, no older one",
          "[text][render]") {
    beacon::Playlist const playlist = default_playlist();
    OffscreenScreens offscreen;
    Screens& screens = *offscreen.screens;
    beacon::Size const size{1280, 720};
    std::vector<beacon::Item const*> sheets;
    for (beacon::Item const& item : playlist.items) {
        if (item.kind == beacon::ItemKind::FactSheet)
            sheets.push_back(&item);
    }
    REQUIRE(sheets.size() >= 3);
    std::string const lang = playlist.languages.front();
    screens.prepare_hotline(playlist, lang, size);

    // What the loop does: draw a sheet, prepare the next, switch to it.
    screens.draw_factsheet(playlist, *sheets[0], lang, size);
    screens.prepare_factsheet(playlist, *sheets[1], lang, size);
    screens.draw_factsheet(playlist, *sheets[1], lang, size);
    screens.prepare_factsheet(playlist, *sheets[2], lang, size);
    auto const built = screens.scenes_built();
    // The sheet on screen when the next was prepared is still kept...
    screens.draw_factsheet(playlist, *sheets[1], lang, size);
    CHECK(screens.scenes_built() == built);
    // ...and so is the one prepared, and the hotline (they fit the budget).
    screens.draw_factsheet(playlist, *sheets[2], lang, size);
    screens.draw_hotline(playlist, lang, size);
    CHECK(screens.scenes_built() == built);
    // The one before them was let go when the next was built.
    screens.draw_factsheet(playlist, *sheets[0], lang, size);
    CHECK(screens.scenes_built() == built + 1);
}

// Fonts keeps one FreeType face and one HarfBuzz font per face, with one
// FreeType size per pixel size made active on demand. A size reached after
// another must shape and draw exactly as in fonts that never saw another
// size: a face left at the old size would draw glyphs of the wrong size. (A
// HarfBuzz font left at its old scale misplaces kerning and marks; the
// hb-shape comparison in test_text_shaping.cpp catches that.)
TEST_CASE("a face used at several sizes shapes and draws each as if opened at it",
          "[text][render]") {
    struct Case {
        std::string lang;
        std::string text;
    };
    std::vector<Case> const cases = {
        {"en", "AVATAR WAVE, To Yo: call 1-888-373-7888"},
        {"ar", "اتصل في أي وقت 711"},
        {"vi", "Trợ giúp bảo mật"},
        {"zh-Hans", "保密求助，全天24小时"},
    };
    auto fresh_fonts = Fonts::create();
    REQUIRE(fresh_fonts);
    for (Case const& c : cases) {
        CAPTURE(c.lang, c.text);
        TextStyle const small{c.lang, 21, false};
        TextStyle const large{c.lang, 57, false};

        // One engine, the large size first, so the small one is a resize.
        TextEngine& reused = text_test::engine();
        reused.clear_cache();
        (void)reused.render(reused.layout_paragraph(c.text, large, 4000), large,
                            {255, 255, 255, 255}, Align::Start, 0);
        reused.clear_cache();
        Paragraph const again = reused.layout_paragraph(c.text, small, 4000);
        RenderedText const drawn_again =
            reused.render(again, small, {255, 255, 255, 255}, Align::Start, 0);

        // An engine over fonts that only ever saw the small size.
        TextEngine fresh(*fresh_fonts.value());
        Paragraph const first = fresh.layout_paragraph(c.text, small, 4000);
        RenderedText const drawn_first =
            fresh.render(first, small, {255, 255, 255, 255}, Align::Start, 0);
        fresh_fonts.value()->close_all(); // the next case opens its faces afresh

        REQUIRE(again.lines.size() == first.lines.size());
        for (std::size_t l = 0; l < again.lines.size(); ++l) {
            REQUIRE(again.lines[l].runs.size() == first.lines[l].runs.size());
            for (std::size_t r = 0; r < again.lines[l].runs.size(); ++r) {
                auto const& a = again.lines[l].runs[r].glyphs;
                auto const& b = first.lines[l].runs[r].glyphs;
                REQUIRE(a.size() == b.size());
                for (std::size_t g = 0; g < a.size(); ++g) {
                    CHECK(a[g].id == b[g].id);
                    CHECK(a[g].x_advance == b[g].x_advance);
                    CHECK(a[g].x_offset == b[g].x_offset);
                    CHECK(a[g].y_offset == b[g].y_offset);
                }
            }
        }
        REQUIRE(drawn_again.surface);
        REQUIRE(drawn_first.surface);
        REQUIRE(drawn_again.surface->w == drawn_first.surface->w);
        REQUIRE(drawn_again.surface->h == drawn_first.surface->h);
        int differing_rows = 0;
        for (int y = 0; y < drawn_first.surface->h; ++y) {
            auto const* a = static_cast<Uint8 const*>(drawn_again.surface->pixels) +
                            y * drawn_again.surface->pitch;
            auto const* b = static_cast<Uint8 const*>(drawn_first.surface->pixels) +
                            y * drawn_first.surface->pitch;
            differing_rows += std::memcmp(a, b, drawn_first.surface->w * 4) != 0 ? 1 : 0;
        }
        CHECK(differing_rows == 0);
    }
}

// The engine draws each glyph from its own shaping; SDL_ttf, given the same
// run's text, script and direction, shapes it again and draws it by itself.
// Both must put the same ink in the same places: a glyph moved by a pixel, a
// mark on the wrong side or a line drawn at another size shows as a wide
// disagreement. The only difference allowed is where two glyphs' edges
// share a pixel: SDL_ttf combines their coverage with a bitwise OR, the
// engine adds it (which leaves no seam between joined Arabic letters).
TEST_CASE("every glyph lands where SDL_ttf draws the same run", "[text][render]") {
    int compared = 0;
    for (auto const& sample : text_test::samples()) {
        for (int const px : {23, 48}) {
            CAPTURE(sample.lang, px);
            TextStyle const style{sample.lang, px, false};
            Paragraph const paragraph =
                text_test::engine().layout_paragraph(sample.text, style, 100000);
            REQUIRE(paragraph.lines.size() == 1);
            RenderedText const drawn =
                text_test::engine().render(paragraph, style, {255, 255, 255, 255}, Align::Start, 0);
            REQUIRE(drawn.surface);
            for (GlyphRun const& run : paragraph.lines[0].runs) {
                CAPTURE(run.text, run.script);
                text_test::TtfFont const font = text_test::open_ttf(run.face, px);
                REQUIRE(font);
                REQUIRE(TTF_SetFontScriptName(font.get(), run.script.c_str()) == 0);
                REQUIRE(TTF_SetFontDirection(font.get(), run.right_to_left
                                                             ? TTF_DIRECTION_RTL
                                                             : TTF_DIRECTION_LTR) == 0);
                Surface const reference(
                    TTF_RenderUTF8_Blended(font.get(), run.text.c_str(), {255, 255, 255, 255}));
                if (!reference)
                    continue; // only spaces
                Ink const expected = ink_of(reference.get());
                if (expected.top < 0)
                    continue;
                // SDL_ttf's surface starts at the run's pen origin with the
                // baseline TTF_FontAscent() below its top; it would widen left
                // or up only for ink past the origin or above the ascent,
                // which none of these samples has (its height says so).
                REQUIRE(reference->h == TTF_FontHeight(font.get()));
                int const box_w = expected.right - expected.left + 1;
                int const box_h = expected.bottom - expected.top + 1;
                AlphaMap const want =
                    alpha_of(reference.get(), expected.left, expected.top, box_w, box_h);
                int const baseline = drawn.top + paragraph.baseline;
                AlphaMap const got =
                    alpha_of(drawn.surface.get(), run.x + expected.left,
                             baseline - TTF_FontAscent(font.get()) + expected.top, box_w, box_h);
                int bad = 0;
                int inked = 0;
                for (int y = 0; y < box_h; ++y) {
                    for (int x = 0; x < box_w; ++x) {
                        inked += want.at(x, y) > 0;
                        bad += std::abs(want.at(x, y) - got.at(x, y)) > 96;
                    }
                }
                INFO("pixels that disagree: " << bad << " of " << inked << " inked");
                CHECK(bad * 100 <= inked * 2);
                ++compared;
            }
        }
    }
    CHECK(compared >= 2 * static_cast<int>(text_test::samples().size()));
}

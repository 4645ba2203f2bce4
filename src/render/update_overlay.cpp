#include "render/update_overlay.h"

#include "render/compose.h"
#include "render/fonts.h"
#include "render/notice_banner.h"
#include "render/scene.h"
#include "render/text.h"

#include <algorithm>
#include <cstdio>

namespace beacon::render {

namespace {

// Administrators' messages are in English, like the log and the commands.
constexpr const char* overlay_language = "en";
constexpr SDL_Color good_edge{0x4C, 0xC3, 0x8A, 0xFF};

} // namespace

std::string progress_words(std::uint64_t done, std::uint64_t total) {
    int percent = total ? static_cast<int>(std::min<std::uint64_t>(done, total) * 100 / total) : 0;
    char text[96];
    std::snprintf(text, sizeof text, "%.1f of %.1f MB (%d%%)", static_cast<double>(done) / 1e6,
                  static_cast<double>(total) / 1e6, percent);
    return text;
}

struct UpdateOverlay::Impl {
    enum class Mode { Hidden, Progress, Notice };
    SDL_Renderer* renderer;
    Mode mode = Mode::Hidden;
    std::string title;
    std::uint64_t done = 0;
    std::uint64_t total = 0;
    Tone tone = Tone::Good;

    // Built on first use; the scene is rebuilt only when what it shows changes.
    std::unique_ptr<Fonts> fonts;
    std::unique_ptr<TextEngine> text;
    WarnOnce warn;
    bool fonts_failed = false;
    std::unique_ptr<Scene> scene;
    std::string scene_key;

    std::string key(Size screen) const {
        // The bar moves in steps of a thousandth: redrawn at most 1000 times.
        std::uint64_t step = total ? std::min<std::uint64_t>(done, total) * 1000 / total : 0;
        return std::to_string(static_cast<int>(mode)) + "|" + title + "|" +
               (mode == Mode::Progress ? progress_words(done, total) : "") + "|" +
               std::to_string(step) + "|" + std::to_string(static_cast<int>(tone)) + "|" +
               std::to_string(screen.width) + "x" + std::to_string(screen.height);
    }

    bool ensure_fonts() {
        if (text || fonts_failed)
            return text != nullptr;
        auto created = Fonts::create();
        if (!created) {
            fonts_failed = true;
            warn("update overlay: " + created.error().message);
            return false;
        }
        fonts = created.release_value();
        text = std::make_unique<TextEngine>(*fonts);
        return true;
    }

    std::unique_ptr<Scene> build(Size screen) {
        auto built = std::make_unique<Scene>(renderer);
        Composer composer{renderer, *text, warn};
        int const shorter = std::min(screen.width, screen.height);
        int const margin = std::max(8, screen.width / 40);
        int const height = std::max(48, shorter * 16 / 100);
        // Below the notice banner's band, never over it: a "shelter full"
        // notice stays readable while an update copies. The footer band at
        // the bottom stays clear too (10% + 16% + margins of the height).
        int const top = notice_banner_band(screen).height + margin;
        Rect const band{margin, top, screen.width - 2 * margin, height};
        built->framed(band, palette::panel,
                      mode == Mode::Notice && tone == Tone::Bad ? palette::accent
                      : mode == Mode::Notice                    ? good_edge
                                                                : palette::outline,
                      std::max(2, shorter / 270), std::max(4, shorter / 90));
        int const pad = std::max(6, height / 8);
        Rect inner{band.x + 2 * pad, band.y + pad, band.width - 4 * pad, band.height - 2 * pad};
        TextStyle style{overlay_language, 16, true};
        int const max_px = std::max(12, height / 4);
        if (mode == Mode::Notice) {
            place_text(composer, *built, title, style, inner, palette::text,
                       {std::max(10, max_px / 2), max_px, false}, Align::Start, VAlign::Middle);
            return built;
        }
        Rect const line{inner.x, inner.y, inner.width, inner.height / 2};
        place_text(composer, *built, title + ": " + progress_words(done, total), style, line,
                   palette::text, {std::max(10, max_px / 2), max_px, true}, Align::Start,
                   VAlign::Middle);
        int const bar_height = std::max(6, inner.height / 5);
        Rect const bar{inner.x, inner.y + inner.height - bar_height - pad / 2, inner.width,
                       bar_height};
        built->fill(bar, palette::background, bar_height / 2);
        int const filled = total ? static_cast<int>(static_cast<double>(bar.width) *
                                                    std::min<std::uint64_t>(done, total) / total)
                                 : 0;
        if (filled > 0)
            built->fill({bar.x, bar.y, std::max(filled, bar_height), bar.height}, palette::accent,
                        bar_height / 2);
        return built;
    }
};

UpdateOverlay::UpdateOverlay(SDL_Renderer* renderer) : m_impl(std::make_unique<Impl>()) {
    m_impl->renderer = renderer;
}

// The scene's textures go before the fonts: Impl's member order says so.
UpdateOverlay::~UpdateOverlay() = default;

void UpdateOverlay::show_progress(const std::string& title, std::uint64_t done,
                                  std::uint64_t total) {
    m_impl->mode = Impl::Mode::Progress;
    m_impl->title = title;
    m_impl->done = done;
    m_impl->total = total;
}

void UpdateOverlay::show_notice(const std::string& text, Tone tone) {
    m_impl->mode = Impl::Mode::Notice;
    m_impl->title = text;
    m_impl->tone = tone;
}

void UpdateOverlay::hide() {
    m_impl->mode = Impl::Mode::Hidden;
    m_impl->scene.reset();
    m_impl->scene_key.clear();
}

bool UpdateOverlay::visible() const {
    return m_impl->mode != Impl::Mode::Hidden;
}

void UpdateOverlay::draw(Size screen) {
    if (m_impl->mode == Impl::Mode::Hidden || !m_impl->ensure_fonts())
        return;
    std::string key = m_impl->key(screen);
    if (!m_impl->scene || key != m_impl->scene_key) {
        m_impl->scene = m_impl->build(screen);
        m_impl->scene_key = key;
        m_impl->fonts->trim();
    }
    m_impl->scene->draw();
}

} // namespace beacon::render

#pragma once

#include "core/result.h"
#include "render/fonts.h"
#include "render/screens.h"

#include <memory>
#include <thread>

namespace beacon::app {

// Finds the fonts (fontconfig, FreeType: the slow part of building the
// screens) on a worker thread, started before the display opens; take()
// joins it and builds the screens on the renderer, which only exists once
// the display is open. Fonts::create() touches no SDL state.
class ScreensBuilder {
  public:
    ScreensBuilder() : m_thread([this] { m_fonts = render::Fonts::create(); }) {}
    ~ScreensBuilder() {
        if (m_thread.joinable())
            m_thread.join();
    }
    ScreensBuilder(const ScreensBuilder&) = delete;
    ScreensBuilder& operator=(const ScreensBuilder&) = delete;
    Result<std::unique_ptr<render::Screens>> take(SDL_Renderer* renderer) {
        m_thread.join();
        if (!m_fonts)
            return m_fonts.error();
        return render::Screens::create(renderer, m_fonts.release_value());
    }

  private:
    Result<std::unique_ptr<render::Fonts>> m_fonts{Error{"the fonts were never found"}};
    std::thread m_thread; // last: starts once m_fonts exists
};
using ScreensFuture = std::unique_ptr<ScreensBuilder>;

} // namespace beacon::app

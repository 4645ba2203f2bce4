#pragma once

#include "core/result.h"
#include "render/fonts.h"
#include "render/screens.h"
#include "system/worker.h"

#include <memory>

namespace beacon::app {

// Finds the fonts (fontconfig, FreeType: the slow part of building the
// screens) on a worker thread, started before the display opens; take()
// waits for them and builds the screens on the renderer, which only exists
// once the display is open. Fonts::create() touches no SDL state.
// Threading: one owner thread; the worker only runs its start (see
// system/worker.h).
class ScreensBuilder {
  public:
    ScreensBuilder()
        : m_worker([](NoRequest&, auto&) {},
                   {.start = [](auto& context) { context.post(render::Fonts::create()); }}) {}
    Result<std::unique_ptr<render::Screens>> take(SDL_Renderer* renderer) {
        m_worker.wait_idle();
        auto found = m_worker.take();
        if (found.empty())
            return Error{"the fonts were never found"};
        if (!found.front())
            return found.front().error();
        return render::Screens::create(renderer, found.front().release_value());
    }

  private:
    struct NoRequest {};
    Worker<NoRequest, Result<std::unique_ptr<render::Fonts>>> m_worker;
};
using ScreensFuture = std::unique_ptr<ScreensBuilder>;

} // namespace beacon::app

#pragma once

#include "core/result.h"
#include "render/screens.h"

#include <memory>
#include <thread>

namespace beacon::app {

// Builds the screens (fontconfig, FreeType) on a worker thread. Screens::
// create() only keeps the renderer and touches no SDL state, so it may run
// beside the main thread; take() joins the worker.
class ScreensBuilder {
  public:
    explicit ScreensBuilder(SDL_Renderer* renderer)
        : m_thread([this, renderer] { m_result = render::Screens::create(renderer); }) {}
    ~ScreensBuilder() {
        if (m_thread.joinable())
            m_thread.join();
    }
    ScreensBuilder(const ScreensBuilder&) = delete;
    ScreensBuilder& operator=(const ScreensBuilder&) = delete;
    Result<std::unique_ptr<render::Screens>> take() {
        m_thread.join();
        return std::move(m_result);
    }

  private:
    Result<std::unique_ptr<render::Screens>> m_result{Error{"the screens were never built"}};
    std::thread m_thread; // last: starts once m_result exists
};
using ScreensFuture = std::unique_ptr<ScreensBuilder>;

} // namespace beacon::app

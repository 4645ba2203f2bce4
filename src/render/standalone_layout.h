#pragma once

#include "core/result.h"
#include "render/fonts.h"
#include "render/text.h"

#include <memory>
#include <string>
#include <string_view>

namespace beacon::render {

// Lays out one paragraph at a time over the installed fonts with nothing
// kept between calls, so each call measures the engine, not its caches: for
// fuzzers, benchmarks and tests. It owns its fonts and its engine; whoever
// needs one makes one and keeps it as long as they like. Needs no SDL video
// setup. Threading: one thread at a time.
class StandaloneLayout {
  public:
    // An Error when no usable font is installed.
    static Result<std::unique_ptr<StandaloneLayout>> create();
    StandaloneLayout(const StandaloneLayout&) = delete;
    StandaloneLayout& operator=(const StandaloneLayout&) = delete;

    // `px` is clamped to 4..1000 and `width` to at least 1.
    Paragraph layout(std::string_view text, const std::string& lang, int width, int px);

  private:
    explicit StandaloneLayout(std::unique_ptr<Fonts> fonts);
    std::unique_ptr<Fonts> m_fonts;
    TextEngine m_engine; // after m_fonts, which it uses
};

} // namespace beacon::render

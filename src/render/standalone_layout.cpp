#include "render/standalone_layout.h"

#include <algorithm>
#include <utility>

namespace beacon::render {

Result<std::unique_ptr<StandaloneLayout>> StandaloneLayout::create() {
    auto fonts = Fonts::create();
    if (!fonts)
        return fonts.error();
    return std::unique_ptr<StandaloneLayout>(new StandaloneLayout(fonts.release_value()));
}

StandaloneLayout::StandaloneLayout(std::unique_ptr<Fonts> fonts)
    : m_fonts(std::move(fonts)), m_engine(*m_fonts) {}

Paragraph StandaloneLayout::layout(std::string_view text, const std::string& lang, int width,
                                   int px) {
    m_engine.clear_cache(); // measure the engine, not the cache
    m_fonts->trim();
    return m_engine.layout_paragraph(text, TextStyle{lang, std::clamp(px, 4, 1000), false},
                                     std::max(1, width));
}

} // namespace beacon::render

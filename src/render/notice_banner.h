#pragma once

// Notices, drawn two ways: a band across the top of the loop ("Shelter full
// tonight: call 211"), and a screen of their own with every language stacked
// and the hotline footer, so the number is still always visible.

#include "core/geometry.h"
#include "core/playlist.h"
#include "render/compose.h"
#include "render/scene.h"

#include <cstddef>
#include <memory>
#include <string>

namespace beacon::render {

// Where the banner goes: across the top, about 10% of the shorter side high.
Rect notice_banner_band(Size screen);

std::unique_ptr<Scene> compose_notice_banner(Composer& composer, const Notice& notice,
                                             const std::string& lang, Size screen);

std::unique_ptr<Scene> compose_notice_screen(Composer& composer, const Playlist& playlist,
                                             const Notice& notice, const std::string& lang,
                                             Size screen);

// Changes whenever anything drawn from the notice changes (cache key).
std::size_t notice_fingerprint(const Notice& notice);

} // namespace beacon::render

#pragma once

// SDL_image's decoder, resolved from libSDL2_image-2.0.so.0 with dlopen() the
// first time a picture needs it: a still that is neither a JPEG TurboJPEG
// decodes (picture_file.h) nor refused before decoding. SDL_image links
// libtiff, libjbig, libLerc and libdeflate, which nothing else in the
// player needs: when linked, every start read them from disk before its
// first frame, while most loops never show a picture in those formats
// (issue 22: the cold first frame). The headers still come from libsdl2-image-dev.

#include "core/result.h"

#include <SDL_image.h>

namespace beacon::render {

struct SdlImageLibrary {
    decltype(&::IMG_Load) load;
};

// Loads SDL_image and resolves the table once per process (thread-safe);
// later calls return the same table, or the same error when it is missing.
// The library stays loaded until the process exits.
Result<SdlImageLibrary const*> sdl_image_library();

} // namespace beacon::render

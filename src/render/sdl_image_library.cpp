#include "render/sdl_image_library.h"

#include "system/shared_library.h"

#include <string>

namespace beacon::render {

namespace {

// Debian 12's libsdl2-image-2.0-0 (the soname of SDL_image 2.x).
constexpr const char* k_soname = "libSDL2_image-2.0.so.0";

Result<SdlImageLibrary const*> load() {
    auto opened =
        system::open_shared_library(k_soname, RTLD_NOW,
                                    std::string("cannot load ") + k_soname +
                                        " (is the libsdl2-image-2.0-0 package installed?)");
    if (!opened)
        return opened.error();
    system::SharedLibrary sdl_image = opened.release_value();
    static SdlImageLibrary library;
    sdl_image.resolve(library.load, "IMG_Load");
    if (auto complete = sdl_image.complete("", k_soname); !complete)
        return complete.error();
    return &library;
}

} // namespace

Result<SdlImageLibrary const*> sdl_image_library() {
    static const Result<SdlImageLibrary const*> loaded = load();
    return loaded;
}

} // namespace beacon::render

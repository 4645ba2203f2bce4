#include "render/sdl_image_library.h"

#include "system/shared_library.h"

#include <string>

namespace beacon::render {

namespace {

// Debian 12's libsdl2-image-2.0-0 (the soname of SDL_image 2.x).
constexpr const char* k_soname = "libSDL2_image-2.0.so.0";

} // namespace

Result<SdlImageLibrary const*> sdl_image_library() {
    static const Result<SdlImageLibrary const*> loaded = system::load_table<SdlImageLibrary>(
        k_soname, RTLD_NOW,
        std::string("cannot load ") + k_soname + " (is the libsdl2-image-2.0-0 package installed?)",
        "", [](system::SharedLibrary& sdl_image, SdlImageLibrary& library) {
            sdl_image.resolve(library.load, "IMG_Load");
        });
    return loaded;
}

} // namespace beacon::render

#include "media/alsa.h"

#include <cerrno>
#include <cstdarg>
#include <dlfcn.h>
#include <fstream>

namespace beacon::media {

std::vector<std::string> alsa_card_ids() {
    // Lines such as " 1 [vc4hdmi0       ]: vc4-hdmi - vc4-hdmi-0".
    std::vector<std::string> ids;
    std::ifstream cards("/proc/asound/cards");
    std::string line;
    while (std::getline(cards, line)) {
        auto open = line.find('[');
        auto close = line.find(']', open);
        if (open == std::string::npos || close == std::string::npos)
            continue;
        std::string id = line.substr(open + 1, close - open - 1);
        while (!id.empty() && id.back() == ' ')
            id.pop_back();
        if (!id.empty())
            ids.push_back(id);
    }
    return ids;
}

namespace {

// alsa-lib's snd_lib_error_handler_t.
using ErrorHandler = void (*)(const char* file, int line, const char* function, int error,
                              const char* format, ...);
void ignore_error(const char*, int, const char*, int, const char*, ...) {}

} // namespace

void quiet_alsa_library_errors() {
    // RTLD_NOLOAD: only the libasound libmpv brought in; never loads one.
    void* asound = dlopen("libasound.so.2", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    if (!asound)
        return;
    using SetHandler = int (*)(ErrorHandler);
    if (auto set = reinterpret_cast<SetHandler>(dlsym(asound, "snd_lib_error_set_handler")))
        set(ignore_error);
    dlclose(asound); // libmpv still holds it: the handler stays in place
}

bool alsa_device_opens(const std::string& device) {
    void* asound = dlopen("libasound.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!asound)
        return false;
    using SetHandler = int (*)(ErrorHandler);
    using Open = int (*)(void** pcm, const char* name, int stream, int mode);
    using Close = int (*)(void* pcm);
    auto set = reinterpret_cast<SetHandler>(dlsym(asound, "snd_lib_error_set_handler"));
    auto open = reinterpret_cast<Open>(dlsym(asound, "snd_pcm_open"));
    auto close = reinterpret_cast<Close>(dlsym(asound, "snd_pcm_close"));
    bool opens = false;
    if (open && close) {
        if (set)
            set(ignore_error);
        // SND_PCM_STREAM_PLAYBACK (0), SND_PCM_NONBLOCK (1): a device another
        // program holds says so at once instead of waiting for it.
        void* pcm = nullptr;
        int rc = open(&pcm, device.empty() ? "default" : device.c_str(), 0, 1);
        if (rc == 0 && pcm)
            close(pcm);
        opens = (rc == 0 && pcm) || rc == -EBUSY;
    }
    dlclose(asound);
    return opens;
}

} // namespace beacon::media

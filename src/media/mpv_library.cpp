#include "media/mpv_library.h"

#include "system/shared_library.h"

#include <string>

namespace beacon::media {

namespace {

// Debian 12's libmpv2 package; the soname changes with the client API's
// major version, which the table's signatures are built against.
constexpr const char* k_soname = "libmpv.so.2";

} // namespace

Result<MpvLibrary const*> mpv_library() {
    // RTLD_LAZY: functions the libraries never call are never looked up;
    // binding all of them at once across ~230 libraries made dlopen() about
    // 10% slower (85 against 97 ms here). The entry points below are
    // resolved now.
    static const Result<MpvLibrary const*> loaded = system::load_table<MpvLibrary>(
        k_soname, RTLD_LAZY,
        std::string("mpv: cannot load ") + k_soname + " (is the libmpv2 package installed?)",
        "mpv: ",
        [](system::SharedLibrary& mpv, MpvLibrary& library) {
            mpv.resolve(library.client_api_version, "mpv_client_api_version");
            mpv.resolve(library.error_string, "mpv_error_string");
            mpv.resolve(library.create, "mpv_create");
            mpv.resolve(library.initialize, "mpv_initialize");
            mpv.resolve(library.terminate_destroy, "mpv_terminate_destroy");
            mpv.resolve(library.set_option_string, "mpv_set_option_string");
            mpv.resolve(library.request_log_messages, "mpv_request_log_messages");
            mpv.resolve(library.set_wakeup_callback, "mpv_set_wakeup_callback");
            mpv.resolve(library.wait_event, "mpv_wait_event");
            mpv.resolve(library.get_property, "mpv_get_property");
            mpv.resolve(library.get_property_string, "mpv_get_property_string");
            mpv.resolve(library.observe_property, "mpv_observe_property");
            mpv.resolve(library.free, "mpv_free");
            mpv.resolve(library.command_async, "mpv_command_async");
            mpv.resolve(library.set_property_async, "mpv_set_property_async");
            mpv.resolve(library.render_context_create, "mpv_render_context_create");
            mpv.resolve(library.render_context_set_update_callback,
                        "mpv_render_context_set_update_callback");
            mpv.resolve(library.render_context_update, "mpv_render_context_update");
            mpv.resolve(library.render_context_render, "mpv_render_context_render");
            mpv.resolve(library.render_context_get_info, "mpv_render_context_get_info");
            mpv.resolve(library.render_context_free, "mpv_render_context_free");
        },
        // Same major version as the headers, and at least their minor version.
        [](MpvLibrary const& library) -> Status {
            unsigned long version = library.client_api_version();
            if ((version >> 16) == (MPV_CLIENT_API_VERSION >> 16) &&
                (version & 0xffff) >= (MPV_CLIENT_API_VERSION & 0xffff))
                return Done{};
            return Error{"mpv: " + std::string(k_soname) + " has client API " +
                         std::to_string(version >> 16) + "." + std::to_string(version & 0xffff) +
                         ", Beacon needs " + std::to_string(MPV_CLIENT_API_VERSION >> 16) + "." +
                         std::to_string(MPV_CLIENT_API_VERSION & 0xffff) + " or later"};
        });
    return loaded;
}

} // namespace beacon::media

#pragma once

// The libmpv functions Beacon calls, resolved from libmpv.so.2 with dlopen()
// the first time a player or a probe needs them. libmpv pulls in about 230
// shared libraries; loading them lazily means `validate` of a playlist
// without videos, `render` of a fact sheet, the bundle commands and a loop
// of fact sheets only never map them, and start in a fraction of the time.
// (`validate` loads libmpv at the first video it parses, to probe it.) The
// headers still come from libmpv-dev at build time.

#include "core/result.h"

#include <mpv/client.h>
#include <mpv/render.h>

namespace beacon::media {

struct MpvLibrary {
    decltype(&::mpv_client_api_version) client_api_version;
    decltype(&::mpv_error_string) error_string;
    decltype(&::mpv_create) create;
    decltype(&::mpv_initialize) initialize;
    decltype(&::mpv_terminate_destroy) terminate_destroy;
    decltype(&::mpv_set_option_string) set_option_string;
    decltype(&::mpv_request_log_messages) request_log_messages;
    decltype(&::mpv_set_wakeup_callback) set_wakeup_callback;
    decltype(&::mpv_wait_event) wait_event;
    decltype(&::mpv_command_async) command_async;
    decltype(&::mpv_set_property_async) set_property_async;
    decltype(&::mpv_get_property) get_property;
    decltype(&::mpv_get_property_string) get_property_string;
    decltype(&::mpv_observe_property) observe_property;
    decltype(&::mpv_free) free;
    decltype(&::mpv_render_context_create) render_context_create;
    decltype(&::mpv_render_context_set_update_callback) render_context_set_update_callback;
    decltype(&::mpv_render_context_update) render_context_update;
    decltype(&::mpv_render_context_render) render_context_render;
    decltype(&::mpv_render_context_get_info) render_context_get_info;
    decltype(&::mpv_render_context_free) render_context_free;
};

// Loads libmpv and resolves the table once per process (thread-safe); later
// calls return the same table, or the same error if libmpv2 is missing or
// too old. The library stays loaded until the process exits.
Result<MpvLibrary const*> mpv_library();

} // namespace beacon::media

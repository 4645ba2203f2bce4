#include "update/curl_library.h"

#include <dlfcn.h>
#include <string>
#include <type_traits>

namespace beacon::update {

namespace {

// Debian 12's libcurl4 package (the soname has been 4 since 2006).
constexpr const char* k_soname = "libcurl.so.4";

Result<CurlLibrary const*> load() {
    // RTLD_LOCAL: libcurl's dependencies' symbols stay out of the global
    // namespace, so they cannot interpose anything the program links.
    void* handle = dlopen(k_soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* reason = dlerror();
        return Error{std::string("cannot load ") + k_soname + " (is the libcurl4 package " +
                     "installed?): " + (reason ? reason : "unknown error")};
    }
    static CurlLibrary library;
    std::string missing;
    auto resolve = [&](auto& slot, const char* name) {
        slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(dlsym(handle, name));
        if (!slot)
            missing += std::string(missing.empty() ? "" : ", ") + name;
    };
    resolve(library.global_init, "curl_global_init");
    resolve(library.easy_init, "curl_easy_init");
    resolve(library.easy_cleanup, "curl_easy_cleanup");
    resolve(library.easy_reset, "curl_easy_reset");
    resolve(library.easy_setopt, "curl_easy_setopt");
    resolve(library.easy_getinfo, "curl_easy_getinfo");
    resolve(library.easy_perform, "curl_easy_perform");
    resolve(library.easy_strerror, "curl_easy_strerror");
    resolve(library.slist_append, "curl_slist_append");
    resolve(library.slist_free_all, "curl_slist_free_all");
    if (!missing.empty()) {
        dlclose(handle);
        return Error{std::string(k_soname) + " lacks " + missing};
    }
    // curl_global_init is not thread-safe in libcurl 7.88: it runs here,
    // inside the once-only load, before any client exists.
    if (CURLcode code = library.global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK)
        return Error{std::string("curl_global_init failed (code ") +
                     std::to_string(static_cast<int>(code)) + ")"};
    return &library;
}

} // namespace

Result<CurlLibrary const*> curl_library() {
    static const Result<CurlLibrary const*> loaded = load();
    return loaded;
}

} // namespace beacon::update

#include "update/curl_library.h"

#include "system/shared_library.h"

#include <string>

namespace beacon::update {

namespace {

// Debian 12's libcurl4 package (the soname has been 4 since 2006).
constexpr const char* k_soname = "libcurl.so.4";

} // namespace

Result<CurlLibrary const*> curl_library() {
    static const Result<CurlLibrary const*> loaded = system::load_table<CurlLibrary>(
        k_soname, RTLD_NOW,
        std::string("cannot load ") + k_soname + " (is the libcurl4 package installed?)", "",
        [](system::SharedLibrary& curl, CurlLibrary& library) {
            curl.resolve(library.global_init, "curl_global_init");
            curl.resolve(library.easy_init, "curl_easy_init");
            curl.resolve(library.easy_cleanup, "curl_easy_cleanup");
            curl.resolve(library.easy_reset, "curl_easy_reset");
            curl.resolve(library.easy_setopt, "curl_easy_setopt");
            curl.resolve(library.easy_getinfo, "curl_easy_getinfo");
            curl.resolve(library.easy_perform, "curl_easy_perform");
            curl.resolve(library.easy_strerror, "curl_easy_strerror");
            curl.resolve(library.slist_append, "curl_slist_append");
            curl.resolve(library.slist_free_all, "curl_slist_free_all");
        },
        // curl_global_init is not thread-safe in libcurl 7.88: it runs here,
        // inside the once-only load, before any client exists.
        [](CurlLibrary const& library) -> Status {
            if (CURLcode code = library.global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK)
                return Error{std::string("curl_global_init failed (code ") +
                             std::to_string(static_cast<int>(code)) + ")"};
            return Done{};
        });
    return loaded;
}

} // namespace beacon::update

#pragma once

// The libcurl functions Beacon calls, resolved from libcurl.so.4 with
// dlopen() the first time an HTTP client is needed (an `update-url` in the
// configuration, or `beacon install URL`). libcurl pulls in about two dozen
// libraries (GnuTLS, OpenSSL, Kerberos, LDAP, SSH, RTMP...), 3-5 MB of PSS
// and a tenth of `beacon validate`'s start-up; a kiosk updated by USB stick
// never needs them. The headers still come from libcurl's -dev package.

#include "core/result.h"

#include <curl/curl.h>

namespace beacon::update {

struct CurlLibrary {
    decltype(&::curl_global_init) global_init;
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    decltype(&::curl_easy_reset) easy_reset;
    // Variadic in libcurl: each option's argument type is the caller's duty
    // (curl.h's compile-time type checks only apply to the macro names).
    decltype(&::curl_easy_setopt) easy_setopt;
    decltype(&::curl_easy_getinfo) easy_getinfo;
    decltype(&::curl_easy_perform) easy_perform;
    decltype(&::curl_easy_strerror) easy_strerror;
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
};

// Loads libcurl and resolves the table once per process (thread-safe); later
// calls return the same table, or the same error if libcurl4 is missing.
// The library stays loaded until the process exits.
Result<CurlLibrary const*> curl_library();

} // namespace beacon::update

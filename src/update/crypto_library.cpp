#include "update/crypto_library.h"

#include <dlfcn.h>
#include <string>
#include <type_traits>

namespace beacon::update {

namespace {

// Debian 12's libssl3 package: OpenSSL 3's libcrypto.
constexpr const char* k_soname = "libcrypto.so.3";

Result<CryptoLibrary const*> load() {
    // RTLD_LOCAL: its symbols stay out of the global namespace, where they
    // could interpose on a copy another library (libcurl's TLS) loads.
    void* handle = dlopen(k_soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* reason = dlerror();
        return Error{std::string("cannot load ") + k_soname + ": " +
                     (reason ? reason : "unknown error")};
    }
    static CryptoLibrary library;
    std::string missing;
    auto resolve = [&](auto& slot, const char* name) {
        slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(dlsym(handle, name));
        if (!slot)
            missing += std::string(missing.empty() ? "" : ", ") + name;
    };
    resolve(library.md_ctx_new, "EVP_MD_CTX_new");
    resolve(library.md_ctx_free, "EVP_MD_CTX_free");
    resolve(library.sha256, "EVP_sha256");
    resolve(library.digest_init, "EVP_DigestInit_ex");
    resolve(library.digest_update, "EVP_DigestUpdate");
    resolve(library.digest_final, "EVP_DigestFinal_ex");
    if (!missing.empty()) {
        dlclose(handle);
        return Error{std::string(k_soname) + " lacks " + missing};
    }
    return &library;
}

} // namespace

Result<CryptoLibrary const*> crypto_library() {
    static const Result<CryptoLibrary const*> loaded = load();
    return loaded;
}

} // namespace beacon::update

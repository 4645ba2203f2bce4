#include "update/crypto_library.h"

#include "system/shared_library.h"

#include <string>

namespace beacon::update {

namespace {

// Debian 12's libssl3 package: OpenSSL 3's libcrypto.
constexpr const char* k_soname = "libcrypto.so.3";

Result<CryptoLibrary const*> load() {
    auto opened =
        system::open_shared_library(k_soname, RTLD_NOW, std::string("cannot load ") + k_soname);
    if (!opened)
        return opened.error();
    system::SharedLibrary crypto = opened.release_value();
    static CryptoLibrary library;
    crypto.resolve(library.md_ctx_new, "EVP_MD_CTX_new");
    crypto.resolve(library.md_ctx_free, "EVP_MD_CTX_free");
    crypto.resolve(library.sha256, "EVP_sha256");
    crypto.resolve(library.digest_init, "EVP_DigestInit_ex");
    crypto.resolve(library.digest_update, "EVP_DigestUpdate");
    crypto.resolve(library.digest_final, "EVP_DigestFinal_ex");
    if (auto complete = crypto.complete("", k_soname); !complete)
        return complete.error();
    return &library;
}

} // namespace

Result<CryptoLibrary const*> crypto_library() {
    static const Result<CryptoLibrary const*> loaded = load();
    return loaded;
}

} // namespace beacon::update

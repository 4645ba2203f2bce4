#include "update/crypto_library.h"

#include "system/shared_library.h"

#include <string>

namespace beacon::update {

namespace {

// Debian 12's libssl3 package: OpenSSL 3's libcrypto.
constexpr const char* k_soname = "libcrypto.so.3";

} // namespace

Result<CryptoLibrary const*> crypto_library() {
    static const Result<CryptoLibrary const*> loaded = system::load_table<CryptoLibrary>(
        k_soname, RTLD_NOW, std::string("cannot load ") + k_soname, "",
        [](system::SharedLibrary& crypto, CryptoLibrary& library) {
            crypto.resolve(library.md_ctx_new, "EVP_MD_CTX_new");
            crypto.resolve(library.md_ctx_free, "EVP_MD_CTX_free");
            crypto.resolve(library.sha256, "EVP_sha256");
            crypto.resolve(library.digest_init, "EVP_DigestInit_ex");
            crypto.resolve(library.digest_update, "EVP_DigestUpdate");
            crypto.resolve(library.digest_final, "EVP_DigestFinal_ex");
        });
    return loaded;
}

} // namespace beacon::update

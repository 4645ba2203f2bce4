#pragma once

// The libcrypto (OpenSSL 3) functions Beacon's SHA-256 calls, resolved from
// libcrypto.so.3 with dlopen() the first time something is hashed: an
// install, a bundle, a stick's manifest. Linked at start, libcrypto cost
// every process about 0.7 MB of PSS (relocated data, measured in the loop of
// fact sheets) and a library's start-up, while a kiosk that shows its content
// and is never updated hashes nothing. The headers still come from libssl-dev.

#include "core/result.h"

#include <openssl/evp.h>

namespace beacon::update {

struct CryptoLibrary {
    decltype(&::EVP_MD_CTX_new) md_ctx_new;
    decltype(&::EVP_MD_CTX_free) md_ctx_free;
    decltype(&::EVP_sha256) sha256;
    decltype(&::EVP_DigestInit_ex) digest_init;
    decltype(&::EVP_DigestUpdate) digest_update;
    decltype(&::EVP_DigestFinal_ex) digest_final;
};

// Loads libcrypto and resolves the table once per process (thread-safe);
// later calls return the same table, or the same error if it is missing.
// The library stays loaded until the process exits.
Result<CryptoLibrary const*> crypto_library();

} // namespace beacon::update

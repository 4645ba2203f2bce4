#include "update/sha256.h"

#include "update/crypto_library.h"

#include <sodium.h>

#include <cstdlib>

namespace beacon::update {

// Exactly one engine's state is live: `fast` when `md` is set, `portable`
// otherwise.
struct Sha256::Context {
    CryptoLibrary const* fast = nullptr;
    EVP_MD_CTX* md = nullptr;
    crypto_hash_sha256_state portable{};
    ~Context() {
        if (md)
            fast->md_ctx_free(md);
    }
};

Sha256::Sha256() : Sha256(Sha256Engine::Fast) {}

Sha256::Sha256(Sha256Engine wanted) : m_context(std::make_unique<Context>()) {
    if (wanted == Sha256Engine::Fast) {
        if (auto library = crypto_library()) {
            CryptoLibrary const* api = library.value();
            m_context->md = api->md_ctx_new();
            // Only fails when out of memory; there is no sensible way on
            // without it.
            if (!m_context->md || api->digest_init(m_context->md, api->sha256(), nullptr) != 1)
                std::abort();
            m_context->fast = api;
            return;
        }
    }
    crypto_hash_sha256_init(&m_context->portable);
}

Sha256::~Sha256() = default;

Sha256Engine Sha256::engine() const {
    return m_context->md ? Sha256Engine::Fast : Sha256Engine::Portable;
}

void Sha256::update(std::span<const std::byte> data) {
    auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    if (m_context->md)
        m_context->fast->digest_update(m_context->md, bytes, data.size());
    else
        crypto_hash_sha256_update(&m_context->portable, bytes, data.size());
}

std::string Sha256::finish_hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    static_assert(sizeof digest == 32 && EVP_MAX_MD_SIZE >= sizeof digest);
    if (m_context->md) {
        unsigned int length = 0;
        m_context->fast->digest_final(m_context->md, digest, &length);
        if (length != sizeof digest)
            std::abort(); // EVP_sha256() is SHA-256
    } else {
        crypto_hash_sha256_final(&m_context->portable, digest);
    }
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(sizeof digest * 2);
    for (unsigned char byte : digest) {
        hex += digits[byte >> 4];
        hex += digits[byte & 15];
    }
    return hex;
}

std::string sha256_hex(std::span<const std::byte> data) {
    Sha256 hash;
    hash.update(data);
    return hash.finish_hex();
}

std::string sha256_hex(std::string_view text) {
    return sha256_hex(std::as_bytes(std::span(text.data(), text.size())));
}

} // namespace beacon::update

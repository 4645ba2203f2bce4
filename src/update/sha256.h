#pragma once

// Streaming SHA-256, with two engines that give the same digests:
// - Fast: OpenSSL's libcrypto, loaded on first use (update/crypto_library.h).
//   It uses the CPU's SHA instructions (x86 SHA-NI, ARMv8 crypto
//   extensions) where they exist: on the reference machine it hashes at
//   about 1.3 GB/s against 290 MB/s for libsodium's portable code, and
//   hashing is what bounds the install pipeline's throughput (see
//   bench/install-throughput.sh).
// - Portable: libsodium's crypto_hash_sha256. libsodium is always linked
//   (signatures), so hashing never fails when libcrypto cannot be loaded;
//   it is only slower.

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace beacon::update {

enum class Sha256Engine { Fast, Portable };

class Sha256 {
  public:
    // Fast when libcrypto can be loaded, Portable otherwise.
    Sha256();
    explicit Sha256(Sha256Engine wanted);
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    // The engine in use: Portable when Fast was wanted but not available.
    Sha256Engine engine() const;
    void update(std::span<const std::byte> data);
    // The digest as 64 lowercase hex digits. The object is spent afterwards.
    std::string finish_hex();

  private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

std::string sha256_hex(std::span<const std::byte> data);
std::string sha256_hex(std::string_view text);

} // namespace beacon::update

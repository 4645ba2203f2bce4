#pragma once

// Streaming SHA-256. Backed by OpenSSL's libcrypto, which uses the CPU's
// SHA instructions (x86 SHA-NI, ARMv8 crypto extensions) where they exist:
// on the reference machine it hashes at about 1.3 GB/s against 290 MB/s for
// libsodium's portable crypto_hash_sha256, and hashing is what bounds the
// install pipeline's throughput (see bench/install-throughput.sh).

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace beacon::update {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

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

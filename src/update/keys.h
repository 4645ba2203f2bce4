#pragma once

// Ed25519 keys and detached signatures over a manifest's exact bytes, made
// and checked by libsodium. Keys and signatures are small text files an
// administrator can read:
//   NAME.pub      "beacon-public-key-v1 <64 hex digits>"
//   NAME.key      "beacon-secret-key-v1 <128 hex digits>"  (mode 0600)
//   manifest.sig  "beacon-signature-v1 <key id> <128 hex digits>"
// Lines starting with '#' are comments. A key id is 16 hex digits derived
// from the public key (BLAKE2b), so a kiosk can say which key signed.

#include "core/result.h"
#include "system/filesystem.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::update {

struct PublicKey {
    std::array<unsigned char, 32> bytes{};
    std::string id() const;
};

// Wiped from memory when destroyed.
class SecretKey {
  public:
    SecretKey() = default;
    ~SecretKey();
    SecretKey(const SecretKey&);
    SecretKey& operator=(const SecretKey&);
    PublicKey public_key() const;
    std::array<unsigned char, 64>& bytes() { return m_bytes; }
    const std::array<unsigned char, 64>& bytes() const { return m_bytes; }

  private:
    std::array<unsigned char, 64> m_bytes{};
};

struct KeyPair {
    PublicKey public_key;
    SecretKey secret_key;
};

Result<KeyPair> generate_key_pair();

std::string format_public_key(const PublicKey& key);
std::string format_secret_key(const SecretKey& key);
Result<PublicKey> parse_public_key(std::string_view text, const std::string& source);
Result<SecretKey> parse_secret_key(std::string_view text, const std::string& source);

// Reads and parses a secret key file (a link, a FIFO or a file over 4 KiB
// is refused before it is read).
Result<SecretKey> load_secret_key(FileSystem& fs, const Path& file);
// A warning when users other than the owner may read the secret key file
// (mode & 077), or nothing. The one check `keygen` and `bundle` both run.
std::optional<std::string> secret_key_exposure(FileSystem& fs, const Path& file);

// The signature file's text for `manifest`.
Result<std::string> sign_manifest(const SecretKey& key, std::string_view manifest);

// The public keys a kiosk trusts: every *.pub file in its keys folder.
struct KeyRing {
    std::vector<PublicKey> keys;
    std::vector<std::string> problems; // unreadable or malformed key files (skipped)

    const PublicKey* find(const std::string& id) const;
};

KeyRing load_key_ring(FileSystem& fs, const Path& folder);
Result<KeyRing> load_single_key(FileSystem& fs, const Path& public_key_file);

struct SignatureCheck {
    enum class Verdict {
        Valid,
        Malformed,    // the signature file is not one
        UntrustedKey, // signed by a key not in the ring
        Altered,      // a trusted key's signature that does not match these bytes
    };
    Verdict verdict = Verdict::Malformed;
    std::string key_id; // as named by the signature file, when it names one
};

SignatureCheck check_signature(const KeyRing& ring, std::string_view manifest,
                               std::string_view signature_text);

} // namespace beacon::update

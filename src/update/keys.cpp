#include "update/keys.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

namespace beacon::update {

namespace {

constexpr std::string_view public_tag = "beacon-public-key-v1";
constexpr std::string_view secret_tag = "beacon-secret-key-v1";
constexpr std::string_view signature_tag = "beacon-signature-v1";
constexpr std::size_t max_key_file = 4096;

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_SECRETKEYBYTES == 64 &&
              crypto_sign_BYTES == 64);

void ensure_sodium() {
    // sodium_init() is idempotent and thread-safe; it fails only when the
    // system has no usable random source, which no kiosk can run without.
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        std::abort();
}

std::string to_hex(const unsigned char* data, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), data, size);
    hex.pop_back();
    return hex;
}

template <std::size_t N> bool from_hex(std::string_view hex, std::array<unsigned char, N>& out) {
    if (hex.size() != N * 2)
        return false;
    std::size_t written = 0;
    const char* end = nullptr;
    return sodium_hex2bin(out.data(), N, hex.data(), hex.size(), nullptr, &written, &end) == 0 &&
           written == N && end == hex.data() + hex.size();
}

// The words of the one line that is not a comment or blank, or nothing.
std::optional<std::vector<std::string_view>> content_words(std::string_view text) {
    std::optional<std::vector<std::string_view>> found;
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#')
            continue;
        if (found)
            return std::nullopt; // more than one content line
        std::vector<std::string_view> words;
        std::size_t at = first;
        while (at < line.size()) {
            auto stop = line.find_first_of(" \t", at);
            if (stop == std::string_view::npos)
                stop = line.size();
            words.push_back(line.substr(at, stop - at));
            at = line.find_first_not_of(" \t", stop);
            if (at == std::string_view::npos)
                break;
        }
        found = std::move(words);
    }
    return found;
}

} // namespace

std::string PublicKey::id() const {
    ensure_sodium();
    unsigned char digest[8];
    crypto_generichash(digest, sizeof digest, bytes.data(), bytes.size(), nullptr, 0);
    return to_hex(digest, sizeof digest);
}

SecretKey::~SecretKey() {
    sodium_memzero(m_bytes.data(), m_bytes.size());
}
SecretKey::SecretKey(const SecretKey& other) : m_bytes(other.m_bytes) {}
SecretKey& SecretKey::operator=(const SecretKey& other) {
    m_bytes = other.m_bytes;
    return *this;
}

PublicKey SecretKey::public_key() const {
    ensure_sodium();
    PublicKey key;
    crypto_sign_ed25519_sk_to_pk(key.bytes.data(), m_bytes.data());
    return key;
}

Result<KeyPair> generate_key_pair() {
    ensure_sodium();
    KeyPair pair;
    if (crypto_sign_keypair(pair.public_key.bytes.data(), pair.secret_key.bytes().data()) != 0)
        return Error{"crypto_sign_keypair failed"};
    return pair;
}

std::string format_public_key(const PublicKey& key) {
    return "# Beacon public key " + key.id() +
           ". A kiosk trusts bundles signed with its secret key when this file is in\n"
           "# the kiosk's keys folder (/etc/beacon/keys/ by default).\n" +
           std::string(public_tag) + " " + to_hex(key.bytes.data(), key.bytes.size()) + "\n";
}

std::string format_secret_key(const SecretKey& key) {
    return "# Beacon SECRET signing key " + key.public_key().id() +
           ". Whoever holds this file can sign content that\n"
           "# kiosks will play. Keep it offline, never on a kiosk or in version control.\n" +
           std::string(secret_tag) + " " + to_hex(key.bytes().data(), key.bytes().size()) + "\n";
}

Result<PublicKey> parse_public_key(std::string_view text, const std::string& source) {
    auto words = content_words(text);
    PublicKey key;
    if (!words || words->size() != 2 || (*words)[0] != public_tag ||
        !from_hex((*words)[1], key.bytes))
        return Error{source + ": not a Beacon public key (expected one line \"" +
                     std::string(public_tag) + " <64 hex digits>\")"};
    return key;
}

Result<SecretKey> parse_secret_key(std::string_view text, const std::string& source) {
    ensure_sodium();
    auto words = content_words(text);
    SecretKey key;
    if (!words || words->size() != 2 || (*words)[0] != secret_tag ||
        !from_hex((*words)[1], key.bytes()))
        return Error{source + ": not a Beacon secret key (expected one line \"" +
                     std::string(secret_tag) + " <128 hex digits>\")"};
    // The second half of an Ed25519 secret key is its public key, which the
    // first half (the seed) determines: a damaged file would sign with a key
    // no kiosk trusts.
    std::array<unsigned char, 32> derived{};
    SecretKey rebuilt;
    crypto_sign_seed_keypair(derived.data(), rebuilt.bytes().data(), key.bytes().data());
    if (std::memcmp(derived.data(), key.bytes().data() + 32, 32) != 0)
        return Error{source + ": the secret key is damaged (its two halves do not match)"};
    return key;
}

Result<SecretKey> load_secret_key(FileSystem& fs, const Path& file) {
    // open_read() refuses a FIFO or a device; read_small_file() stops at the cap.
    FileInfo info = fs.stat(file);
    if (info.type == FileInfo::Type::File && info.size > max_key_file)
        return Error{ErrorCode::TooLarge, file.string() + " is larger than " +
                                              std::to_string(max_key_file) +
                                              " bytes: not a Beacon secret key"};
    auto text = read_small_file(fs, file, max_key_file);
    if (!text)
        return text.error();
    return parse_secret_key(text.value(), file.string());
}

std::optional<std::string> secret_key_exposure(FileSystem& fs, const Path& file) {
    std::error_code error;
    Path target = std::filesystem::canonical(file, error);
    FileInfo info = fs.stat(error ? file : target);
    if (info.type != FileInfo::Type::File || (info.mode & 077) == 0)
        return std::nullopt;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", info.mode);
    return "the secret key " + file.string() + " can be read by other users (mode " + mode +
           "): whoever reads it can sign content every kiosk will play. Run: chmod 600 " +
           file.string();
}

Result<std::string> sign_manifest(const SecretKey& key, std::string_view manifest) {
    ensure_sodium();
    std::array<unsigned char, 64> signature{};
    if (crypto_sign_detached(signature.data(), nullptr,
                             reinterpret_cast<const unsigned char*>(manifest.data()),
                             manifest.size(), key.bytes().data()) != 0)
        return Error{"crypto_sign_detached failed"};
    return std::string(signature_tag) + " " + key.public_key().id() + " " +
           to_hex(signature.data(), signature.size()) + "\n";
}

const PublicKey* KeyRing::find(const std::string& id) const {
    for (auto& key : keys)
        if (key.id() == id)
            return &key;
    return nullptr;
}

KeyRing load_key_ring(FileSystem& fs, const Path& folder) {
    KeyRing ring;
    auto names = fs.list(folder);
    if (!names) {
        ring.problems.push_back(names.error().message);
        return ring;
    }
    std::sort(names.value().begin(), names.value().end());
    for (auto& name : names.value()) {
        if (Path(name).extension() != ".pub")
            continue;
        auto text = read_small_file(fs, folder / name, max_key_file);
        if (!text) {
            ring.problems.push_back(text.error().message);
            continue;
        }
        auto key = parse_public_key(text.value(), (folder / name).string());
        if (!key) {
            ring.problems.push_back(key.error().message);
            continue;
        }
        ring.keys.push_back(key.value());
    }
    return ring;
}

Result<KeyRing> load_single_key(FileSystem& fs, const Path& public_key_file) {
    auto text = read_small_file(fs, public_key_file, max_key_file);
    if (!text)
        return text.error();
    auto key = parse_public_key(text.value(), public_key_file.string());
    if (!key)
        return key.error();
    KeyRing ring;
    ring.keys.push_back(key.value());
    return ring;
}

SignatureCheck check_signature(const KeyRing& ring, std::string_view manifest,
                               std::string_view signature_text) {
    ensure_sodium();
    SignatureCheck check;
    auto words = content_words(signature_text);
    std::array<unsigned char, 64> signature{};
    if (!words || words->size() != 3 || (*words)[0] != signature_tag || (*words)[1].size() != 16 ||
        !from_hex((*words)[2], signature))
        return check;
    check.key_id = std::string((*words)[1]);
    const PublicKey* key = ring.find(check.key_id);
    if (!key) {
        check.verdict = SignatureCheck::Verdict::UntrustedKey;
        return check;
    }
    bool valid = crypto_sign_verify_detached(
                     signature.data(), reinterpret_cast<const unsigned char*>(manifest.data()),
                     manifest.size(), key->bytes.data()) == 0;
    check.verdict = valid ? SignatureCheck::Verdict::Valid : SignatureCheck::Verdict::Altered;
    return check;
}

} // namespace beacon::update

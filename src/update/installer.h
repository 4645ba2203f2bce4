#pragma once

// The one install pipeline behind `beacon install`, USB sticks and network
// updates: verify the signature, stream every file into a staging folder
// while hashing it, fsync, validate the playlist with the player's own
// parser, then swap `current`. Any failure leaves the store as it was.

#include "core/manifest.h"
#include "update/filesystem.h"
#include "update/keys.h"
#include "update/store.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>

namespace beacon::update {

// Where a bundle comes from; it only changes the words of the notice.
enum class Origin { Folder, Usb, Network };

enum class Failure {
    None,
    NotABundle,    // no manifest.xml
    NoTrustedKeys, // the kiosk trusts no key at all
    NotSigned,     // no manifest.sig, or not a signature
    UntrustedKey,  // signed, by a key the kiosk does not trust
    Altered,       // the manifest changed after it was signed
    BadManifest,   // signed, but not a valid manifest
    FileMissing,   // a listed file is not there
    FileDamaged,   // wrong size or SHA-256
    UnsafePath,    // a symlink or something that is not a plain file
    InvalidPlaylist,
    SourceFailed, // reading the bundle failed mid-way (a stick pulled out)
    DiskFull,
    StoreFailed, // any other failure writing the store
    Busy,        // another install holds the store
    Cancelled,
    Network, // the server could not be reached or misbehaved
};

// A short name for logs and the frame log: "not-signed", "disk-full".
const char* failure_name(Failure failure);

// What a bundle holds, read through a FileSystem or fetched.
class BundleSource {
  public:
    virtual ~BundleSource() = default;
    // The manifest and signature texts, or nothing when the file is absent.
    virtual Result<std::optional<std::string>> read_manifest(std::size_t max_bytes) = 0;
    virtual Result<std::optional<std::string>> read_signature() = 0;
    virtual FileInfo stat(const std::string& relative) = 0;
    // Refuses symlinks in any component.
    virtual Result<std::unique_ptr<InputFile>> open(const std::string& relative) = 0;
};

// A bundle in a folder: a stick, or anything `beacon install DIR` names.
class FolderSource final : public BundleSource {
  public:
    FolderSource(FileSystem& fs, Path folder) : m_fs(fs), m_folder(std::move(folder)) {}
    Result<std::optional<std::string>> read_manifest(std::size_t max_bytes) override;
    Result<std::optional<std::string>> read_signature() override;
    FileInfo stat(const std::string& relative) override;
    Result<std::unique_ptr<InputFile>> open(const std::string& relative) override;

  private:
    Result<std::optional<std::string>> read_optional(std::string_view name, std::size_t max);
    FileSystem& m_fs;
    Path m_folder;
};

struct VerifiedManifest {
    Manifest manifest;
    std::string bytes;
    std::string signature;
    std::string key_id;
    std::string version;
};

struct Verification {
    std::optional<VerifiedManifest> verified;
    Failure failure = Failure::None;
    std::string detail;
};

// Signature first, then the manifest's content: untrusted XML is never parsed.
Verification verify_manifest(const KeyRing& ring, const std::optional<std::string>& manifest,
                             const std::optional<std::string>& signature);

struct Progress {
    std::uint64_t done = 0;  // bytes copied, hashed or found in the store
    std::uint64_t total = 0; // bytes the manifest lists
    std::string file;
};
using ProgressCallback = std::function<void(const Progress&)>;

struct InstallReport {
    enum class Outcome { Installed, AlreadyCurrent, Refused };
    Outcome outcome = Outcome::Refused;
    Failure failure = Failure::None;
    std::string detail; // for the log: what failed, with the path and the cause
    std::string version;
    std::size_t items = 0;
    std::size_t languages = 0;
    std::uint64_t bytes_copied = 0;
    std::uint64_t bytes_reused = 0; // found in the store by hash, not copied

    bool ok() const { return outcome != Outcome::Refused; }
    // One sentence for the screen, e.g. "Updated: 14 items, 11 languages".
    std::string notice(Origin origin) const;
};

InstallReport refused(Failure failure, std::string detail);

struct InstallOptions {
    Origin origin = Origin::Folder;
    ProgressCallback progress;                 // may be empty
    const std::atomic<bool>* cancel = nullptr; // checked between chunks
    std::size_t buffer_bytes = 1 << 20;
};

InstallReport install_bundle(BundleSource& source, Store& store, const KeyRing& ring,
                             const InstallOptions& options);

// The part of install_bundle() after the signature check, for callers that
// hold the store's lock and have run Store::recover() (network updates).
InstallReport install_verified(BundleSource& source, Store& store, VerifiedManifest& verified,
                               const InstallOptions& options);

// A bundle whose files are all in the store already, found by hash: what a
// network update installs once its downloads are in.
class StoreObjectSource final : public BundleSource {
  public:
    StoreObjectSource(Store& store, const VerifiedManifest& verified)
        : m_store(store), m_verified(verified) {}
    Result<std::optional<std::string>> read_manifest(std::size_t) override {
        return std::optional<std::string>(m_verified.bytes);
    }
    Result<std::optional<std::string>> read_signature() override {
        return std::optional<std::string>(m_verified.signature);
    }
    FileInfo stat(const std::string& relative) override;
    Result<std::unique_ptr<InputFile>> open(const std::string& relative) override;

  private:
    Store& m_store;
    const VerifiedManifest& m_verified;
};

// Counts of the playlist a version holds, for notices ("14 items, 11 languages").
std::optional<std::pair<std::size_t, std::size_t>> playlist_counts(Store& store,
                                                                   const std::string& version);

} // namespace beacon::update

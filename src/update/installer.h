#pragma once

// The one install pipeline behind `beacon install`, USB sticks and network
// updates: verify the signature, check the bundle is newer than the installed
// one, stream every file into a staging folder while hashing it, validate the
// playlist with the player's own parser, fsync, then swap `current`. A
// failure before the swap leaves the store as it was; one during the swap is
// reported as what it did (InstallReport::caveat).
//
// Rule (issue 18): no byte of a bundle is parsed before its size and SHA-256
// have been checked against the signed manifest. Only the manifest itself is
// parsed before that, and only after its signature checked out; every text
// that is parsed has its size cap checked before it is read. `beacon verify`
// runs the same pipeline with nothing written (check_bundle()), so whatever
// verify passes installs, and the other way round.

#include "core/manifest.h"
#include "system/filesystem.h"
#include "update/keys.h"
#include "update/store.h"

#include <atomic>
#include <functional>
#include <optional>
#include <set>
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
    Network,     // the server misbehaved: an error status, a broken or short answer
    Unreachable, // no answer from the server at all: refused, unknown host, timeout
    NoSuchUrl,   // the server answered that the manifest URL is not there (404, 410)
    NotNewer,    // its sequence is not greater than the installed one's
};

// A short name for logs and the frame log: "not-signed", "disk-full".
const char* failure_name(Failure failure);

// What a bundle holds, read through a FileSystem or fetched.
class BundleSource {
  public:
    virtual ~BundleSource() = default;
    // lstat()-like: a symlink in any component is reported as one.
    virtual FileInfo stat(const std::string& relative) = 0;
    // Regular files only; refuses symlinks in any component.
    virtual Result<std::unique_ptr<InputFile>> open(const std::string& relative) = 0;
};

// A bundle in a folder: a stick, or anything `beacon install DIR` names.
class FolderSource final : public BundleSource {
  public:
    FolderSource(FileSystem& fs, Path folder) : m_fs(fs), m_folder(std::move(folder)) {}
    FileInfo stat(const std::string& relative) override;
    Result<std::unique_ptr<InputFile>> open(const std::string& relative) override;

  private:
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
    // Repaired: the bundle was installed already, but some of its stored
    // files had rotted; they were copied again from the bundle.
    enum class Outcome { Installed, Repaired, AlreadyCurrent, Refused };
    // What went wrong after `current` had already moved.
    enum class Caveat {
        None,
        NotDurable,   // the swap could not be flushed: a power cut may undo it
        PreviousLost, // `previous` still names an older version, not the one replaced
    };
    Outcome outcome = Outcome::Refused;
    Caveat caveat = Caveat::None;
    Failure failure = Failure::None;
    std::string detail; // for the log: what failed, with the path and the cause
    std::string version;
    std::size_t items = 0;
    std::size_t languages = 0;
    std::uint64_t bytes_copied = 0;
    std::uint64_t bytes_reused = 0;  // found in the store by hash, not copied
    Sequence sequence = 0;           // the bundle's
    std::string label;               // the bundle's signed label, for messages
    Sequence installed_sequence = 0; // the installed one's, for NotNewer

    bool ok() const { return outcome != Outcome::Refused; }
    // One sentence for the screen, e.g. "Updated: 14 items, 11 languages".
    std::string notice(Origin origin) const;
};

InstallReport refused(Failure failure, std::string detail);
// A failure writing the store, told apart by its code: DiskFull when the
// disk ran out of room (ErrorCode::DiskFull), Busy when another update holds
// its lock (ErrorCode::Busy, from Store::explain()), StoreFailed otherwise.
InstallReport store_failure(const Error& error);

// Reads manifest.xml and manifest.sig (each type and size checked before a
// byte is read: a link or a FIFO is named as one) and verifies them.
Verification read_and_verify(BundleSource& source, const KeyRing& ring);

struct InstallOptions {
    Origin origin = Origin::Folder;
    ProgressCallback progress;                 // may be empty
    const std::atomic<bool>* cancel = nullptr; // checked between chunks
    std::size_t buffer_bytes = 1 << 20;
    // SHA-256s of the objects this same install fetched into the store before
    // placing them (a network update downloads first). The report's rule:
    // bytes_copied counts what this install brought from its source, copied
    // or downloaded; bytes_reused only what the store held before it began.
    std::set<std::string> fetched;
};

InstallReport install_bundle(BundleSource& source, Store& store, const KeyRing& ring,
                             const InstallOptions& options);

// The sequence rule, the one place it is enforced: a refusal when `verified`
// is not newer than the store's current version. Its own reinstall passes
// (it is checked and repaired instead). An empty store takes any bundle.
// `beacon rollback` does not install, so it is not subject to it.
std::optional<InstallReport> refuse_unless_newer(Store& store, const VerifiedManifest& verified);

// `beacon verify`: the pipeline of an install with nothing written. Every
// problem is listed, each with its manifest line (0: the bundle as a whole).
struct BundleProblem {
    int line = 0;
    std::string text; // "\"media/x.png\" is 15 bytes; the manifest says 161"
};
struct BundleCheck {
    std::vector<BundleProblem> problems;
    Diagnostics playlist; // the playlist's own diagnostics, when it was parsed
    std::size_t items = 0;
    std::size_t languages = 0;
    bool ok() const { return problems.empty() && playlist.empty(); }
};
BundleCheck check_bundle(BundleSource& source, const VerifiedManifest& verified,
                         const std::string& playlist_source, const InstallOptions& options);

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

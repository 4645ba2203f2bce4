#pragma once

// The content store: one folder per installed bundle version (at most
// kept_versions of them), and `current` and `previous` symlinks naming two.
//
//   STORE/current -> v-1a2b...   swapped with rename(), so it always names a
//   STORE/previous -> v-0f9e...  complete version: the old one or the new one
//   STORE/v-1a2b.../             playlist.xml, media, manifest.xml, manifest.sig
//   STORE/.objects/<sha256>      every stored file once; versions hard-link it
//   STORE/.staging/<version>/    an install in progress (removed on recovery)
//   STORE/.downloads/<sha256>.part  network downloads, kept to resume them
//   STORE/.lock                  held by whoever changes the store
//
// A version's name is "v-" and the first 16 hex digits of its manifest's
// SHA-256, so installing the same bundle twice finds it already there.
//
// This layout is known here only: everyone else asks the Store for a path
// (version_file(), object_path(), staging_path(), download_path()).
//
// Invariants the installer and the player rely on:
// - Only a *verified version* is ever played or reused: `current` (and
//   `previous`) must be a symlink whose target is a bare version name (so it
//   stays inside the store), naming a real folder (not a link) whose
//   manifest.xml hashes to that name. Anything else reads as "no version".
// - Stored bytes are hashed again before they are reused: an object whose
//   content no longer matches its name (bit rot) is removed from .objects and
//   copied afresh by the next install that needs it.
// - A swap changes `current` first and `previous` second, so a failure at
//   any step leaves both links naming complete versions, and the caller is
//   told whether `current` moved (SwapResult).
//
// - `previous` is a function of the kept versions and `current`: the kept
//   version with the highest signed sequence below current's, and no link
//   when there is none (previous_for()). Every swap sets it so. Rolling back
//   therefore always goes down in sequence and never toggles between two
//   versions; going forward again is `beacon install` of the newer bundle or
//   `beacon rollback --to N`.
// - At most kept_versions versions stay after prune(): current, previous,
//   then the others with the highest sequences. Objects are shared, so an
//   extra version costs only the files it does not share. A version whose
//   install was killed after its folder was complete but before the swap is
//   whole and signed: it counts like any other (and `beacon versions` lists
//   it), though it never was current.
//
// Threading: a Store is used by one thread; processes exclude each other
// through lock().

#include "core/manifest.h"
#include "system/filesystem.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace beacon::update {

std::string version_for_manifest(std::string_view manifest_bytes);

inline constexpr std::size_t kept_versions = 3;

// An installed version: its folder's name and its signed manifest.
struct StoredVersion {
    std::string name; // "v-" and 16 hex digits
    Manifest manifest;
};

// The version `previous` names when `current` is current: the one with the
// highest sequence below current's. Pure: the rule, in one place.
std::optional<std::string> previous_for(const std::vector<StoredVersion>& versions,
                                        const std::string& current);
// The versions prune() keeps: current, previous, then the highest sequences,
// kept_versions in all.
std::set<std::string> versions_to_keep(const std::vector<StoredVersion>& versions,
                                       const std::optional<std::string>& current);
// "12 \"December campaign\"", or "12" without a label: how messages name a version.
std::string version_title(const Manifest& manifest);

// What a swap of the links did, for a truthful message.
struct SwapResult {
    bool current_moved = false; // `current` names the new version
    bool previous_kept = true;  // `previous` names the version current named before
    std::optional<Error> error; // the first step that failed, if one did
};

class Store {
  public:
    Store(FileSystem& fs, Path root) : m_fs(fs), m_root(std::move(root)) {}

    FileSystem& fs() { return m_fs; }
    const Path& root() const { return m_root; }
    Path version_path(const std::string& version) const { return m_root / version; }
    // A file of a version, by its path in the bundle ("playlist.xml").
    Path version_file(const std::string& version, std::string_view relative) const {
        return version_path(version) / relative;
    }
    Path object_path(const std::string& sha256) const { return objects_path() / sha256; }
    // Where an install of `version` is put together before it is swapped in.
    Path staging_path(const std::string& version) const { return staging_path() / version; }
    // A network download of the object `sha256` in progress.
    Path download_path(const std::string& sha256) const {
        return downloads_path() / (sha256 + ".part");
    }
    // The playlist of the verified current version, by its version folder's
    // path (never through the `current` link), when it is a regular file;
    // nothing otherwise. What the player plays and the worker loads.
    std::optional<Path> current_playlist();

    // Creates the store's folders when missing.
    Status prepare();
    // Fails with "another update is in progress" when someone holds it.
    Result<std::unique_ptr<Lock>> lock();
    // What a failed system call on the store means, said once for every
    // caller: a store that does not exist is named as missing (never as a
    // lock held by someone else), a held lock as another update (code Busy);
    // anything else keeps its own words.
    Error explain(const Error& os_error);
    // With the lock held: removes half-made staging folders, stray temporary
    // links, versions neither link names, and objects no version uses.
    Status recover();

    std::optional<std::string> current_version();
    std::optional<std::string> previous_version();
    // The signed sequence of an installed version (0 when it has none).
    Sequence sequence_of(const std::string& version);
    // Every verified version in the store, oldest sequence first. A folder
    // whose manifest does not hash to its name is not a version.
    std::vector<StoredVersion> versions();
    // The manifest of the verified version `version`, if it is one.
    std::optional<Manifest> version_manifest(const std::string& version);

    // Cheap: an object of this size is stored (lstat only). For estimates.
    bool has_object(const std::string& sha256, std::uint64_t size);
    // The object is stored and its bytes still hash to its name: the only
    // test before stored bytes are reused. A damaged object is removed.
    // Each object is hashed once per lock() (cached until the next).
    bool has_verified_object(const std::string& sha256, std::uint64_t size);
    // The files of a version folder that are missing or no longer match
    // `manifest` (type, size or SHA-256): what a reinstall must repair.
    // `hashed` hears of every byte read, for a progress bar.
    std::vector<const ManifestEntry*>
    damaged_files(const std::string& version, const Manifest& manifest,
                  const std::function<void(std::uint64_t)>& hashed = {});

    // current := version, then previous := previous_for(version), each an
    // atomic rename of a fresh symlink, then the store folder is fsynced.
    SwapResult activate(const std::string& version);
    // Makes the version numbered `to` current, or without `to` the one
    // `previous` names; `previous` then follows the rule above. Returns the
    // version now current. Refuses, listing the kept versions, when there is
    // no such version. Not subject to the sequence rule: going back on
    // purpose is what it is for.
    Result<StoredVersion> rollback(std::optional<Sequence> to = std::nullopt);
    // Removes versions versions_to_keep() leaves out, and unused objects.
    Status prune();
    // Removes partial downloads of objects other than `wanted` (best effort).
    void discard_downloads_except(const std::set<std::string>& wanted);
    // fsyncs the objects folder: a downloaded object renamed in stays named.
    Status sync_objects() { return m_fs.sync_dir(objects_path()); }

  private:
    Path objects_path() const { return m_root / ".objects"; }
    Path staging_path() const { return m_root / ".staging"; }
    Path downloads_path() const { return m_root / ".downloads"; }
    std::optional<std::string> link_target(const char* name);
    Status set_link(const char* name, const std::string& version);
    Status remove_link(const char* name);
    std::string kept_list();
    SwapResult swap(const std::string& new_current, const std::optional<std::string>& new_previous);
    Result<bool> file_matches(const Path& path, std::uint64_t size, const std::string& sha256,
                              const std::function<void(std::uint64_t)>& hashed = {});

    FileSystem& m_fs;
    Path m_root;
    std::set<std::string> m_verified_objects; // hashed since the last lock()
};

bool is_version_name(std::string_view name);

} // namespace beacon::update

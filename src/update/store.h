#pragma once

// The content store: one folder per installed bundle version, and `current`
// and `previous` symlinks naming two of them.
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
// Threading: a Store is used by one thread; processes exclude each other
// through lock().

#include "update/filesystem.h"

#include <optional>
#include <string>

namespace beacon::update {

std::string version_for_manifest(std::string_view manifest_bytes);

class Store {
  public:
    Store(FileSystem& fs, Path root) : m_fs(fs), m_root(std::move(root)) {}

    FileSystem& fs() { return m_fs; }
    const Path& root() const { return m_root; }
    Path version_path(const std::string& version) const { return m_root / version; }
    Path objects_path() const { return m_root / ".objects"; }
    Path object_path(const std::string& sha256) const { return objects_path() / sha256; }
    Path staging_path() const { return m_root / ".staging"; }
    Path downloads_path() const { return m_root / ".downloads"; }
    // Where the player finds the playlist to play.
    Path current_playlist() const { return m_root / "current" / "playlist.xml"; }

    // Creates the store's folders when missing.
    Status prepare();
    // Fails with "another update is in progress" when someone holds it.
    Result<std::unique_ptr<Lock>> lock();
    // With the lock held: removes half-made staging folders, stray temporary
    // links, versions neither link names, and objects no version uses.
    Status recover();

    std::optional<std::string> current_version();
    std::optional<std::string> previous_version();
    bool has_object(const std::string& sha256, std::uint64_t size);

    // previous := current, then current := version, each an atomic rename of
    // a fresh symlink; the store folder is fsynced after.
    Status activate(const std::string& version);
    // Swaps current and previous. Returns the version now current.
    Result<std::string> rollback();
    // Removes versions other than current and previous, and unused objects.
    Status prune();

  private:
    std::optional<std::string> link_target(const char* name);
    Status set_link(const char* name, const std::string& version);

    FileSystem& m_fs;
    Path m_root;
};

bool is_version_name(std::string_view name);

} // namespace beacon::update

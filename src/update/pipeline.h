#pragma once

// The install pipeline's engine, shared by pipeline.cpp (installing and
// repairing) and pipeline_check.cpp (streaming, checking, `beacon verify`).
// Internal to src/update: callers use install_verified() and check_bundle().

#include "update/installer.h"

#include "core/playlist/playlist_parser.h"
#include "system/content_root.h"

#include <set>
#include <vector>

namespace beacon::update::pipeline {

inline constexpr std::size_t max_playlist_bytes = 16 * 1024 * 1024;
inline constexpr std::uint64_t space_margin = 1 << 20;
// Files this large are read and hashed on a thread of their own, a few
// buffers ahead, while this thread writes: hashing (one core) overlaps
// writing (the other), and the source's reads overlap both. Smaller files
// are not worth a thread.
inline constexpr std::uint64_t read_ahead_threshold = 4 << 20;
inline constexpr std::size_t read_ahead_slots = 4;
inline std::string first_diagnostics(const Diagnostics& diagnostics) {
    std::string text;
    for (std::size_t i = 0; i < diagnostics.size() && i < 3; ++i)
        text += (i ? "; " : "") + diagnostics[i].to_string();
    if (diagnostics.size() > 3)
        text += "; and " + std::to_string(diagnostics.size() - 3) + " more";
    return text;
}

// check_media()'s diagnostics, in file order.
Diagnostics media_problems(const Playlist& playlist, const ContentRoot& root);

inline std::string quoted(const std::string& path) {
    return "\"" + path + "\"";
}

enum class Mode {
    Install, // stage every file, then swap
    Repair,  // the version is installed: replace its damaged files in place
    Check,   // write nothing; list every problem (beacon verify)
};

class Pipeline {
  public:
    Pipeline(BundleSource& source, Store* store, const InstallOptions& options,
             const VerifiedManifest& verified, Mode mode)
        : m_source(source), m_store(store), m_options(options), m_verified(verified), m_mode(mode),
          m_buffer(options.buffer_bytes) {
        if (m_store)
            m_staging = m_store->staging_path(verified.version);
        m_progress.total = verified.manifest.total_size();
    }

    // Install and Repair.
    InstallReport run(const std::vector<const ManifestEntry*>& entries) {
        m_progress.total = 0;
        for (auto* entry : entries)
            m_progress.total += entry->size;
        auto report = stage(entries);
        (void)m_store->fs().remove_all(m_staging);
        // Refused: any object only the staging folder used goes too. (After
        // a caveat, `current` names the new version, and pruning now would
        // drop the version `previous` failed to name: recover() does it.)
        if (report.outcome == InstallReport::Outcome::Refused)
            (void)m_store->prune();
        return report;
    }

    BundleCheck check(const std::string& playlist_source);

  private:
    InstallReport stage(const std::vector<const ManifestEntry*>& entries);
    std::optional<InstallReport> place(const ManifestEntry& entry);
    std::optional<InstallReport> check_listed(const ManifestEntry& entry);
    std::optional<InstallReport> receive(const ManifestEntry& entry, const Path* target,
                                         std::string* keep);
    std::optional<InstallReport> make_parents(const std::string& relative);
    std::optional<InstallReport> playlist_too_large(const ManifestEntry& entry);
    InstallReport swap(std::size_t items, std::size_t languages);

    void report_progress(const std::string& file) {
        if (m_options.progress) {
            m_progress.file = file;
            m_options.progress(m_progress);
        }
    }
    bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }

    BundleSource& m_source;
    Store* m_store; // null in Mode::Check
    const InstallOptions& m_options;
    const VerifiedManifest& m_verified;
    Mode m_mode;
    Path m_staging;
    std::optional<Playlist> m_playlist; // parsed, in an install: its media checked before the swap
    // With the ReadAhead slots of the file being copied, the only file data
    // in memory, ever (and the playlist's bytes in a check).
    std::vector<std::byte> m_buffer;
    std::set<std::string> m_made;
    std::vector<std::string> m_made_files; // staged, relative to m_staging
    Progress m_progress;
    std::uint64_t m_copied = 0;
    std::uint64_t m_reused = 0;
    std::set<std::string> m_fetched_counted; // of m_options.fetched, each counted once
};

} // namespace beacon::update::pipeline

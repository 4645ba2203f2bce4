// The install pipeline, and `beacon verify`'s dry run of it. One class runs
// both, so the two cannot disagree about a bundle (issue 18).
//
// Order matters. The playlist goes first so a bad one is refused before
// gigabytes are copied, but it is parsed only once its bytes have passed the
// manifest's size and SHA-256: in an install from the staged copy, in a check
// from the bytes just hashed. Its media are checked once they have passed
// theirs: in an install, in the staged folder before the swap, through the
// same DirectoryContentRoot the player uses (each file there, a plain file,
// and what its first bytes say it is); in a check, in the bundle folder,
// limited to the files that passed.

#include "update/pipeline.h"
#include "system/icu_language_catalog.h"
#include "system/text_decoding.h"

namespace beacon::update {

using namespace pipeline;

namespace pipeline {

InstallReport Pipeline::stage(const std::vector<const ManifestEntry*>& entries) {
    FileSystem& fs = m_store->fs();
    const ManifestEntry* playlist = m_verified.manifest.find(bundle_playlist_name);
    if (auto failed = playlist_too_large(*playlist))
        return *failed;
    std::uint64_t needed = 0;
    std::set<std::string> counted;
    for (auto* entry : entries)
        if (!m_store->has_object(entry->sha256, entry->size) &&
            counted.insert(entry->sha256).second)
            needed += entry->size;
    auto free = fs.free_bytes(m_store->root());
    if (free && free.value() < needed + space_margin)
        return refused(Failure::DiskFull, "the bundle needs " + std::to_string(needed) +
                                              " bytes in " + m_store->root().string() +
                                              ", which has " + std::to_string(free.value()) +
                                              " free");

    (void)fs.remove_all(m_staging);
    if (auto made = fs.make_dir(m_staging); !made)
        return store_failure(made.error());
    report_progress("");
    std::size_t items = 0, languages = 0;
    if (m_mode == Mode::Install) {
        // The playlist first, checked by place() before it is parsed.
        if (auto failed = place(*playlist))
            return *failed;
        auto text = read_small_file(fs, m_staging / bundle_playlist_name, max_playlist_bytes);
        if (!text)
            return refused(Failure::InvalidPlaylist, "playlist.xml: " + text.error().message);
        DecodedText decoded = decode_text(text.value(), std::string(bundle_playlist_name));
        if (!decoded.ok())
            return refused(Failure::InvalidPlaylist, decoded.error()->to_string());
        auto parsed = parse_playlist(decoded.text(), std::string(bundle_playlist_name),
                                     icu_language_catalog());
        if (!parsed.playlist)
            return refused(Failure::InvalidPlaylist, first_diagnostics(parsed.diagnostics));
        m_playlist = std::move(parsed.playlist);
        items = m_playlist->items.size();
        languages = m_playlist->languages.size();
    }
    for (auto* entry : entries)
        if (!(m_mode == Mode::Install && entry == playlist))
            if (auto failed = place(*entry))
                return *failed;
    if (m_mode == Mode::Install) {
        // Before the manifest and its signature join them: the staged
        // folder holds the listed files and nothing else.
        DirectoryContentRoot staged(fs, m_staging);
        if (auto problems = media_problems(*m_playlist, staged); !problems.empty())
            return refused(Failure::InvalidPlaylist, first_diagnostics(problems));
    }
    if (m_mode == Mode::Install)
        for (auto [name, text] : {std::pair{manifest_file_name, &m_verified.bytes},
                                  std::pair{signature_file_name, &m_verified.signature}})
            if (auto written = write_small_file(fs, m_staging / name, *text); !written)
                return store_failure(written.error());
    // Files were only closed: one syncfs() now puts every file, folder and
    // object link of the staged version on disk before anything points at
    // it. An fsync per file would wait for each file's writeback in turn,
    // while the next file's read sat idle.
    if (auto synced = fs.sync_filesystem(m_staging); !synced)
        return store_failure(synced.error());
    return swap(items, languages);
}

InstallReport Pipeline::swap(std::size_t items, std::size_t languages) {
    FileSystem& fs = m_store->fs();
    const std::string& version = m_verified.version;
    Path folder = m_store->version_path(version);
    if (m_mode == Mode::Repair) {
        // Each damaged file is replaced by one atomic rename; the version
        // stays complete at every step.
        for (auto& relative : m_made_files)
            if (auto moved = fs.rename(m_staging / relative, folder / relative); !moved)
                return store_failure(moved.error());
    } else {
        // A leftover folder of this name is named by no link (recover()).
        (void)fs.remove_all(folder);
        if (auto moved = fs.rename(m_staging, folder); !moved)
            return store_failure(moved.error());
    }
    auto synced =
        m_mode == Mode::Repair ? fs.sync_filesystem(folder) : fs.sync_dir(m_store->root());
    if (!synced)
        return store_failure(synced.error());
    InstallReport report;
    report.outcome = m_mode == Mode::Repair ? InstallReport::Outcome::Repaired
                                            : InstallReport::Outcome::Installed;
    report.version = version;
    report.sequence = m_verified.manifest.sequence;
    report.label = m_verified.manifest.label;
    report.items = items;
    report.languages = languages;
    report.bytes_copied = m_copied;
    report.bytes_reused = m_reused;
    if (m_store->current_version() != version) {
        SwapResult swapped = m_store->activate(version);
        if (!swapped.current_moved)
            return store_failure(*swapped.error);
        if (swapped.error) {
            report.caveat = swapped.previous_kept ? InstallReport::Caveat::NotDurable
                                                  : InstallReport::Caveat::PreviousLost;
            report.detail = "installed, but " + swapped.error->message;
            return report;
        }
    }
    // Old versions and unused objects: a failure here costs space, not content.
    if (auto pruned = m_store->prune(); !pruned)
        report.detail = "installed, but cleaning up old versions failed: " + pruned.error().message;
    return report;
}

std::optional<InstallReport> Pipeline::make_parents(const std::string& relative) {
    for (std::size_t slash = relative.find('/'); slash != std::string::npos;
         slash = relative.find('/', slash + 1)) {
        std::string folder = relative.substr(0, slash);
        if (!m_made.insert(folder).second)
            continue;
        if (auto made = m_store->fs().make_dir(m_staging / folder); !made)
            return store_failure(made.error());
    }
    return std::nullopt;
}

std::optional<InstallReport> Pipeline::place(const ManifestEntry& entry) {
    if (cancelled())
        return refused(Failure::Cancelled, "the install was cancelled");
    if (auto failed = make_parents(entry.path))
        return failed;
    // Every listed file must be there as it is listed, even one the store
    // already has: a bundle with a hole or a link in it is refused whole.
    if (auto failed = check_listed(entry))
        return failed;
    FileSystem& fs = m_store->fs();
    Path target = m_staging / entry.path;
    m_made_files.push_back(entry.path);
    if (m_store->has_verified_object(entry.sha256, entry.size)) {
        if (auto linked = fs.link(m_store->object_path(entry.sha256), target); !linked)
            return store_failure(linked.error());
        // Fetched by this install just before: brought in, not reused.
        if (m_options.fetched.count(entry.sha256) && m_fetched_counted.insert(entry.sha256).second)
            m_copied += entry.size;
        else
            m_reused += entry.size;
        m_progress.done += entry.size;
        report_progress(entry.path);
        return std::nullopt;
    }
    if (auto failed = receive(entry, &target, nullptr))
        return failed;
    // has_verified_object() removed a damaged object; another entry of the
    // same bundle may have linked a fresh one since.
    Path object = m_store->object_path(entry.sha256);
    if (m_store->has_object(entry.sha256, entry.size))
        return std::nullopt;
    if (auto linked = fs.link(target, object); !linked)
        return store_failure(linked.error());
    return std::nullopt;
}

} // namespace pipeline

InstallReport install_verified(BundleSource& source, Store& store, VerifiedManifest& verified,
                               const InstallOptions& options) {
    if (auto refusal = refuse_unless_newer(store, verified))
        return *refusal;
    const std::string& version = verified.version;
    std::vector<const ManifestEntry*> entries;
    Mode mode = Mode::Install;
    if (store.version_manifest(version)) {
        // Installed already: its files are hashed again, never trusted.
        Progress progress{0, verified.manifest.total_size(), ""};
        entries = store.damaged_files(version, verified.manifest, [&](std::uint64_t bytes) {
            progress.done += bytes;
            if (options.progress)
                options.progress(progress);
        });
        mode = Mode::Repair;
    } else {
        for (auto& entry : verified.manifest.files)
            entries.push_back(&entry);
    }
    InstallReport report;
    if (mode == Mode::Repair && entries.empty()) {
        report.version = version;
        report.sequence = verified.manifest.sequence;
        report.label = verified.manifest.label;
        if (store.current_version() == version) {
            report.outcome = InstallReport::Outcome::AlreadyCurrent;
        } else {
            // Kept, newer than current (it was rolled back from) and intact.
            SwapResult swapped = store.activate(version);
            if (!swapped.current_moved)
                return store_failure(*swapped.error);
            report.outcome = InstallReport::Outcome::Installed;
            if (swapped.error) {
                report.caveat = swapped.previous_kept ? InstallReport::Caveat::NotDurable
                                                      : InstallReport::Caveat::PreviousLost;
                report.detail = "installed, but " + swapped.error->message;
            }
        }
    } else {
        Pipeline pipeline(source, &store, options, verified, mode);
        report = pipeline.run(entries);
        if (!report.ok())
            return report;
    }
    if (auto counts = playlist_counts(store, version))
        std::tie(report.items, report.languages) = *counts;
    return report;
}

} // namespace beacon::update

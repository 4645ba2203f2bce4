#include "update/installer.h"

#include "core/playlist_parser.h"
#include "update/read_ahead.h"
#include "update/sha256.h"

#include <set>
#include <vector>

namespace beacon::update {

namespace {

constexpr std::size_t max_playlist_bytes = 16 * 1024 * 1024;
constexpr std::uint64_t space_margin = 1 << 20;
// Files this large are read and hashed on a thread of their own, a few
// buffers ahead, while this thread writes: hashing (one core) overlaps
// writing (the other), and the source's reads overlap both. Smaller files
// are not worth a thread.
constexpr std::uint64_t read_ahead_threshold = 4 << 20;
constexpr std::size_t read_ahead_slots = 4;

// Media checks for a version folder, through the same FileSystem the
// installer writes with.
class StoreContentRoot final : public ContentRoot {
  public:
    StoreContentRoot(FileSystem& fs, Path folder) : m_fs(fs), m_folder(std::move(folder)) {}
    PathStatus check(const std::string& relative) const override {
        switch (m_fs.stat_beneath(m_folder, relative).type) {
        case FileInfo::Type::File:
            return PathStatus::Ok;
        case FileInfo::Type::Missing:
            return PathStatus::Missing;
        case FileInfo::Type::Symlink:
            return PathStatus::EscapesRoot;
        default:
            return PathStatus::NotAFile;
        }
    }
    std::string resolve(const std::string& relative) const override {
        return (m_folder / relative).string();
    }

  private:
    FileSystem& m_fs;
    Path m_folder;
};

std::string first_diagnostics(const Diagnostics& diagnostics) {
    std::string text;
    for (std::size_t i = 0; i < diagnostics.size() && i < 3; ++i)
        text += (i ? "; " : "") + diagnostics[i].to_string();
    if (diagnostics.size() > 3)
        text += "; and " + std::to_string(diagnostics.size() - 3) + " more";
    return text;
}

InstallReport store_failure(const Error& error) {
    return refused(is_disk_full(error) ? Failure::DiskFull : Failure::StoreFailed, error.message);
}

// One install, from verified manifest to swapped `current`.
class Pipeline {
  public:
    Pipeline(BundleSource& source, Store& store, const InstallOptions& options,
             VerifiedManifest& verified)
        : m_source(source), m_store(store), m_fs(store.fs()), m_options(options),
          m_verified(verified), m_staging(store.staging_path() / verified.version),
          m_buffer(options.buffer_bytes) {
        m_progress.total = verified.manifest.total_size();
    }

    InstallReport run() {
        auto report = stage();
        if (!report.ok()) {
            // Leaves the store as it was: the staging folder and any object
            // only it used go.
            (void)m_fs.remove_all(m_staging);
            (void)m_store.prune();
        }
        return report;
    }

  private:
    InstallReport stage();
    std::optional<InstallReport> place(const ManifestEntry& entry);
    std::optional<InstallReport> check_listed(const ManifestEntry& entry);
    std::optional<InstallReport> copy(const ManifestEntry& entry, const Path& target);
    std::optional<InstallReport> make_parents(const std::string& relative);
    InstallReport validate_and_swap();

    void report_progress(const std::string& file) {
        if (m_options.progress) {
            m_progress.file = file;
            m_options.progress(m_progress);
        }
    }
    bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }

    BundleSource& m_source;
    Store& m_store;
    FileSystem& m_fs;
    const InstallOptions& m_options;
    VerifiedManifest& m_verified;
    Path m_staging;
    // With the ReadAhead slots of the file being copied, the only file data
    // in memory, ever.
    std::vector<std::byte> m_buffer;
    std::set<std::string> m_made;
    Progress m_progress;
    std::uint64_t m_copied = 0;
    std::uint64_t m_reused = 0;
};

InstallReport Pipeline::stage() {
    const Manifest& manifest = m_verified.manifest;
    // The playlist is small: check it before copying gigabytes for nothing.
    // The staged copy is checked again, media included, before the swap.
    auto playlist = m_source.open(std::string(bundle_playlist_name));
    if (playlist) {
        std::string text;
        std::byte chunk[16384];
        while (text.size() <= max_playlist_bytes) {
            auto n = playlist.value()->read(chunk);
            if (!n || n.value() == 0)
                break;
            text.append(reinterpret_cast<const char*>(chunk), n.value());
        }
        auto parsed = parse_playlist(text, std::string(bundle_playlist_name));
        if (!parsed.playlist)
            return refused(Failure::InvalidPlaylist, first_diagnostics(parsed.diagnostics));
    }

    std::uint64_t needed = 0;
    std::set<std::string> counted;
    for (auto& entry : manifest.files)
        if (!m_store.has_object(entry.sha256, entry.size) && counted.insert(entry.sha256).second)
            needed += entry.size;
    auto free = m_fs.free_bytes(m_store.root());
    if (free && free.value() < needed + space_margin)
        return refused(Failure::DiskFull, "the bundle needs " + std::to_string(needed) +
                                              " bytes in " + m_store.root().string() +
                                              ", which has " + std::to_string(free.value()) +
                                              " free");

    (void)m_fs.remove_all(m_staging);
    if (auto made = m_fs.make_dir(m_staging); !made)
        return store_failure(made.error());
    report_progress("");
    for (auto& entry : manifest.files)
        if (auto failed = place(entry))
            return *failed;
    for (auto [name, text] : {std::pair{manifest_file_name, &m_verified.bytes},
                              std::pair{signature_file_name, &m_verified.signature}})
        if (auto written = write_small_file(m_fs, m_staging / name, *text); !written)
            return store_failure(written.error());
    // Files were only closed: one syncfs() now puts every file, folder and
    // object link of the staged version on disk before anything points at
    // it. An fsync per file would wait for each file's writeback in turn,
    // while the next file's read sat idle.
    if (auto synced = m_fs.sync_filesystem(m_staging); !synced)
        return store_failure(synced.error());
    return validate_and_swap();
}

std::optional<InstallReport> Pipeline::make_parents(const std::string& relative) {
    for (std::size_t slash = relative.find('/'); slash != std::string::npos;
         slash = relative.find('/', slash + 1)) {
        std::string folder = relative.substr(0, slash);
        if (!m_made.insert(folder).second)
            continue;
        if (auto made = m_fs.make_dir(m_staging / folder); !made)
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
    Path target = m_staging / entry.path;
    if (m_store.has_object(entry.sha256, entry.size)) {
        // Already stored under its hash, which was checked when it came in.
        if (auto linked = m_fs.link(m_store.object_path(entry.sha256), target); !linked)
            return store_failure(linked.error());
        m_reused += entry.size;
        m_progress.done += entry.size;
        report_progress(entry.path);
        return std::nullopt;
    }
    if (auto failed = copy(entry, target))
        return failed;
    // EEXIST cannot happen: has_object() said no, and we hold the store lock.
    if (auto linked = m_fs.link(target, m_store.object_path(entry.sha256)); !linked)
        return store_failure(linked.error());
    return std::nullopt;
}

std::optional<InstallReport> Pipeline::check_listed(const ManifestEntry& entry) {
    const std::string& path = entry.path;
    FileInfo info = m_source.stat(path);
    if (info.type == FileInfo::Type::Unreadable)
        return refused(Failure::SourceFailed, "\"" + path + "\" cannot be read from the bundle");
    if (info.type == FileInfo::Type::Missing)
        return refused(Failure::FileMissing, "\"" + path +
                                                 "\" is listed in the manifest but "
                                                 "missing from the bundle");
    if (info.type == FileInfo::Type::Symlink)
        return refused(Failure::UnsafePath,
                       "\"" + path +
                           "\" is (or lies under) a symbolic link; bundles hold "
                           "plain files only");
    if (info.type != FileInfo::Type::File)
        return refused(Failure::UnsafePath, "\"" + path + "\" is not a plain file");
    if (info.size != entry.size)
        return refused(Failure::FileDamaged, "\"" + path + "\" is " + std::to_string(info.size) +
                                                 " bytes; the manifest says " +
                                                 std::to_string(entry.size));
    return std::nullopt;
}

std::optional<InstallReport> Pipeline::copy(const ManifestEntry& entry, const Path& target) {
    const std::string& path = entry.path;
    auto input = m_source.open(path);
    if (!input)
        return refused(Failure::SourceFailed, input.error().message);
    auto size = input.value()->size();
    if (!size)
        return refused(Failure::SourceFailed, size.error().message);
    if (size.value() != entry.size)
        return refused(Failure::FileDamaged, "\"" + path + "\" is " + std::to_string(size.value()) +
                                                 " bytes; the manifest says " +
                                                 std::to_string(entry.size));
    auto output = m_fs.create(target);
    if (!output)
        return store_failure(output.error());
    Sha256 hash;
    std::uint64_t copied = 0;
    // Reading one byte past the expected end tells a grown file apart.
    std::uint64_t limit = entry.size + 1;
    std::optional<ReadAhead> ahead;
    if (entry.size >= read_ahead_threshold)
        ahead.emplace(*input.value(), limit, read_ahead_slots, m_buffer.size(),
                      [&hash](std::span<const std::byte> chunk) { hash.update(chunk); });
    for (;;) {
        if (cancelled())
            return refused(Failure::Cancelled, "the install was cancelled");
        Result<std::span<const std::byte>> next = std::span<const std::byte>();
        if (ahead) {
            next = ahead->next(); // already hashed
        } else {
            std::size_t want =
                static_cast<std::size_t>(std::min<std::uint64_t>(m_buffer.size(), limit - copied));
            auto n = input.value()->read(std::span(m_buffer.data(), want));
            if (n) {
                next = std::span<const std::byte>(m_buffer.data(), n.value());
                hash.update(next.value());
            } else {
                next = n.error();
            }
        }
        if (!next)
            return refused(Failure::SourceFailed, next.error().message);
        auto chunk = next.value();
        if (chunk.empty())
            break;
        copied += chunk.size();
        if (copied > entry.size)
            return refused(Failure::SourceFailed,
                           "\"" + path + "\" grew while it was being copied");
        if (auto written = output.value()->write(chunk); !written)
            return store_failure(written.error());
        output.value()->write_back_early();
        m_copied += chunk.size();
        m_progress.done += chunk.size();
        report_progress(path);
    }
    if (copied != entry.size)
        return refused(Failure::SourceFailed,
                       "\"" + path + "\" ended after " + std::to_string(copied) + " of " +
                           std::to_string(entry.size) + " bytes: the bundle went away mid-copy");
    if (std::string actual = hash.finish_hex(); actual != entry.sha256)
        return refused(Failure::FileDamaged, "\"" + path + "\" has SHA-256 " + actual +
                                                 "; the manifest says " + entry.sha256);
    if (auto closed = output.value()->close(); !closed)
        return store_failure(closed.error());
    return std::nullopt;
}

InstallReport Pipeline::validate_and_swap() {
    auto text = read_small_file(m_fs, m_staging / bundle_playlist_name, max_playlist_bytes);
    if (!text)
        return refused(Failure::InvalidPlaylist, "playlist.xml: " + text.error().message);
    StoreContentRoot root(m_fs, m_staging);
    auto loaded = load_playlist(text.value(), std::string(bundle_playlist_name), root);
    if (!loaded.playlist)
        return refused(Failure::InvalidPlaylist, first_diagnostics(loaded.diagnostics));

    const std::string& version = m_verified.version;
    if (auto moved = m_fs.rename(m_staging, m_store.version_path(version)); !moved)
        return store_failure(moved.error());
    if (auto synced = m_fs.sync_dir(m_store.root()); !synced)
        return store_failure(synced.error());
    if (auto activated = m_store.activate(version); !activated)
        return store_failure(activated.error());
    InstallReport report;
    report.outcome = InstallReport::Outcome::Installed;
    report.version = version;
    report.items = loaded.playlist->items.size();
    report.languages = loaded.playlist->languages.size();
    report.bytes_copied = m_copied;
    report.bytes_reused = m_reused;
    // Old versions and unused objects: a failure here costs space, not content.
    if (auto pruned = m_store.prune(); !pruned)
        report.detail = "installed, but cleaning up old versions failed: " + pruned.error().message;
    return report;
}

} // namespace

std::optional<std::pair<std::size_t, std::size_t>> playlist_counts(Store& store,
                                                                   const std::string& version) {
    auto text = read_small_file(store.fs(), store.version_path(version) / bundle_playlist_name,
                                max_playlist_bytes);
    if (!text)
        return std::nullopt;
    auto parsed = parse_playlist(text.value(), std::string(bundle_playlist_name));
    if (!parsed.playlist)
        return std::nullopt;
    return std::pair{parsed.playlist->items.size(), parsed.playlist->languages.size()};
}

InstallReport install_bundle(BundleSource& source, Store& store, const KeyRing& ring,
                             const InstallOptions& options) {
    auto manifest = source.read_manifest(ManifestLimits{}.max_bytes);
    if (!manifest) {
        bool too_large = manifest.error().message.find("is larger than") != std::string::npos;
        return refused(too_large ? Failure::BadManifest : Failure::SourceFailed,
                       manifest.error().message);
    }
    auto signature = source.read_signature();
    if (!signature)
        return refused(Failure::NotSigned, signature.error().message);
    auto verification = verify_manifest(ring, manifest.value(), signature.value());
    if (!verification.verified)
        return refused(verification.failure, verification.detail);
    VerifiedManifest& verified = *verification.verified;

    if (auto prepared = store.prepare(); !prepared)
        return store_failure(prepared.error());
    auto lock = store.lock();
    if (!lock)
        return refused(Failure::Busy, lock.error().message);
    if (auto recovered = store.recover(); !recovered)
        return store_failure(recovered.error());
    return install_verified(source, store, verified, options);
}

InstallReport install_verified(BundleSource& source, Store& store, VerifiedManifest& verified,
                               const InstallOptions& options) {
    auto finish = [&](InstallReport::Outcome outcome) {
        InstallReport report;
        report.outcome = outcome;
        report.version = verified.version;
        if (auto counts = playlist_counts(store, verified.version))
            std::tie(report.items, report.languages) = *counts;
        return report;
    };
    if (store.current_version() == verified.version)
        return finish(InstallReport::Outcome::AlreadyCurrent);
    if (store.previous_version() == verified.version) {
        // Complete and checked when it was installed: only the swap is left.
        if (auto activated = store.activate(verified.version); !activated)
            return store_failure(activated.error());
        (void)store.prune();
        return finish(InstallReport::Outcome::Installed);
    }
    Pipeline pipeline(source, store, options, verified);
    return pipeline.run();
}

FileInfo StoreObjectSource::stat(const std::string& relative) {
    const ManifestEntry* entry = m_verified.manifest.find(relative);
    if (!entry)
        return {};
    return m_store.fs().stat(m_store.object_path(entry->sha256));
}

Result<std::unique_ptr<InputFile>> StoreObjectSource::open(const std::string& relative) {
    const ManifestEntry* entry = m_verified.manifest.find(relative);
    if (!entry)
        return Error{"\"" + relative + "\" is not in the manifest"};
    return m_store.fs().open_read(m_store.object_path(entry->sha256));
}

} // namespace beacon::update

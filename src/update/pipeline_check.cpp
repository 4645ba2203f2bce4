// Streaming one listed file with its size and SHA-256 checked, the media
// check of a playlist against a content root, and `beacon verify`'s dry run
// of the pipeline (check_bundle()).

#include "system/icu_language_catalog.h"
#include "system/text_decoding.h"
#include "update/pipeline.h"

#include "core/playlist/playlist_loader.h"

#include "update/read_ahead.h"
#include "update/sha256.h"

#include <algorithm>

namespace beacon::update {

using namespace pipeline;

namespace pipeline {

Diagnostics media_problems(const Playlist& playlist, const ContentRoot& root) {
    Diagnostics problems;
    check_media(playlist, root, problems);
    // In file order, as load_playlist() reports them.
    std::stable_sort(problems.begin(), problems.end(),
                     [](auto& a, auto& b) { return a.line < b.line; });
    return problems;
}

std::optional<InstallReport> Pipeline::playlist_too_large(const ManifestEntry& entry) {
    if (entry.size <= max_playlist_bytes)
        return std::nullopt;
    return refused(Failure::InvalidPlaylist,
                   quoted(entry.path) + " is " + std::to_string(entry.size) + " bytes; at most " +
                       std::to_string(max_playlist_bytes) + " are accepted");
}

std::optional<InstallReport> Pipeline::check_listed(const ManifestEntry& entry) {
    const std::string& path = entry.path;
    FileInfo info = m_source.stat(path);
    if (info.type == FileInfo::Type::Unreadable)
        return refused(Failure::SourceFailed, quoted(path) + " cannot be read from the bundle");
    if (info.type == FileInfo::Type::Missing)
        return refused(Failure::FileMissing,
                       quoted(path) + " is listed in the manifest but missing from the bundle");
    if (info.type == FileInfo::Type::Symlink)
        return refused(Failure::UnsafePath, quoted(path) +
                                                " is (or lies under) a symbolic link; bundles hold "
                                                "plain files only");
    if (info.type != FileInfo::Type::File)
        return refused(Failure::UnsafePath, quoted(path) + " is not a plain file");
    if (info.size != entry.size)
        return refused(Failure::FileDamaged, quoted(path) + " is " + std::to_string(info.size) +
                                                 " bytes; the manifest says " +
                                                 std::to_string(entry.size));
    return std::nullopt;
}

// Streams one listed file, checking its size before the first byte and its
// SHA-256 after the last; writes it to `target` and/or keeps it in `keep`.
std::optional<InstallReport> Pipeline::receive(const ManifestEntry& entry, const Path* target,
                                               std::string* keep) {
    const std::string& path = entry.path;
    auto input = m_source.open(path);
    if (!input)
        return refused(Failure::SourceFailed, input.error().message);
    auto size = input.value()->size();
    if (!size)
        return refused(Failure::SourceFailed, size.error().message);
    if (size.value() != entry.size)
        return refused(Failure::FileDamaged, quoted(path) + " is " + std::to_string(size.value()) +
                                                 " bytes; the manifest says " +
                                                 std::to_string(entry.size));
    std::unique_ptr<OutputFile> output;
    if (target) {
        auto created = m_store->fs().create(*target);
        if (!created)
            return store_failure(created.error());
        output = created.release_value();
    }
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
            return refused(Failure::SourceFailed, quoted(path) + " grew while it was being copied");
        if (output) {
            if (auto written = output->write(chunk); !written)
                return store_failure(written.error());
            output->write_back_early();
            m_copied += chunk.size();
        }
        if (keep)
            keep->append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
        m_progress.done += chunk.size();
        report_progress(path);
    }
    if (copied != entry.size)
        return refused(Failure::SourceFailed,
                       quoted(path) + " ended after " + std::to_string(copied) + " of " +
                           std::to_string(entry.size) + " bytes: the bundle went away mid-copy");
    if (std::string actual = hash.finish_hex(); actual != entry.sha256)
        return refused(Failure::FileDamaged, quoted(path) + " has SHA-256 " + actual +
                                                 "; the manifest says " + entry.sha256);
    if (output)
        if (auto closed = output->close(); !closed)
            return store_failure(closed.error());
    return std::nullopt;
}

BundleCheck Pipeline::check(const std::string& playlist_source) {
    BundleCheck result;
    const Manifest& manifest = m_verified.manifest;
    const ManifestEntry* playlist = manifest.find(bundle_playlist_name);
    auto note = [&](const ManifestEntry& entry, const InstallReport& report) {
        result.problems.push_back({entry.line, report.detail});
    };
    std::string text;
    std::optional<Playlist> parsed;
    // The files that passed their size and SHA-256: the only ones whose
    // bytes the media check may read, and all an install would hold.
    std::set<std::string> passed;
    if (auto failed = playlist_too_large(*playlist)) {
        note(*playlist, *failed);
    } else if (auto failed = check_listed(*playlist)) {
        note(*playlist, *failed);
    } else if (auto failed = receive(*playlist, nullptr, &text)) {
        note(*playlist, *failed);
    } else {
        DecodedText decoded = decode_text(text, playlist_source);
        ParsedPlaylist loaded;
        if (decoded.ok())
            loaded = parse_playlist(decoded.text(), playlist_source, icu_language_catalog());
        else
            loaded.diagnostics.push_back(*decoded.error());
        result.playlist = std::move(loaded.diagnostics);
        parsed = std::move(loaded.playlist);
        passed.insert(playlist->path);
    }
    for (auto& entry : manifest.files) {
        if (&entry == playlist)
            continue;
        if (cancelled())
            break;
        auto failed = check_listed(entry);
        if (!failed)
            failed = receive(entry, nullptr, nullptr);
        if (failed)
            note(entry, *failed);
        else
            passed.insert(entry.path);
    }
    // Once every file passed, as an install checks its staged folder (a
    // damaged file is named above, not again as a missing medium).
    if (parsed && result.problems.empty() && !cancelled()) {
        // `beacon verify` reads a bundle folder on the real filesystem.
        DirectoryContentRoot root(posix_file_system(), Path(playlist_source).parent_path(),
                                  std::move(passed));
        result.playlist = media_problems(*parsed, root);
    }
    if (parsed && result.playlist.empty()) {
        result.items = parsed->items.size();
        result.languages = parsed->languages.size();
    }
    return result;
}

} // namespace pipeline

BundleCheck check_bundle(BundleSource& source, const VerifiedManifest& verified,
                         const std::string& playlist_source, const InstallOptions& options) {
    Pipeline pipeline(source, nullptr, options, verified, Mode::Check);
    return pipeline.check(playlist_source);
}

} // namespace beacon::update

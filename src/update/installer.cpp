// Installing a bundle from a source: the signature, the sequence rule, and
// the sources that read a bundle's files. The pipeline is in pipeline.cpp.

#include "update/installer.h"
#include "system/icu_language_catalog.h"
#include "system/text_decoding.h"

#include "core/playlist/playlist_parser.h"

namespace beacon::update {

namespace {

constexpr std::size_t max_playlist_bytes = 16 * 1024 * 1024;

} // namespace

InstallReport store_failure(const Error& error) {
    return refused(error.code == ErrorCode::DiskFull ? Failure::DiskFull
                   : error.code == ErrorCode::Busy   ? Failure::Busy
                                                     : Failure::StoreFailed,
                   error.message);
}

std::optional<std::pair<std::size_t, std::size_t>> playlist_counts(Store& store,
                                                                   const std::string& version) {
    // Bytes of an installed version: checked against the manifest when they
    // came in, and again by install_verified() before it reports on them.
    auto text = read_small_file(store.fs(), store.version_file(version, bundle_playlist_name),
                                max_playlist_bytes);
    if (!text)
        return std::nullopt;
    DecodedText decoded = decode_text(text.value(), std::string(bundle_playlist_name));
    auto parsed =
        parse_playlist(decoded.text(), std::string(bundle_playlist_name), icu_language_catalog());
    if (!decoded.ok() || !parsed.playlist)
        return std::nullopt;
    return std::pair{parsed.playlist->items.size(), parsed.playlist->languages.size()};
}

std::optional<InstallReport> refuse_unless_newer(Store& store, const VerifiedManifest& verified) {
    auto current = store.current_version();
    if (!current || *current == verified.version)
        return std::nullopt;
    Sequence installed = store.sequence_of(*current);
    Sequence offered = verified.manifest.sequence;
    if (offered > installed)
        return std::nullopt;
    InstallReport report =
        refused(Failure::NotNewer,
                "the bundle's sequence " + std::to_string(offered) + " is not greater than " +
                    std::to_string(installed) + ", the sequence of the installed version " +
                    *current + "; `beacon rollback` goes back to the previous version on purpose");
    report.sequence = offered;
    report.installed_sequence = installed;
    return report;
}

InstallReport install_bundle(BundleSource& source, Store& store, const KeyRing& ring,
                             const InstallOptions& options) {
    auto verification = read_and_verify(source, ring);
    if (!verification.verified)
        return refused(verification.failure, verification.detail);
    VerifiedManifest& verified = *verification.verified;

    if (auto prepared = store.prepare(); !prepared)
        return store_failure(prepared.error());
    auto lock = store.lock();
    if (!lock)
        return store_failure(lock.error());
    if (auto recovered = store.recover(); !recovered)
        return store_failure(recovered.error());
    return install_verified(source, store, verified, options);
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

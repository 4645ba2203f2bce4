#include "update/network_update.h"

#include "update/sha256.h"

#include <set>

namespace beacon::update {

namespace {

bool permanent(long status) {
    return status >= 400 && status < 500 && status != 408 && status != 429;
}

// Failures that another try of the same manifest would only repeat.
bool settled(const InstallReport& report) {
    switch (report.failure) {
    case Failure::None:
    case Failure::NotABundle:
    case Failure::NotSigned:
    case Failure::UntrustedKey:
    case Failure::Altered:
    case Failure::BadManifest:
    case Failure::InvalidPlaylist:
    case Failure::UnsafePath:
    case Failure::NotNewer:
        return true;
    default:
        return false;
    }
}

} // namespace

NetworkUpdater::NetworkUpdater(Store& store, std::string manifest_url, HttpPolicy policy,
                               std::uint64_t seed)
    : m_store(store), m_url(std::move(manifest_url)), m_policy(policy),
      m_backoff(policy.backoff_base, policy.backoff_max, seed) {}

NetworkUpdater::Fetched NetworkUpdater::get_with_retries(const std::string& url,
                                                         const std::string& etag,
                                                         std::size_t max_bytes,
                                                         const WaitFunction& wait) {
    std::string last;
    long last_status = 0;
    // What the last try says went wrong: no answer at all, no such URL, or
    // an answer that was wrong. Never anything about the bundle's signature.
    Failure failure = Failure::Network;
    m_backoff.reset();
    for (int attempt = 0; attempt < m_policy.attempts; ++attempt) {
        if (attempt > 0 && !wait(m_backoff.next()))
            return {std::nullopt, refused(Failure::Cancelled, "cancelled")};
        auto response = m_client->get(url, etag, max_bytes);
        if (!response) {
            last = response.error().message;
            last_status = 0;
            failure = response.error().code == ErrorCode::Unreachable ? Failure::Unreachable
                                                                      : Failure::Network;
            continue;
        }
        long status = response.value().status;
        if (status == 200 || status == 304)
            return {response.release_value(), std::nullopt};
        last = url + ": the server answered HTTP " + std::to_string(status);
        last_status = status;
        failure = status == 404 || status == 410 ? Failure::NoSuchUrl : Failure::Network;
        if (permanent(status))
            break;
    }
    return {std::nullopt, refused(failure, last), last_status};
}

std::optional<InstallReport> NetworkUpdater::remember(std::optional<InstallReport> report,
                                                      const std::string& etag,
                                                      const std::string& version) {
    if (!report || settled(*report)) {
        m_etag = etag;
        m_settled_version = version;
    }
    return report;
}

std::optional<InstallReport>
NetworkUpdater::poll(const KeyRing& ring, const InstallOptions& options, const WaitFunction& wait) {
    if (!m_client) {
        auto client = HttpClient::create(m_policy);
        if (!client)
            return refused(Failure::Network, client.error().message);
        m_client = client.release_value();
    }
    std::size_t max_manifest = ManifestLimits{}.max_bytes;
    auto manifest = get_with_retries(m_url, m_etag, max_manifest, wait);
    if (manifest.failure)
        return manifest.failure;
    if (manifest.response->status == 304)
        return std::nullopt;
    const std::string& bytes = manifest.response->body;
    const std::string& etag = manifest.response->etag;
    std::string version = version_for_manifest(bytes);
    if (version == m_settled_version || version == m_store.current_version())
        return remember(std::nullopt, etag, version);

    auto signature =
        get_with_retries(sibling_url(m_url, std::string(signature_file_name)), "", 4096, wait);
    std::optional<std::string> signature_text;
    if (signature.response)
        signature_text = signature.response->body;
    else if (signature.status != 404)
        return signature.failure; // unreachable now: try again at the next poll
    auto verification = verify_manifest(ring, bytes, signature_text);
    if (!verification.verified)
        return remember(refused(verification.failure, verification.detail), etag, version);
    VerifiedManifest& verified = *verification.verified;

    if (auto prepared = m_store.prepare(); !prepared)
        return refused(Failure::StoreFailed, prepared.error().message);
    auto lock = m_store.lock();
    if (!lock)
        return store_failure(lock.error());
    if (auto recovered = m_store.recover(); !recovered)
        return refused(Failure::StoreFailed, recovered.error().message);
    // Before a byte of the bundle is fetched: a replayed older manifest
    // costs one request, not a download.
    if (auto refusal = refuse_unless_newer(m_store, verified))
        return remember(refusal, etag, version);

    // Only what the store lacks (or holds damaged), each hash once.
    std::vector<const ManifestEntry*> missing;
    std::set<std::string> wanted;
    Progress progress;
    for (auto& entry : verified.manifest.files)
        if (!m_store.has_verified_object(entry.sha256, entry.size) &&
            wanted.insert(entry.sha256).second) {
            missing.push_back(&entry);
            progress.total += entry.size;
        }
    // Partial downloads of files no longer wanted only take space.
    m_store.discard_downloads_except(wanted);
    for (auto* entry : missing)
        if (auto failed = download(*entry, progress, options, wait))
            return failed;
    if (auto synced = m_store.sync_objects(); !synced)
        return refused(Failure::StoreFailed, synced.error().message);

    StoreObjectSource source(m_store, verified);
    InstallOptions install = options;
    install.origin = Origin::Network;
    for (auto* entry : missing)
        install.fetched.insert(entry->sha256);
    return remember(install_verified(source, m_store, verified, install), etag, version);
}

std::optional<InstallReport> NetworkUpdater::download(const ManifestEntry& entry,
                                                      Progress& progress,
                                                      const InstallOptions& options,
                                                      const WaitFunction& wait) {
    FileSystem& fs = m_store.fs();
    Path part = m_store.download_path(entry.sha256);
    std::string url = sibling_url(m_url, entry.path);
    std::vector<std::byte> buffer(options.buffer_bytes);
    std::uint64_t progress_base = progress.done;
    std::string last;
    m_backoff.reset();
    for (int attempt = 0; attempt < m_policy.attempts; ++attempt) {
        if (attempt > 0 && !wait(m_backoff.next()))
            return refused(Failure::Cancelled, "cancelled");
        // What an earlier attempt or poll left is hashed again, never trusted.
        FileInfo info = fs.stat(part);
        if (info.type == FileInfo::Type::File && info.size > entry.size)
            (void)fs.remove(part);
        auto hash = std::make_unique<Sha256>();
        std::uint64_t have = 0;
        if (auto existing = fs.open_read(part)) {
            for (;;) {
                auto n = existing.value()->read(buffer);
                if (!n || n.value() == 0)
                    break;
                hash->update(std::span(buffer.data(), n.value()));
                have += n.value();
            }
        }
        auto output = fs.open_append(part);
        if (!output)
            return store_failure(output.error());
        std::optional<Error> write_error;
        bool restarted = false;
        const std::uint64_t resumed_from = have;
        auto sink = [&](long status, std::span<const std::byte> chunk) {
            if (status == 200 && resumed_from > 0 && !restarted) {
                // The server ignored the Range request: start over.
                restarted = true;
                output.value().reset();
                (void)fs.remove(part);
                auto fresh = fs.open_append(part);
                if (!fresh) {
                    write_error = fresh.error();
                    return false;
                }
                output = fresh.release_value();
                hash = std::make_unique<Sha256>();
                have = 0;
            }
            if (have + chunk.size() > entry.size)
                return false;
            if (auto written = output.value()->write(chunk); !written) {
                write_error = written.error();
                return false;
            }
            output.value()->write_back_early();
            hash->update(chunk);
            have += chunk.size();
            progress.done = progress_base + have;
            if (options.progress) {
                progress.file = entry.path;
                options.progress(progress);
            }
            return !(options.cancel && options.cancel->load());
        };
        auto status = have == entry.size ? Result<long>(416L)
                                         : m_client->download(url, have, entry.size - have, sink);
        if (write_error)
            return store_failure(*write_error);
        if (options.cancel && options.cancel->load())
            return refused(Failure::Cancelled, "cancelled");
        if (!status) {
            last = status.error().message;
            if (have > entry.size || status.error().code == ErrorCode::TooLarge) {
                (void)fs.remove(part);
                last = url + ": the server sent more than the manifest's " +
                       std::to_string(entry.size) + " bytes";
            }
            continue;
        }
        if (status.value() != 200 && status.value() != 206 && status.value() != 416) {
            last = url + ": the server answered HTTP " + std::to_string(status.value());
            if (permanent(status.value()) && status.value() != 416)
                break;
            continue;
        }
        if (have < entry.size) {
            last = url + ": the download ended after " + std::to_string(have) + " of " +
                   std::to_string(entry.size) + " bytes";
            continue; // the next attempt resumes from here
        }
        if (hash->finish_hex() != entry.sha256) {
            (void)fs.remove(part);
            last = url + ": the downloaded file does not match its SHA-256 in the manifest";
            continue;
        }
        if (auto synced = output.value()->sync(); !synced)
            return refused(Failure::StoreFailed, synced.error().message);
        (void)output.value()->close();
        if (auto moved = fs.rename(part, m_store.object_path(entry.sha256)); !moved)
            return refused(Failure::StoreFailed, moved.error().message);
        return std::nullopt;
    }
    return refused(Failure::Network, last);
}

} // namespace beacon::update

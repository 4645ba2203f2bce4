#pragma once

// Network updates: `update-url` names a bundle's manifest.xml on any static
// web server or CDN, with manifest.sig and the files beside it. Each poll asks
// for the manifest with If-None-Match; a new one is verified before anything
// else is fetched, then only the files whose hash the store lacks are
// downloaded (resuming partial downloads, checking each one's size and
// SHA-256), and the usual install pipeline links them into a version.
//
// Threading: a NetworkUpdater lives on the update worker's thread.

#include "update/backoff.h"
#include "update/http_client.h"
#include "update/installer.h"

#include <functional>
#include <optional>
#include <string>

namespace beacon::update {

// Sleeps for the given time unless cancelled first; returns false if cancelled.
using WaitFunction = std::function<bool(std::chrono::milliseconds)>;

class NetworkUpdater {
  public:
    NetworkUpdater(Store& store, std::string manifest_url, HttpPolicy policy, std::uint64_t seed);

    // One poll. Nothing when the manifest is unchanged since the last poll
    // that reached a conclusion, or names the version already playing.
    // Otherwise the report of the install (or of why there was none).
    std::optional<InstallReport> poll(const KeyRing& ring, const InstallOptions& options,
                                      const WaitFunction& wait);

    const std::string& url() const { return m_url; }

  private:
    struct Fetched {
        std::optional<HttpResponse> response;
        std::optional<InstallReport> failure;
        long status = 0; // of the last answer when it failed (404: not there); 0 for none
    };
    Fetched get_with_retries(const std::string& url, const std::string& etag, std::size_t max_bytes,
                             const WaitFunction& wait);
    std::optional<InstallReport> download(const ManifestEntry& entry, Progress& progress,
                                          const InstallOptions& options, const WaitFunction& wait);
    std::optional<InstallReport> remember(std::optional<InstallReport> report,
                                          const std::string& etag, const std::string& version);

    Store& m_store;
    std::string m_url;
    HttpPolicy m_policy;
    Backoff m_backoff;
    std::unique_ptr<HttpClient> m_client;
    std::string m_etag;            // of the last manifest that reached a conclusion
    std::string m_settled_version; // installed or refused for good: not tried again
};

} // namespace beacon::update

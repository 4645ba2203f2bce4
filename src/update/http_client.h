#pragma once

// A libcurl client for fetching bundles from any static web server or CDN.
// The kiosk only ever connects out; it opens no listening port. TLS
// certificates are always verified, and only http and https are allowed,
// redirects included.
//
// Threading: one HttpClient per thread (it owns one curl easy handle, reused
// so connections are kept alive). libcurl is loaded on first use
// (update/curl_library.h); http_global_init() loads it and runs
// curl_global_init(): call it from the main thread before starting threads.

#include "core/result.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::update {

void http_global_init();

struct HttpPolicy {
    std::chrono::milliseconds connect_timeout{15'000};
    // A transfer slower than 1 KB/s for this long is abandoned.
    std::chrono::milliseconds stall_timeout{30'000};
    // Every transfer also has an overall deadline, so a server trickling
    // just above the stall limit cannot hold one forever: connect_timeout +
    // 2 * stall_timeout, plus, for a download, its size at this rate.
    std::uint64_t min_bytes_per_second = 16 * 1024;
    int attempts = 4; // per request, the first one included
    std::chrono::milliseconds backoff_base{1'000};
    std::chrono::milliseconds backoff_max{60'000};
};

struct HttpResponse {
    long status = 0;
    std::string etag;
    std::string body;
};

class HttpClient {
  public:
    static Result<std::unique_ptr<HttpClient>> create(const HttpPolicy& policy);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // One GET into memory. A body longer than max_bytes fails the request.
    // With an etag, asks If-None-Match (a 304 comes back with no body).
    Result<HttpResponse> get(const std::string& url, const std::string& etag,
                             std::size_t max_bytes);

    // One GET from byte `offset` on (a Range request when offset > 0) of
    // `expected` more bytes, which sets its deadline. Each chunk of a 200 or
    // 206 body goes to `sink` with the status, and the sink returns false to
    // abort. Returns the HTTP status.
    using Sink = std::function<bool(long status, std::span<const std::byte> chunk)>;
    Result<long> download(const std::string& url, std::uint64_t offset, std::uint64_t expected,
                          const Sink& sink);

    // One PUT of `body` (a small report: sent from memory), with extra
    // request headers ("Authorization: ..."). Returns the HTTP status; a
    // response body is read and dropped. Raising `cancel` (another thread
    // may) abandons the transfer within about a second.
    Result<long> put(const std::string& url, std::string_view body,
                     const std::vector<std::string>& headers,
                     const std::atomic<bool>* cancel = nullptr);

    // One request with any method (PROPFIND for a WebDAV listing, a GET
    // with credentials) into memory, with extra request headers and a body
    // (sent when not empty). A response body longer than max_bytes fails the
    // request with ErrorCode::TooLarge.
    Result<HttpResponse> request(const char* method, const std::string& url,
                                 const std::vector<std::string>& headers, std::string_view body,
                                 std::size_t max_bytes);

  private:
    HttpClient() = default;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// "https://host/a/manifest.xml" + "media/x.mp4" -> "https://host/a/media/x.mp4",
// each path segment percent-encoded.
std::string sibling_url(const std::string& manifest_url, const std::string& relative);

} // namespace beacon::update

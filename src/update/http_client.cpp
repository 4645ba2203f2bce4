#include "update/http_client.h"

#include "update/curl_library.h"

#include <curl/curl.h>

#include <algorithm>
#include <climits>
#include <optional>

namespace beacon::update {

namespace {

struct SlistDeleter {
    CurlLibrary const* curl = nullptr;
    void operator()(curl_slist* list) const { curl->slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

std::string trim(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

struct Transfer {
    std::function<bool(std::span<const std::byte>)> sink;
    std::optional<std::string_view> upload; // a PUT's body, consumed as it is sent
    const char* method = nullptr;           // another method than GET or PUT
    std::string_view request_body;          // sent with `method` when not empty
    const std::atomic<bool>* cancel = nullptr;
    std::string etag;
    bool aborted_by_sink = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    size_t bytes = size * count;
    if (!transfer->sink(std::as_bytes(std::span(data, bytes)))) {
        transfer->aborted_by_sink = true;
        return 0; // makes curl stop with CURLE_WRITE_ERROR
    }
    return bytes;
}

size_t on_upload(char* buffer, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    size_t bytes = std::min(size * count, transfer->upload->size());
    std::copy_n(transfer->upload->data(), bytes, buffer);
    transfer->upload->remove_prefix(bytes);
    return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* transfer = static_cast<Transfer*>(user);
    return transfer->cancel && transfer->cancel->load() ? 1 : 0; // nonzero aborts
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    // A redirect's headers come first; only the last response's ETag counts.
    if (line.rfind("HTTP/", 0) == 0)
        transfer->etag.clear();
    constexpr std::string_view name = "etag:";
    if (line.size() > name.size()) {
        std::string lower;
        for (char c : line.substr(0, name.size()))
            lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (lower == name)
            transfer->etag = trim(line.substr(name.size()));
    }
    return size * count;
}

} // namespace

void http_global_init() {
    (void)curl_library(); // loads libcurl and runs curl_global_init, once
}

struct HttpClient::Impl {
    CurlLibrary const* lib = nullptr;
    CURL* curl = nullptr;
    HttpPolicy policy;
    char error[CURL_ERROR_SIZE] = {};
    ~Impl() {
        if (curl)
            lib->easy_cleanup(curl);
    }

    // The one place a transfer's overall deadline is set: `expected` bytes
    // at the policy's minimum rate, on top of the connect and stall times.
    Result<long> perform(const std::string& url, Transfer& transfer, std::uint64_t offset,
                         curl_slist* headers, std::uint64_t expected) {
        lib->easy_reset(curl);
        error[0] = '\0';
        lib->easy_setopt(curl, CURLOPT_URL, url.c_str());
        lib->easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
        lib->easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        lib->easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        lib->easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        lib->easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
        lib->easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
        // Never switched off: content is signed, but TLS keeps what a kiosk
        // fetches private and stops a network from feeding it stale bundles.
        lib->easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        lib->easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
        lib->easy_setopt(curl, CURLOPT_USERAGENT, "Beacon-kiosk");
        lib->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(policy.connect_timeout.count()));
        lib->easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
        lib->easy_setopt(
            curl, CURLOPT_LOW_SPEED_TIME,
            static_cast<long>(std::max<long long>(1, (policy.stall_timeout.count() + 999) / 1000)));
        std::uint64_t rate = std::max<std::uint64_t>(1, policy.min_bytes_per_second);
        std::uint64_t deadline_ms =
            static_cast<std::uint64_t>(policy.connect_timeout.count() +
                                       2 * policy.stall_timeout.count()) +
            std::min<std::uint64_t>(expected, std::uint64_t(1) << 50) / rate * 1000;
        lib->easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                         static_cast<long>(std::min<std::uint64_t>(deadline_ms, LONG_MAX)));
        if (offset > 0)
            lib->easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(offset));
        if (headers)
            lib->easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        lib->easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
        lib->easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
        lib->easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
        lib->easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
        if (transfer.cancel) {
            lib->easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
            lib->easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
            lib->easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
        }
        if (transfer.upload) {
            lib->easy_setopt(curl, CURLOPT_UPLOAD, 1L);
            lib->easy_setopt(curl, CURLOPT_READFUNCTION, on_upload);
            lib->easy_setopt(curl, CURLOPT_READDATA, &transfer);
            lib->easy_setopt(curl, CURLOPT_INFILESIZE_LARGE,
                             static_cast<curl_off_t>(transfer.upload->size()));
        }
        if (transfer.method)
            lib->easy_setopt(curl, CURLOPT_CUSTOMREQUEST, transfer.method);
        if (!transfer.request_body.empty()) {
            // Not copied: the body outlives easy_perform().
            lib->easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(transfer.request_body.size()));
            lib->easy_setopt(curl, CURLOPT_POSTFIELDS, transfer.request_body.data());
        }
        CURLcode code = lib->easy_perform(curl);
        long status = 0;
        lib->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (code != CURLE_OK) {
            // TooLarge: a sink stops a transfer that would pass its size
            // cap. A caller whose sink stops for its own reasons (a failed
            // write, a cancel) knows them before it looks at this error.
            if (transfer.aborted_by_sink)
                return Error{ErrorCode::TooLarge,
                             url + ": the transfer was stopped: the server sent more than "
                                   "expected, or the data could not be stored"};
            std::string why = error[0] ? error : lib->easy_strerror(code);
            // No connection was made at all: the URL's host is wrong, or
            // nothing listens there. Told apart so nobody blames the data.
            bool unreachable = code == CURLE_COULDNT_RESOLVE_HOST ||
                               code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_COULDNT_CONNECT;
            return Error{unreachable ? ErrorCode::Unreachable : ErrorCode::Other, url + ": " + why};
        }
        return status;
    }
};

Result<std::unique_ptr<HttpClient>> HttpClient::create(const HttpPolicy& policy) {
    auto lib = curl_library();
    if (!lib)
        return lib.error();
    std::unique_ptr<HttpClient> client(new HttpClient());
    client->m_impl = std::make_unique<Impl>();
    client->m_impl->lib = lib.value();
    client->m_impl->policy = policy;
    client->m_impl->curl = lib.value()->easy_init();
    if (!client->m_impl->curl)
        return Error{"curl_easy_init failed"};
    return client;
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::get(const std::string& url, const std::string& etag,
                                     std::size_t max_bytes) {
    HttpResponse response;
    Transfer transfer;
    // Only the final response's body is kept; a redirect's is discarded.
    transfer.sink = [&](std::span<const std::byte> chunk) {
        if (response.body.size() + chunk.size() > max_bytes)
            return false;
        response.body.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
        return true;
    };
    Slist headers(nullptr, SlistDeleter{m_impl->lib});
    if (!etag.empty())
        headers.reset(m_impl->lib->slist_append(nullptr, ("If-None-Match: " + etag).c_str()));
    auto status = m_impl->perform(url, transfer, 0, headers.get(), 0);
    if (!status)
        return status.error();
    response.status = status.value();
    response.etag = transfer.etag;
    return response;
}

Result<long> HttpClient::download(const std::string& url, std::uint64_t offset,
                                  std::uint64_t expected, const Sink& sink) {
    Transfer transfer;
    long status = 0;
    transfer.sink = [&](std::span<const std::byte> chunk) {
        if (status == 0)
            m_impl->lib->easy_getinfo(m_impl->curl, CURLINFO_RESPONSE_CODE, &status);
        // An error page's body is not the file: swallow it.
        if (status != 200 && status != 206)
            return true;
        return sink(status, chunk);
    };
    return m_impl->perform(url, transfer, offset, nullptr, expected);
}

namespace {

// The request headers as curl's list, with an empty "Expect:", which stops
// curl waiting for "100 Continue" before sending a body.
Result<Slist> header_list(CurlLibrary const* lib, const std::vector<std::string>& headers) {
    Slist list(nullptr, SlistDeleter{lib});
    for (auto& header : headers) {
        curl_slist* longer = lib->slist_append(list.get(), header.c_str());
        if (!longer)
            return Error{"curl_slist_append failed"};
        (void)list.release();
        list.reset(longer);
    }
    curl_slist* longer = lib->slist_append(list.get(), "Expect:");
    if (longer) {
        (void)list.release();
        list.reset(longer);
    }
    return list;
}

} // namespace

Result<long> HttpClient::put(const std::string& url, std::string_view body,
                             const std::vector<std::string>& headers,
                             const std::atomic<bool>* cancel) {
    Transfer transfer;
    transfer.upload = body;
    transfer.cancel = cancel;
    transfer.sink = [](std::span<const std::byte>) { return true; };
    auto list = header_list(m_impl->lib, headers);
    if (!list)
        return list.error();
    return m_impl->perform(url, transfer, 0, list.value().get(), body.size());
}

Result<HttpResponse> HttpClient::request(const char* method, const std::string& url,
                                         const std::vector<std::string>& headers,
                                         std::string_view body, std::size_t max_bytes) {
    HttpResponse response;
    Transfer transfer;
    transfer.method = method;
    transfer.request_body = body;
    transfer.sink = [&](std::span<const std::byte> chunk) {
        if (response.body.size() + chunk.size() > max_bytes)
            return false;
        response.body.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
        return true;
    };
    auto list = header_list(m_impl->lib, headers);
    if (!list)
        return list.error();
    auto status = m_impl->perform(url, transfer, 0, list.value().get(), max_bytes);
    if (!status)
        return status.error();
    response.status = status.value();
    response.etag = transfer.etag;
    return response;
}

std::string sibling_url(const std::string& manifest_url, const std::string& relative) {
    auto query = manifest_url.find_first_of("?#");
    std::string base = manifest_url.substr(0, query);
    base = base.substr(0, base.rfind('/') + 1);
    static const char digits[] = "0123456789ABCDEF";
    for (unsigned char c : relative) {
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
        if (plain) {
            base += static_cast<char>(c);
        } else {
            base += '%';
            base += digits[c >> 4];
            base += digits[c & 15];
        }
    }
    return base;
}

} // namespace beacon::update

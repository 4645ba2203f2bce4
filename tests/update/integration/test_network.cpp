// Network updates against a real nginx on 127.0.0.1, started and stopped by
// the test: a signed bundle, a tampered one, ETag polling, downloads of only
// what the store lacks, resumption, and a server that fails in every way.

#include "bundle_helpers.h"
#include "integration/helpers.h"
#include "nginx.h"
#include "update/network_update.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace beacon;
using namespace beacon::update;

namespace {

struct Server {
    fs::path dir;
    fs::path www;
    std::unique_ptr<test::Nginx> nginx;

    explicit Server(const std::string& name, int slow_rate = 100)
        : dir(test::fresh_dir(name)), www(dir / "www") {
        fs::create_directories(www);
        nginx = std::make_unique<test::Nginx>(dir / "nginx", www, slow_rate);
        REQUIRE(nginx->running());
    }
    // Publishes `content` as a signed bundle under www/NAME.
    void publish(const std::string& name, const fs::path& content) {
        fs::remove_all(www / name);
        test::make_bundle(content, www / name);
    }
};

HttpPolicy fast_policy() {
    HttpPolicy policy;
    policy.connect_timeout = std::chrono::milliseconds(2000);
    policy.stall_timeout = std::chrono::milliseconds(1000);
    policy.attempts = 3;
    policy.backoff_base = std::chrono::milliseconds(50);
    policy.backoff_max = std::chrono::milliseconds(200);
    return policy;
}

std::optional<InstallReport> poll(NetworkUpdater& updater) {
    return updater.poll(test::test_ring(), {}, [](std::chrono::milliseconds wait) {
        std::this_thread::sleep_for(wait);
        return true;
    });
}

fs::path content_with(const fs::path& dir, std::size_t bytes) {
    fs::copy(test::fixtures() / "content-b", dir, fs::copy_options::recursive);
    std::string data(bytes, '\0');
    std::mt19937 random(5);
    for (auto& c : data)
        c = static_cast<char>(random());
    test::write_file(dir / "media/big.bin", data);
    return dir;
}

#define REQUIRE_NGINX()                                                                            \
    if (!test::Nginx::available()) {                                                               \
        WARN("SKIPPED: nginx is not installed (scripts/install-deps.sh installs it)");             \
        return;                                                                                    \
    }

} // namespace

TEST_CASE("beacon install URL from nginx: signed installs, tampered is refused, only new files "
          "are fetched",
          "[update-network]") {
    REQUIRE_NGINX();
    Server server("net-install");
    server.publish("fleet", test::fixtures() / "content");
    fs::path store = server.dir / "store";
    std::string options = " --store " + store.string() + " --keys " +
                          test::trusted_keys_dir().string() + " --update-timeout 5";
    auto first =
        test::run(test::beacon() + " install " + server.nginx->url("fleet/manifest.xml") + options);
    INFO(first.output << server.nginx->error_log());
    REQUIRE(first.exit_code == 0);
    CHECK(first.output.find("Updated: 2 items, 2 languages") != std::string::npos);
    std::string a = test::current_digest(store);

    // Version B shares the picture: only its playlist travels.
    server.publish("fleet", test::fixtures() / "content-b");
    auto second =
        test::run(test::beacon() + " install " + server.nginx->url("fleet/manifest.xml") + options);
    INFO(second.output);
    REQUIRE(second.exit_code == 0);
    CHECK(server.nginx->requests_for("fleet/media/tiny.png") == 1);
    CHECK(server.nginx->requests_for("fleet/playlist.xml") == 2);
    std::string b = test::current_digest(store);
    CHECK(b != a);

    // A tampered copy on the server: the manifest edited after signing.
    server.publish("tampered", test::fixtures() / "content");
    std::string manifest = test::read_file(server.www / "tampered/manifest.xml");
    manifest.replace(manifest.find("size=\"161\""), 10, "size=\"160\"");
    test::write_file(server.www / "tampered/manifest.xml", manifest);
    auto tampered = test::run(test::beacon() + " install " +
                              server.nginx->url("tampered/manifest.xml") + options);
    INFO(tampered.output);
    CHECK(tampered.exit_code == 1);
    CHECK(tampered.output.find("Not updated: this download was altered after it was signed. "
                               "Nothing was changed.") != std::string::npos);
    CHECK(server.nginx->requests_for("tampered/media/tiny.png") == 0);
    CHECK(test::current_digest(store) == b);
}

TEST_CASE("polling asks with If-None-Match and fetches nothing when nothing changed",
          "[update-network]") {
    REQUIRE_NGINX();
    Server server("net-etag");
    server.publish("fleet", test::fixtures() / "content");
    PosixFileSystem files;
    Store store(files, server.dir / "store");
    NetworkUpdater updater(store, server.nginx->url("fleet/manifest.xml"), fast_policy(), 1);
    auto first = poll(updater);
    REQUIRE(first);
    CHECK(first->outcome == InstallReport::Outcome::Installed);
    CHECK_FALSE(poll(updater));
    CHECK_FALSE(poll(updater));
    CHECK(server.nginx->requests_for("fleet/manifest.xml") == 3);
    CHECK(server.nginx->requests_for("fleet/manifest.sig") == 1);
    std::string log = test::read_file(server.dir / "nginx/access.log");
    CHECK(log.find("\"GET /fleet/manifest.xml HTTP/1.1\" 304") != std::string::npos);
}

TEST_CASE("a server that fails changes nothing: 404, 500, truncated data, slowness",
          "[update-network]") {
    REQUIRE_NGINX();
    Server server("net-failures", 200);
    PosixFileSystem files;
    Store store(files, server.dir / "store");
    server.publish("base", test::fixtures() / "content");
    NetworkUpdater base(store, server.nginx->url("base/manifest.xml"), fast_policy(), 1);
    REQUIRE(poll(base)->ok());
    std::string before = test::current_digest(server.dir / "store");
    auto refused_with = [&](const std::string& url, Failure failure, const std::string& words) {
        NetworkUpdater updater(store, url, fast_policy(), 2);
        auto started = std::chrono::steady_clock::now();
        auto report = poll(updater);
        auto took = std::chrono::steady_clock::now() - started;
        INFO(url << ": " << (report ? report->detail : "no report"));
        REQUIRE(report);
        CHECK(report->failure == failure);
        CHECK(report->detail.find(words) != std::string::npos);
        CHECK(took < std::chrono::seconds(15)); // bounded retries, bounded waits
        CHECK(test::current_digest(server.dir / "store") == before);
        CHECK(fs::is_empty(server.dir / "store/.staging"));
    };

    SECTION("404 for a media file, after three tries") {
        server.publish("missing", content_with(server.dir / "c1", 10'000));
        fs::remove(server.www / "missing/media/big.bin");
        refused_with(server.nginx->url("missing/manifest.xml"), Failure::Network, "HTTP 404");
        CHECK(server.nginx->requests_for("missing/media/big.bin") == 1); // 404 is not retried
    }
    SECTION("no signature on the server") {
        server.publish("unsigned", test::fixtures() / "content-b");
        fs::remove(server.www / "unsigned/manifest.sig");
        refused_with(server.nginx->url("unsigned/manifest.xml"), Failure::NotSigned, "not signed");
    }
    SECTION("500 for everything, retried a bounded number of times") {
        refused_with(server.nginx->url("error500/manifest.xml"), Failure::Network, "HTTP 500");
        CHECK(server.nginx->requests_for("error500/manifest.xml") == 3);
    }
    SECTION("a file shorter than the manifest says, then resumed once it is whole") {
        server.publish("short", content_with(server.dir / "c2", 300'000));
        std::string whole = test::read_file(server.www / "short/media/big.bin");
        test::write_file(server.www / "short/media/big.bin", whole.substr(0, 120'000));
        refused_with(server.nginx->url("short/manifest.xml"), Failure::Network,
                     "ended after 120000 of 300000 bytes");
        // The partial download is kept, and the next poll asks for the rest.
        test::write_file(server.www / "short/media/big.bin", whole);
        NetworkUpdater updater(store, server.nginx->url("short/manifest.xml"), fast_policy(), 3);
        auto report = poll(updater);
        REQUIRE(report);
        INFO(report->detail);
        CHECK(report->outcome == InstallReport::Outcome::Installed);
        std::string log = test::read_file(server.dir / "nginx/access.log");
        CHECK(log.find("\"GET /short/media/big.bin HTTP/1.1\" 206") != std::string::npos);
        before = test::current_digest(server.dir / "store");
    }
    SECTION("a server that answers very slowly is given up on") {
        server.publish("slow", content_with(server.dir / "c3", 40'000));
        refused_with(server.nginx->url("slow/manifest.xml"), Failure::Network, "");
    }
}

namespace {

// A one-shot HTTP responder whose Content-Length lies: no web server can be
// made to do that, so this stands in for a broken proxy or CDN edge.
class LyingServer {
  public:
    LyingServer(std::string body, std::size_t claimed) {
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        listen(m_fd, 8);
        m_thread = std::thread([this, body, claimed] {
            for (int i = 0; i < 3; ++i) {
                int client = accept(m_fd, nullptr, nullptr);
                if (client < 0)
                    return;
                char request[4096];
                (void)!read(client, request, sizeof request);
                std::string response =
                    "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(claimed) +
                    "\r\nConnection: close\r\n\r\n" + body;
                (void)!write(client, response.data(), response.size());
                close(client);
            }
        });
    }
    ~LyingServer() {
        shutdown(m_fd, SHUT_RDWR);
        close(m_fd);
        m_thread.join();
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(m_port) + "/manifest.xml";
    }

  private:
    int m_fd = -1;
    int m_port = 0;
    std::thread m_thread;
};

} // namespace

TEST_CASE("a wrong Content-Length is caught and nothing is installed", "[update-network]") {
    fs::path dir = test::fresh_dir("net-wrong-length");
    PosixFileSystem files;
    Store store(files, dir / "store");
    std::string manifest = test::read_file(test::fixtures() / "signed-a/manifest.xml");
    LyingServer server(manifest.substr(0, 200), manifest.size());
    NetworkUpdater updater(store, server.url(), fast_policy(), 4);
    auto report = poll(updater);
    REQUIRE(report);
    CHECK(report->failure == Failure::Network);
    CHECK(test::current_digest(dir / "store") == "none");
}

TEST_CASE("a wrong update URL is named as wrong, never as tampering: 404, refused, unknown host, "
          "an HTML page, a folder",
          "[update-network]") {
    REQUIRE_NGINX();
    Server server("net-wrong-url");
    server.publish("fleet", test::fixtures() / "content");
    // A folder URL: the web server answers with its index page, while the
    // sibling manifest.sig is the bundle's real signature.
    test::write_file(server.www / "fleet/index.html",
                     "<!DOCTYPE html>\n<html><body>Our bundles</body></html>\n");
    test::write_file(server.www / "page/manifest.xml",
                     "<!DOCTYPE html>\n<html><body>Moved</body></html>\n");
    fs::path store = server.dir / "store";
    auto install = [&](const std::string& url) {
        return test::run(test::beacon() + " install " + url + " --store " + store.string() +
                         " --keys " + test::trusted_keys_dir().string() + " --update-timeout 5");
    };
    struct Case {
        std::string url;
        std::string notice;
        std::string detail;
    };
    std::vector<Case> cases = {
        {server.nginx->url("missing/manifest.xml"),
         "Not updated: the update server has nothing at the update URL; check update-url, which "
         "names a bundle's manifest.xml. Nothing was changed.",
         "the server answered HTTP 404"},
        {"http://127.0.0.1:" + std::to_string(test::free_port()) + "/fleet/manifest.xml",
         "Not updated: the update server could not be reached; check update-url and the "
         "network. Nothing was changed.",
         "/fleet/manifest.xml: "},
        // RFC 2606: .invalid never resolves.
        {"http://beacon-update.invalid/fleet/manifest.xml",
         "Not updated: the update server could not be reached; check update-url and the "
         "network. Nothing was changed.",
         "beacon-update.invalid"},
        {server.nginx->url("page/manifest.xml"),
         "Not updated: the update URL does not answer with a Beacon manifest; check update-url, "
         "which names a bundle's manifest.xml. Nothing was changed.",
         "manifest.xml is not a Beacon manifest; it begins \"<!DOCTYPE html> <html><body>"},
        {server.nginx->url("fleet/"),
         "Not updated: the update URL does not answer with a Beacon manifest; check update-url, "
         "which names a bundle's manifest.xml. Nothing was changed.",
         "not a Beacon manifest"},
    };
    for (auto& wrong : cases) {
        auto result = install(wrong.url);
        INFO(wrong.url << "\n" << result.output);
        CHECK(result.exit_code == 1);
        CHECK(result.output.find(wrong.notice) != std::string::npos);
        CHECK(result.output.find(wrong.detail) != std::string::npos);
        CHECK(result.output.find("altered") == std::string::npos);
        CHECK(test::current_digest(store) == "none");
    }
    // The right URL still installs, and tampering is still called tampering.
    auto right = install(server.nginx->url("fleet/manifest.xml"));
    INFO(right.output);
    CHECK(right.exit_code == 0);
}

TEST_CASE("a download counts its bytes as copied, and only what the store had as reused",
          "[update-network]") {
    REQUIRE_NGINX();
    Server server("net-accounting");
    fs::path big = content_with(server.dir / "c-big", 3'000'000);
    server.publish("fleet", big);
    PosixFileSystem files;
    Store store(files, server.dir / "store");
    std::uint64_t total = 0;
    for (auto& entry : fs::recursive_directory_iterator(server.www / "fleet"))
        if (entry.is_regular_file() && entry.path().filename() != "manifest.xml" &&
            entry.path().filename() != "manifest.sig")
            total += entry.file_size();
    NetworkUpdater first(store, server.nginx->url("fleet/manifest.xml"), fast_policy(), 7);
    auto installed = poll(first);
    REQUIRE(installed);
    INFO(installed->detail);
    REQUIRE(installed->outcome == InstallReport::Outcome::Installed);
    CHECK(installed->bytes_copied == total);
    CHECK(installed->bytes_reused == 0);

    // The next version changes only the playlist: the big file is reused.
    fs::path changed = server.dir / "c-changed";
    fs::copy(big, changed, fs::copy_options::recursive);
    std::string playlist = test::read_file(changed / "playlist.xml");
    test::write_file(changed / "playlist.xml", playlist + "<!-- version 2 -->\n");
    server.publish("fleet", changed);
    NetworkUpdater second(store, server.nginx->url("fleet/manifest.xml"), fast_policy(), 8);
    auto updated = poll(second);
    REQUIRE(updated);
    REQUIRE(updated->outcome == InstallReport::Outcome::Installed);
    CHECK(updated->bytes_copied == fs::file_size(changed / "playlist.xml"));
    CHECK(updated->bytes_reused == total - fs::file_size(big / "playlist.xml"));

    // The command says the same in words after a first download.
    fs::path fresh = server.dir / "fresh-store";
    auto command =
        test::run(test::beacon() + " install " + server.nginx->url("fleet/manifest.xml") +
                  " --store " + fresh.string() + " --keys " + test::trusted_keys_dir().string());
    INFO(command.output);
    CHECK(command.exit_code == 0);
    CHECK(command.output.find(" 3.0 MB copied, 0.0 MB already in the store") != std::string::npos);
}

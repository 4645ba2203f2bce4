#include "update/backoff.h"
#include "update/http_client.h"

#include <catch2/catch.hpp>

#include <set>

using beacon::update::Backoff;
using std::chrono::milliseconds;

TEST_CASE("backoff doubles up to its ceiling, each wait jittered into its upper half",
          "[network]") {
    Backoff backoff(milliseconds(1000), milliseconds(10'000), 42);
    long long expected[] = {1000, 2000, 4000, 8000, 10'000, 10'000};
    for (long long ceiling : expected) {
        auto wait = backoff.next().count();
        INFO("ceiling " << ceiling << ", wait " << wait);
        CHECK(wait >= ceiling / 2);
        CHECK(wait <= ceiling);
    }
    backoff.reset();
    CHECK(backoff.next().count() <= 1000);
}

TEST_CASE("jitter spreads a fleet: different seeds wait different times", "[network]") {
    std::set<long long> waits;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        Backoff backoff(milliseconds(30'000), milliseconds(600'000), seed);
        waits.insert(backoff.next().count());
    }
    CHECK(waits.size() > 10);
}

TEST_CASE("files are fetched beside the manifest, each path segment escaped", "[network]") {
    using beacon::update::sibling_url;
    CHECK(sibling_url("https://cdn.example.org/beacon/manifest.xml", "media/a b.mp4") ==
          "https://cdn.example.org/beacon/media/a%20b.mp4");
    CHECK(sibling_url("http://127.0.0.1:8080/x/manifest.xml?v=2", "manifest.sig") ==
          "http://127.0.0.1:8080/x/manifest.sig");
    CHECK(sibling_url("http://h/manifest.xml", "m/%#?.png") == "http://h/m/%25%23%3F.png");
}

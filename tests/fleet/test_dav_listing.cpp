// Issue 20: `beacon fleet URL` reads a WebDAV folder's PROPFIND answer. The
// listing comes from the network: only files directly in the listed folder
// on the same server are kept, whatever the hrefs say, and the answer is
// capped before it is parsed. The real nginx answer is checked end to end in
// test_reports_e2e.cpp; these are the cases a test server does not make.

#include "core/schedule.h"
#include "fleet/dav_listing.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace beacon::fleet;

namespace {

const std::string folder = "http://127.0.0.1:8080/reports/";

std::string response(const std::string& href, const std::string& props,
                     const std::string& status = "HTTP/1.1 200 OK") {
    return "<D:response><D:href>" + href + "</D:href><D:propstat><D:prop>" + props +
           "</D:prop><D:status>" + status + "</D:status></D:propstat></D:response>\n";
}

std::string multistatus(const std::string& responses) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<D:multistatus xmlns:D=\"DAV:\">\n" +
           responses + "</D:multistatus>\n";
}

} // namespace

TEST_CASE("a WebDAV listing: files of the folder, with their size and hour", "[fleet][dav]") {
    std::string text =
        multistatus(response("/reports/", "<D:resourcetype><D:collection/></D:resourcetype>") +
                    response("/reports/lobby-1.json",
                             "<D:getcontentlength>812</D:getcontentlength>"
                             "<D:getlastmodified>Sun, 06 Dec 2026 14:55:34 GMT</D:getlastmodified>"
                             "<D:resourcetype></D:resourcetype>") +
                    response("/reports/sub/", "<D:resourcetype><D:collection/></D:resourcetype>") +
                    response("/reports/ward%202.json", "<D:resourcetype/>") +
                    response("http://127.0.0.1:8080/reports/desk.json", "<D:resourcetype/>"));
    auto files = parse_dav_listing(text, folder);
    REQUIRE(files);
    REQUIRE(files.value().size() == 3);
    auto& lobby = files.value()[0];
    CHECK(lobby.url == folder + "lobby-1.json");
    CHECK(lobby.name == "lobby-1.json");
    CHECK(lobby.length == 812u);
    REQUIRE(lobby.modified_hour);
    CHECK(*lobby.modified_hour == days_from_civil({2026, 12, 6}) * 24 + 14);
    CHECK(files.value()[1].name == "ward 2.json");
    CHECK(files.value()[1].url == folder + "ward%202.json");
    CHECK_FALSE(files.value()[1].length);
    CHECK(files.value()[2].url == folder + "desk.json");
}

TEST_CASE("a WebDAV listing never leads elsewhere", "[fleet][dav]") {
    // Another server, another scheme, a parent, a deeper file, a sibling
    // folder whose name starts like ours, query strings, encoded slashes.
    for (const char* href :
         {"http://evil.example/reports/a.json", "https://127.0.0.1:8080/reports/a.json",
          "http://127.0.0.1:80800/reports/a.json", "/reports/../secret.json", "/reports/%2e%2e",
          "/reports/sub/a.json", "/reports-old/a.json", "/reports/a.json?x=1",
          "/reports/a%2Fb.json", "/reports/a%00.json", "/reports/%zz.json", "/other/a.json", "",
          "/reports/"})
        CHECK_FALSE(child_url(folder, href));
    CHECK(child_url(folder, "a.json") == folder + "a.json");
    CHECK(child_url(folder, "/reports/a.json") == folder + "a.json");
}

TEST_CASE("a WebDAV listing's namespace prefix is the server's choice", "[fleet][dav]") {
    // Nextcloud's lower-case prefix, and a default namespace with none.
    std::string lower = "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/reports/a.json"
                        "</d:href><d:propstat><d:prop><d:getcontentlength>5</d:getcontentlength>"
                        "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
                        "</d:multistatus>";
    auto files = parse_dav_listing(lower, folder);
    REQUIRE(files);
    REQUIRE(files.value().size() == 1);
    CHECK(files.value()[0].length == 5u);
    std::string bare = "<multistatus xmlns=\"DAV:\"><response><href>/reports/b.json</href>"
                       "</response></multistatus>";
    files = parse_dav_listing(bare, folder);
    REQUIRE(files);
    REQUIRE(files.value().size() == 1);
    // A property the server could not give (404 propstat) is not believed.
    std::string missing = multistatus(response(
        "/reports/c.json", "<D:getcontentlength>9</D:getcontentlength>", "HTTP/1.1 404 Not Found"));
    files = parse_dav_listing(missing, folder);
    REQUIRE(files);
    REQUIRE(files.value().size() == 1);
    CHECK_FALSE(files.value()[0].length);
}

TEST_CASE("a WebDAV listing that is not one is refused", "[fleet][dav]") {
    CHECK_FALSE(parse_dav_listing("<html><body>It works</body></html>", folder));
    CHECK_FALSE(parse_dav_listing("not xml", folder));
    CHECK_FALSE(parse_dav_listing(
        "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><D:multistatus xmlns:D=\"DAV:\"/>", folder));
    // Over the cap: refused before tinyxml2 sees it.
    std::string huge = multistatus(std::string(max_listing_bytes, ' '));
    auto refused = parse_dav_listing(huge, folder);
    REQUIRE_FALSE(refused);
}

TEST_CASE("HTTP dates in hours", "[fleet][dav]") {
    CHECK(http_date_hour("Thu, 01 Jan 1970 00:59:59 GMT") == 0);
    CHECK(http_date_hour("Thu, 01 Jan 1970 01:00:00 GMT") == 1);
    CHECK(http_date_hour("Sun, 06 Nov 1994 08:49:37 GMT") ==
          days_from_civil({1994, 11, 6}) * 24 + 8);
    CHECK_FALSE(http_date_hour("Sun, 31 Feb 1994 08:49:37 GMT"));
    CHECK_FALSE(http_date_hour("Sun, 06 Nov 1994 25:49:37 GMT"));
    CHECK_FALSE(http_date_hour("Sunday, 06-Nov-94 08:49:37 GMT"));
    CHECK_FALSE(http_date_hour(""));
}

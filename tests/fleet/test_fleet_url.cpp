// Issue 20: `beacon fleet URL` reads the reports from a WebDAV folder on a
// real nginx (PROPFIND through Debian's dav_ext module, basic auth): the
// same rows as from a local folder, a file too large for a report is never
// fetched, folders and other files are left alone, and wrong credentials
// are one clear error (exit 2), not an empty dashboard.

#include "core/fleet_report.h"
#include "dav_server.h"
#include "fleet/envelope.h"
#include "integration/helpers.h"
#include "update/keys.h"

#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace beacon;

namespace {

std::string sealed_report(const update::KeyPair& key, const std::string& name) {
    long long hour = static_cast<long long>(std::time(nullptr)) / 3600;
    FleetReport report;
    report.name = name;
    report.location = "Clinic A";
    report.beacon_version = "0.1.0";
    report.day = civil_from_days(hour / 24);
    report.hour = static_cast<int>(hour % 24);
    report.clock_trusted = true;
    auto text = fleet::seal_report(key.secret_key, report_json(report));
    REQUIRE(text);
    return text.value();
}

fs::path private_file(const fs::path& file, const std::string& line) {
    std::ofstream(file) << line << "\n";
    chmod(file.c_str(), 0600);
    return file;
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("beacon fleet URL reads a WebDAV folder of reports", "[fleet][e2e][dav]") {
    if (!test::DavServer::available()) {
        WARN("SKIP: nginx, its dav_ext module or openssl is not installed");
        std::exit(77);
    }
    fs::path dir = test::work_dir("fleet-url");
    test::DavServer server(dir / "nginx");
    REQUIRE(server.running());
    fs::path reports = server.root() / "reports";
    auto lobby = update::generate_key_pair().release_value();
    auto ward = update::generate_key_pair().release_value();
    std::ofstream(reports / "lobby-1.json", std::ios::binary) << sealed_report(lobby, "lobby-1");
    std::ofstream(reports / "ward 2.json", std::ios::binary) << sealed_report(ward, "ward 2");
    // Larger than any report may be: listed, never fetched.
    std::ofstream(reports / "huge.json", std::ios::binary)
        << std::string(fleet::max_envelope_bytes + 1, ' ');
    std::ofstream(reports / "notes.txt") << "not a report\n";
    fs::create_directories(reports / "archive");
    std::ofstream(reports / "archive" / "old.json") << "{}\n";
    fs::create_directories(dir / "keys");
    std::ofstream(dir / "keys" / "lobby-1.pub") << update::format_public_key(lobby.public_key);
    auto auth = private_file(dir / "auth", "basic reporter:secret");

    auto ran = test::run(test::beacon() + " fleet " + server.url("reports") + " --out " +
                         (dir / "out").string() + " --keys " + (dir / "keys").string() +
                         " --report-auth-file " + auth.string());
    INFO(ran.output);
    CHECK(ran.exit_code == 1); // huge.json is a row that could not be read
    CHECK(ran.output.find("3 reports") != std::string::npos);
    std::string html = read_all(dir / "out" / "index.html");
    CHECK(html.find("data-name=\"lobby-1\" data-state=\"online\" data-trust=\"enrolled\"") !=
          std::string::npos);
    CHECK(html.find("data-name=\"ward 2\" data-state=\"online\" data-trust=\"unknown key\"") !=
          std::string::npos);
    CHECK(html.find("more than a report can be") != std::string::npos);
    CHECK(html.find("old.json") == std::string::npos);
    CHECK(html.find("notes") == std::string::npos);
    CHECK(server.requests("PROPFIND", "reports/") == 1);
    CHECK(server.requests("GET", "reports/lobby-1.json") == 1);
    CHECK(server.requests("GET", "reports/ward 2.json") == 1); // nginx logs $uri decoded
    CHECK(server.requests("GET", "reports/huge.json") == 0);
    CHECK(server.requests("GET", "reports/archive") == 0);

    // Wrong credentials, or none: one error naming the answer, exit 2.
    auto wrong = private_file(dir / "wrong", "basic reporter:guess");
    auto refused = test::run(test::beacon() + " fleet " + server.url("reports/") + " --out " +
                             (dir / "out2").string() + " --report-auth-file " + wrong.string());
    INFO(refused.output);
    CHECK(refused.exit_code == 2);
    CHECK(refused.output.find("401") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out2" / "index.html"));
    auto anonymous = test::run(test::beacon() + " fleet " + server.url("reports/") + " --out " +
                               (dir / "out3").string());
    CHECK(anonymous.exit_code == 2);
    // A folder without WebDAV listing: nginx answers 405.
    auto not_dav = test::run(test::beacon() + " fleet " + server.url("full/") + " --out " +
                             (dir / "out4").string());
    INFO(not_dav.output);
    CHECK(not_dav.exit_code == 2);
}

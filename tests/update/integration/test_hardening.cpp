// Issue 18 through the real binary and a real nginx: bundle numbering and
// its warnings, a secret key others can read, verify and install agreeing,
// a replayed manifest on the server, and a server that trickles.

#include "bundle_helpers.h"
#include "integration/helpers.h"
#include "nginx.h"
#include "update/network_update.h"

#include <catch2/catch.hpp>

#include <random>
#include <thread>

namespace fs = std::filesystem;
using namespace beacon;
using namespace beacon::update;

namespace {

std::string keys_option() {
    return " --keys " + test::trusted_keys_dir().string();
}

std::string bundle_command(const fs::path& key, const fs::path& from, const fs::path& out) {
    return test::beacon() + " bundle --key " + key.string() + " --from " + from.string() +
           " --out " + out.string();
}

// The sequence="N" of a bundle's manifest, or -1.
long long sequence_of(const fs::path& bundle) {
    std::string text = test::read_file(bundle / "manifest.xml");
    auto at = text.find(" sequence=\"");
    if (at == std::string::npos)
        return -1;
    return std::stoll(text.substr(at + 11));
}

fs::path private_key_copy(const fs::path& dir) {
    fs::create_directories(dir);
    fs::copy_file(test::fixtures() / "keys/test.key", dir / "test.key");
    fs::permissions(dir / "test.key", fs::perms::owner_read | fs::perms::owner_write);
    return dir / "test.key";
}

#define REQUIRE_NGINX()                                                                            \
    if (!test::Nginx::available()) {                                                               \
        WARN("SKIPPED: nginx is not installed (scripts/install-deps.sh installs it)");             \
        return;                                                                                    \
    }

} // namespace

TEST_CASE("bundle numbers bundles, and warns when one is not newer", "[hardening-cli]") {
    fs::path dir = test::fresh_dir("hardening-sequence");
    fs::path key = private_key_copy(dir / "keys");
    fs::path from = test::fixtures() / "content-b";

    auto explicit_number = test::run(bundle_command(key, from, dir / "b7") + " --sequence 7");
    INFO(explicit_number.output);
    REQUIRE(explicit_number.exit_code == 0);
    CHECK(sequence_of(dir / "b7") == 7);
    CHECK(explicit_number.output.find("number 7") != std::string::npos);

    // By default: one more than the last bundle this key signed, at least
    // the seconds since 1970.
    auto automatic = test::run(bundle_command(key, from, dir / "next"));
    INFO(automatic.output);
    REQUIRE(automatic.exit_code == 0);
    CHECK(sequence_of(dir / "next") > 1'700'000'000);
    auto following = test::run(bundle_command(key, from, dir / "following"));
    REQUIRE(following.exit_code == 0);
    CHECK(sequence_of(dir / "following") > sequence_of(dir / "next"));

    auto older = test::run(bundle_command(key, from, dir / "older") + " --sequence 3");
    INFO(older.output);
    CHECK(older.exit_code == 0);
    CHECK(sequence_of(dir / "older") == 3);
    CHECK(older.output.find("warning:") != std::string::npos);
    CHECK(older.output.find("not newer") != std::string::npos);

    auto bad = test::run(bundle_command(key, from, dir / "bad") + " --sequence -4");
    CHECK(bad.exit_code != 0);
    CHECK_FALSE(fs::exists(dir / "bad/manifest.sig"));
}

TEST_CASE("bundle warns when others can read the secret key", "[hardening-cli]") {
    fs::path dir = test::fresh_dir("hardening-key-mode");
    fs::path key = private_key_copy(dir / "keys");
    fs::permissions(key, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
    auto result = test::run(bundle_command(key, test::fixtures() / "content-b", dir / "b"));
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("warning:") != std::string::npos);
    CHECK(result.output.find("chmod 600") != std::string::npos);

    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
    auto quiet = test::run(bundle_command(key, test::fixtures() / "content-b", dir / "c"));
    CHECK(quiet.output.find("chmod 600") == std::string::npos);
}

TEST_CASE("verify and install agree: a file the playlist uses but the manifest leaves out",
          "[hardening-cli]") {
    fs::path dir = test::fresh_dir("hardening-verify-install");
    auto bundle = test::make_bundle(test::fixtures() / "content-b", dir / "b");
    std::string text = test::read_file(bundle / "manifest.xml");
    auto at = text.find("  <file path=\"media/tiny.png\"");
    REQUIRE(at != std::string::npos);
    text.erase(at, text.find('\n', at) + 1 - at);
    test::write_file(bundle / "manifest.xml", text);
    test::resign(bundle);
    auto verify = test::run(test::beacon() + " verify " + bundle.string() + keys_option());
    auto install = test::run(test::beacon() + " install " + bundle.string() + " --store " +
                             (dir / "store").string() + keys_option());
    INFO(verify.output << "\n---\n" << install.output);
    CHECK(install.exit_code == 1);
    CHECK(verify.exit_code == install.exit_code);
    CHECK(verify.output.find("media/tiny.png") != std::string::npos);
}

TEST_CASE("verify does not parse a playlist whose hash is wrong", "[hardening-cli]") {
    fs::path dir = test::fresh_dir("hardening-verify-parse");
    auto bundle = test::make_bundle(test::fixtures() / "content-b", dir / "b");
    test::write_file(bundle / "playlist.xml", "<playlist languages=\"en\"><bogus/></playlist>\n");
    auto verify = test::run(test::beacon() + " verify " + bundle.string() + keys_option());
    INFO(verify.output);
    CHECK(verify.exit_code == 1);
    CHECK(verify.output.find("\"playlist.xml\" is ") != std::string::npos);
    CHECK(verify.output.find("bogus") == std::string::npos);
    CHECK(verify.output.find("playlist.xml:1:") == std::string::npos);
}

TEST_CASE("a server replaying an older signed manifest changes nothing and fetches nothing",
          "[hardening-network]") {
    REQUIRE_NGINX();
    fs::path dir = test::fresh_dir("hardening-replay");
    fs::create_directories(dir / "www");
    test::Nginx nginx(dir / "nginx", dir / "www", 100);
    REQUIRE(nginx.running());
    auto newer = test::make_bundle(test::fixtures() / "content-b", dir / "www/fleet");
    test::set_sequence(newer, 20);
    std::string options = " --store " + (dir / "store").string() + keys_option();
    auto first =
        test::run(test::beacon() + " install " + nginx.url("fleet/manifest.xml") + options);
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    std::string before = test::current_digest(dir / "store");

    fs::remove_all(dir / "www/fleet");
    fs::path old_content = dir / "old-content";
    fs::copy(test::fixtures() / "content", old_content, fs::copy_options::recursive);
    test::write_file(old_content / "media/old.bin", "an old file only this bundle has");
    auto older = test::make_bundle(old_content, dir / "www/fleet");
    test::set_sequence(older, 19);
    auto replay =
        test::run(test::beacon() + " install " + nginx.url("fleet/manifest.xml") + options);
    INFO(replay.output);
    CHECK(replay.exit_code == 1);
    CHECK(replay.output.find("Not updated: this bundle (number 19) is not newer than the "
                             "installed one (number 20). Nothing was changed.") !=
          std::string::npos);
    CHECK(nginx.requests_for("fleet/media/old.bin") == 0);
    CHECK(nginx.requests_for("fleet/playlist.xml") == 1);
    CHECK(test::current_digest(dir / "store") == before);
}

TEST_CASE("a download trickling above the stall limit still ends at its deadline",
          "[hardening-network]") {
    REQUIRE_NGINX();
    fs::path dir = test::fresh_dir("hardening-trickle");
    fs::create_directories(dir / "www/slow");
    // 4 KB/s passes curl's 1 KB/s stall check forever; 96 KB takes 24 s.
    test::Nginx nginx(dir / "nginx", dir / "www", 4096);
    REQUIRE(nginx.running());
    fs::path content = dir / "content";
    fs::copy(test::fixtures() / "content-b", content, fs::copy_options::recursive);
    std::string data(96 * 1024, '\0');
    std::mt19937 random(3);
    for (auto& c : data)
        c = static_cast<char>(random());
    test::write_file(content / "media/big.bin", data);
    test::make_bundle(content, dir / "www/slow/fleet");

    PosixFileSystem files;
    Store store(files, dir / "store");
    HttpPolicy policy;
    policy.connect_timeout = std::chrono::milliseconds(1000);
    policy.stall_timeout = std::chrono::milliseconds(1000);
    policy.attempts = 1;
    NetworkUpdater updater(store, nginx.url("slow/fleet/manifest.xml"), policy, 1);
    auto started = std::chrono::steady_clock::now();
    auto report = updater.poll(test::test_ring(), {}, [](std::chrono::milliseconds wait) {
        std::this_thread::sleep_for(wait);
        return true;
    });
    auto took = std::chrono::steady_clock::now() - started;
    REQUIRE(report);
    INFO(report->detail << " after "
                        << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                        << " ms");
    CHECK(report->failure == Failure::Network);
    CHECK(test::current_digest(dir / "store") == "none");
}

TEST_CASE("the player refuses a current link that leads out of the store, and says when "
          "update-url is plain http",
          "[hardening-cli]") {
    fs::path dir = test::fresh_dir("hardening-player-current");
    fs::path store = dir / "store";
    auto a = test::make_bundle(test::fixtures() / "content-b", dir / "a");
    REQUIRE(test::run(test::beacon() + " install " + a.string() + " --store " + store.string() +
                      keys_option())
                .exit_code == 0);
    // `current` now leads to a copy outside the store.
    fs::copy(fs::canonical(store / "current"), dir / "outside", fs::copy_options::recursive);
    fs::remove(store / "current");
    fs::create_directory_symlink(dir / "outside", store / "current");
    fs::path log = dir / "frames.csv";
    auto played = test::run(test::beacon() + " play --headless --size 320x240 --run-for 1.5" +
                            " --frame-log " + log.string() + " --store " + store.string() +
                            keys_option() + " --usb-dir " + (dir / "no-usb").string() +
                            " --update-url http://127.0.0.1:9/manifest.xml");
    INFO(played.output);
    CHECK(played.exit_code == 0);
    for (auto& row : test::read_frame_log(log))
        if (row.type == "frame")
            CHECK(row.item.rfind("b-", 0) != 0);
    std::size_t warning = played.output.find("http://127.0.0.1:9/manifest.xml");
    CHECK(warning != std::string::npos);
    CHECK(played.output.find("not encrypted") != std::string::npos);
}

TEST_CASE("a stick whose manifest.xml is a symbolic link is reported as one", "[hardening-cli]") {
    fs::path dir = test::fresh_dir("hardening-usb-link");
    fs::path stick = dir / "usb/stick";
    fs::create_directories(dir / "usb");
    test::make_bundle(test::fixtures() / "content-b", stick);
    fs::rename(stick / "manifest.xml", dir / "manifest.xml");
    fs::create_symlink(dir / "manifest.xml", stick / "manifest.xml");
    fs::path log = dir / "frames.csv";
    auto played =
        test::run(test::beacon() + " play --headless --size 320x240 --run-for 2" + " --frame-log " +
                  log.string() + " --store " + (dir / "store").string() + keys_option() +
                  " --usb-dir " + (dir / "usb").string());
    INFO(played.output);
    CHECK(played.exit_code == 0);
    CHECK(played.output.find("not installed (unsafe-path): \"manifest.xml\" is a symbolic link") !=
          std::string::npos);
    bool refused = false;
    for (auto& row : test::read_frame_log(log))
        refused = refused || row.detail == "update-refused unsafe-path usb";
    CHECK(refused);
}

// The administrator's commands, run as the real binary: messages and exit
// statuses, and memory that stays bounded on a hostile manifest.

#include "bundle_helpers.h"
#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

std::string keys_option() {
    return " --keys " + test::trusted_keys_dir().string();
}

// Peak resident memory (KiB) of one run of the binary with `args`.
long peak_kib(const std::vector<std::string>& args) {
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::vector<char*> argv{const_cast<char*>("beacon")};
        for (auto& arg : args)
            argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execv(test::beacon().c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    struct rusage usage {};
    REQUIRE(wait4(child, &status, 0, &usage) == child);
    return usage.ru_maxrss;
}

} // namespace

TEST_CASE("keygen, bundle, verify, install and rollback, with clear messages", "[update-cli]") {
    fs::path dir = test::fresh_dir("cli");
    auto keygen = test::run(test::beacon() + " keygen --out " + (dir / "keys").string());
    INFO(keygen.output);
    REQUIRE(keygen.exit_code == 0);
    CHECK(keygen.output.find("copy it into /etc/beacon/keys/") != std::string::npos);
    CHECK((fs::status(dir / "keys/beacon.key").permissions() & fs::perms::group_read) ==
          fs::perms::none);
    auto again = test::run(test::beacon() + " keygen --out " + (dir / "keys").string());
    CHECK(again.exit_code == 1);
    CHECK(again.output.find("never overwritten") != std::string::npos);

    auto bundle = test::run(test::beacon() + " bundle --key " + (dir / "keys/beacon.key").string() +
                            " --from " + (test::fixtures() / "content-b").string() + " --out " +
                            (dir / "b").string());
    INFO(bundle.output);
    REQUIRE(bundle.exit_code == 0);
    CHECK(bundle.output.find("hashing ") != std::string::npos); // the progress line
    CHECK(bundle.output.find("2 files") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "b/extra.txt")); // not used by the playlist

    fs::create_directories(dir / "trusted");
    fs::copy_file(dir / "keys/beacon.pub", dir / "trusted/beacon.pub");
    auto verify = test::run(test::beacon() + " verify " + (dir / "b").string() + " --key " +
                            (dir / "keys/beacon.pub").string());
    INFO(verify.output);
    CHECK(verify.exit_code == 0);
    CHECK(verify.output.find("ok: signed by key") != std::string::npos);
    auto wrong_key = test::run(test::beacon() + " verify " + (dir / "b").string() + keys_option());
    CHECK(wrong_key.exit_code == 1);
    CHECK(wrong_key.output.find("is not signed by a trusted key") != std::string::npos);

    std::string store =
        " --store " + (dir / "store").string() + " --keys " + (dir / "trusted").string();
    auto install_a = test::run(
        test::beacon() + " install " +
        test::make_bundle(test::fixtures() / "content", dir / "a", "test").string() + store);
    CHECK(install_a.exit_code == 1);
    CHECK(install_a.output.find("not signed by a trusted key") != std::string::npos);
    auto install = test::run(test::beacon() + " install " + (dir / "b").string() + store);
    INFO(install.output);
    CHECK(install.exit_code == 0);
    CHECK(install.output.find("Updated: 2 items, 2 languages") != std::string::npos);
    auto repeat = test::run(test::beacon() + " install " + (dir / "b").string() + store);
    CHECK(repeat.exit_code == 0);
    CHECK(repeat.output.find("Already up to date") != std::string::npos);
    auto rollback = test::run(test::beacon() + " rollback" + store);
    CHECK(rollback.exit_code == 1);
    CHECK(rollback.output.find("no previous version") != std::string::npos);
}

TEST_CASE("bundle refuses to sign a playlist that fails validation", "[update-cli]") {
    fs::path dir = test::fresh_dir("cli-bad-playlist");
    fs::copy(test::fixtures() / "content", dir / "content", fs::copy_options::recursive);
    fs::remove(dir / "content/media/tiny.png");
    auto result = test::run(test::beacon() + " bundle --key " +
                            (test::fixtures() / "keys/test.key").string() + " --from " +
                            (dir / "content").string() + " --out " + (dir / "out").string());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("playlist.xml:16: error:") != std::string::npos);
    CHECK(result.output.find("nothing was signed") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out/manifest.sig"));
}

TEST_CASE("verify names each damaged file by manifest line, and extra files", "[update-cli]") {
    fs::path dir = test::fresh_dir("cli-verify-damaged");
    auto bundle = test::make_bundle(test::fixtures() / "content", dir / "a");
    test::write_file(bundle / "media/tiny.png", "not the picture");
    test::write_file(bundle / "planted.txt", "extra");
    auto result = test::run(test::beacon() + " verify " + bundle.string() + keys_option());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("manifest.xml:5: error: \"media/tiny.png\" is 15 bytes") !=
          std::string::npos);
    CHECK(result.output.find("\"planted.txt\" is not in the manifest; installs ignore it") !=
          std::string::npos);
}

TEST_CASE("a 100000-entry manifest is refused and memory stays bounded", "[update-cli]") {
    fs::path dir = test::fresh_dir("cli-huge");
    auto small = test::make_bundle(test::fixtures() / "content", dir / "small");
    auto huge = test::make_bundle(test::fixtures() / "content", dir / "huge");
    std::string text = test::read_file(huge / "manifest.xml");
    std::string entries;
    for (int i = 0; i < 100'000; ++i)
        entries += "  <file path=\"media/f" + std::to_string(i) + ".png\" size=\"1\" sha256=\"" +
                   std::string(64, 'a') + "\"/>\n";
    text.insert(text.find("</manifest>"), entries);
    test::write_file(huge / "manifest.xml", text);
    test::resign(huge);
    auto result = test::run(test::beacon() + " install " + huge.string() + " --store " +
                            (dir / "store").string() + keys_option());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("Not updated: the manifest of this bundle is invalid") !=
          std::string::npos);
    long baseline = peak_kib({"verify", small.string(), "--keys", test::trusted_keys_dir()});
    long hostile = peak_kib({"verify", huge.string(), "--keys", test::trusted_keys_dir()});
    INFO("baseline " << baseline << " KiB, hostile " << hostile << " KiB");
    CHECK(hostile - baseline < 8 * 1024);
}

TEST_CASE("messages name the real cause: a finished bundle under --out, no keys on a laptop, a "
          "missing store",
          "[update-cli]") {
    fs::path dir = test::fresh_dir("cli-real-causes");
    // A copy: bundle records its last number beside the key, and the
    // fixtures in the source tree stay as they are.
    fs::create_directories(dir / "keys");
    fs::copy_file(test::fixtures() / "keys/test.key", dir / "keys/test.key");
    fs::permissions(dir / "keys/test.key", fs::perms::owner_read | fs::perms::owner_write);
    std::string const key = (dir / "keys/test.key").string();
    std::string const from = (test::fixtures() / "content-b").string();
    auto bundle = [&](const fs::path& out) {
        return test::run(test::beacon() + " bundle --key " + key + " --from " + from + " --out " +
                         out.string() + " --sequence 5");
    };
    REQUIRE(bundle(dir / "b").exit_code == 0);
    std::string before = test::tree_digest(dir / "b");
    auto again = bundle(dir / "b");
    INFO(again.output);
    CHECK(again.exit_code == 1);
    CHECK(again.output.find(" already holds a signed bundle, left as it is") != std::string::npos);
    CHECK(again.output.find("incomplete") == std::string::npos);
    CHECK(test::tree_digest(dir / "b") == before);
    test::write_file(dir / "other/notes.txt", "mine");
    auto not_empty = bundle(dir / "other");
    CHECK(not_empty.exit_code == 1);
    CHECK(not_empty.output.find("is not empty, and nothing was written to it") !=
          std::string::npos);
    CHECK(not_empty.output.find("incomplete") == std::string::npos);

    // An administrator's laptop has no keys folder: say how to name the key.
    auto verify = test::run(test::beacon() + " verify " + (dir / "b").string() + " --keys " +
                            (dir / "no-keys").string());
    INFO(verify.output);
    CHECK(verify.exit_code == 1);
    CHECK(verify.output.find("this kiosk trusts no signing key") == std::string::npos);
    CHECK(verify.output.find("--key PUB") != std::string::npos);

    // A store that does not exist is named as missing, not as a busy lock.
    fs::path store = dir / "no-such-store";
    auto rollback = test::run(test::beacon() + " rollback --store " + store.string());
    INFO(rollback.output);
    CHECK(rollback.exit_code == 1);
    CHECK(rollback.output.find("the store " + store.string() + " does not exist") !=
          std::string::npos);
    CHECK(rollback.output.find("in progress") == std::string::npos);
    auto install = test::run(test::beacon() + " install " + (dir / "b").string() + " --store " +
                             (dir / "no-parent/store").string() + keys_option());
    INFO(install.output);
    CHECK(install.exit_code == 1);
    CHECK(install.output.find("the store " + (dir / "no-parent/store").string() +
                              " does not exist") != std::string::npos);
    CHECK(install.output.find("in progress") == std::string::npos);
}

// Issue 21, found 5: an administrator's playlist named clinic.xml, two
// labelled bundles installed, `beacon versions` after each step, and
// rollbacks that go down instead of toggling.
TEST_CASE("versions with names: bundle --from FILE --label, versions, rollback --to",
          "[update-cli][versions]") {
    fs::path dir = test::fresh_dir("cli-versions");
    fs::create_directories(dir / "keys");
    fs::copy_file(test::fixtures() / "keys/test.key", dir / "keys/test.key");
    fs::copy(test::fixtures() / "content", dir / "site", fs::copy_options::recursive);
    fs::rename(dir / "site/playlist.xml", dir / "site/clinic.xml");
    std::string sign = test::beacon() + " bundle --key " + (dir / "keys/test.key").string() +
                       " --from " + (dir / "site/clinic.xml").string();

    auto november =
        test::run(sign + " --sequence 101 --label November --out " + (dir / "nov").string());
    INFO(november.output);
    REQUIRE(november.exit_code == 0);
    CHECK(november.output.find("Signed bundle number 101 \"November\" written to") !=
          std::string::npos);
    // The bundle's playlist is playlist.xml, whatever the administrator's file was called.
    CHECK(test::read_file(dir / "nov/playlist.xml") == test::read_file(dir / "site/clinic.xml"));
    CHECK(test::read_file(dir / "nov/manifest.xml").find("label=\"November\"") !=
          std::string::npos);

    std::string playlist = test::read_file(dir / "site/clinic.xml");
    playlist.replace(playlist.find("Version A"), 9, "Version D");
    test::write_file(dir / "site/clinic.xml", playlist);
    auto december = test::run(sign + " --sequence 102 --label \"December campaign\" --out " +
                              (dir / "dec").string());
    INFO(december.output);
    REQUIRE(december.exit_code == 0);

    // A folder without playlist.xml names the files it does hold.
    auto folder =
        test::run(test::beacon() + " bundle --key " + (dir / "keys/test.key").string() +
                  " --from " + (dir / "site").string() + " --out " + (dir / "none").string());
    CHECK(folder.exit_code == 1);
    CHECK(folder.output.find("has no playlist.xml; name the playlist file itself, as in --from " +
                             (dir / "site/clinic.xml").string()) != std::string::npos);
    std::string too_long(81, 'x');
    auto long_label = test::run(sign + " --label " + too_long + " --out " + (dir / "x").string());
    CHECK(long_label.exit_code == 1);
    CHECK(long_label.output.find("is 81 characters long; at most 80") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "x"));

    std::string store = " --store " + (dir / "store").string() + keys_option();
    auto versions = [&] {
        auto listed = test::run(test::beacon() + " versions" + store);
        INFO(listed.output);
        CHECK(listed.exit_code == 0);
        return listed.output;
    };
    auto line_of = [](const std::string& text, const std::string& number) {
        auto at = text.find("  " + number + "  ");
        REQUIRE(at != std::string::npos);
        auto start = text.rfind('\n', at) + 1;
        return text.substr(start, text.find('\n', at) - start);
    };
    auto first = test::run(test::beacon() + " install " + (dir / "nov").string() + store);
    INFO(first.output);
    REQUIRE(first.exit_code == 0);
    CHECK(first.output.find("number 101 \"November\"") != std::string::npos);
    std::string after_one = versions();
    CHECK(line_of(after_one, "101").find("current") == 2);
    CHECK(line_of(after_one, "101").find("November") != std::string::npos);

    REQUIRE(test::run(test::beacon() + " install " + (dir / "dec").string() + store).exit_code ==
            0);
    std::string after_two = versions();
    std::printf("beacon versions after two installs:\n%s", after_two.c_str());
    CHECK(line_of(after_two, "102").find("current") == 2);
    CHECK(line_of(after_two, "102").find("December campaign") != std::string::npos);
    CHECK(line_of(after_two, "101").find("previous") == 2);
    CHECK(after_two.find("newest first") != std::string::npos);
    CHECK(after_two.find("102") < after_two.find("  101  "));
    // Columns line up: the number starts at the same place on every line.
    CHECK(line_of(after_two, "102").find("102") == line_of(after_two, "101").find("101"));

    auto rollback = test::run(test::beacon() + " rollback" + store);
    INFO(rollback.output);
    REQUIRE(rollback.exit_code == 0);
    CHECK(rollback.output.find("Rolled back to number 101 \"November\"") != std::string::npos);
    std::string after_rollback = versions();
    std::printf("beacon versions after a rollback:\n%s", after_rollback.c_str());
    CHECK(line_of(after_rollback, "101").find("current") == 2);
    CHECK(line_of(after_rollback, "102").find("previous") == std::string::npos);
    CHECK(line_of(after_rollback, "102").find("current") == std::string::npos);

    // A second rollback does not come back to 102: nothing is older than 101.
    auto again = test::run(test::beacon() + " rollback" + store);
    CHECK(again.exit_code == 1);
    CHECK(again.output.find("no previous version") != std::string::npos);
    auto unknown = test::run(test::beacon() + " rollback --to 7" + store);
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.output.find("no version numbered 7 is kept") != std::string::npos);
    CHECK(unknown.output.find("the store keeps number 101 \"November\" (current) and 102 "
                              "\"December campaign\"") != std::string::npos);
    auto forward = test::run(test::beacon() + " rollback --to 102" + store);
    CHECK(forward.exit_code == 0);
    CHECK(line_of(versions(), "102").find("current") == 2);

    auto missing = test::run(test::beacon() + " versions --store " + (dir / "nowhere").string());
    CHECK(missing.exit_code == 1);
    CHECK(missing.output.find("does not exist") != std::string::npos);
}

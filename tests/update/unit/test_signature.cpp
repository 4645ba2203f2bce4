#include "bundle_helpers.h"
#include "system/filesystem.h"
#include "update/keys.h"

#include <catch2/catch.hpp>

using namespace beacon;
using namespace beacon::update;
using Verdict = SignatureCheck::Verdict;
namespace fs = std::filesystem;

TEST_CASE("the committed signed fixture verifies with the test key only", "[signature]") {
    std::string manifest = test::read_file(test::fixtures() / "signed-a/manifest.xml");
    std::string signature = test::read_file(test::fixtures() / "signed-a/manifest.sig");
    KeyRing ring = test::test_ring();
    CHECK(check_signature(ring, manifest, signature).verdict == Verdict::Valid);

    auto untrusted =
        parse_public_key(test::read_file(test::fixtures() / "keys/untrusted.pub"), "untrusted.pub");
    REQUIRE(untrusted.ok());
    KeyRing other;
    other.keys.push_back(untrusted.value());
    auto check = check_signature(other, manifest, signature);
    CHECK(check.verdict == Verdict::UntrustedKey);
    CHECK(check.key_id == ring.keys[0].id());
}

TEST_CASE("one changed byte in the manifest voids the signature", "[signature]") {
    std::string manifest = test::read_file(test::fixtures() / "signed-a/manifest.xml");
    std::string signature = test::read_file(test::fixtures() / "signed-a/manifest.sig");
    KeyRing ring = test::test_ring();
    for (std::size_t at : {std::size_t(0), manifest.size() / 2, manifest.size() - 1}) {
        std::string altered = manifest;
        altered[at] ^= 1;
        CHECK(check_signature(ring, altered, signature).verdict == Verdict::Altered);
    }
    CHECK(check_signature(ring, manifest + " ", signature).verdict == Verdict::Altered);
}

TEST_CASE("a fresh key pair signs, its text forms read back, and garbage is not a signature",
          "[signature]") {
    auto pair = generate_key_pair();
    REQUIRE(pair.ok());
    auto secret = parse_secret_key(format_secret_key(pair.value().secret_key), "k");
    auto public_key = parse_public_key(format_public_key(pair.value().public_key), "p");
    REQUIRE(secret.ok());
    REQUIRE(public_key.ok());
    CHECK(public_key.value().bytes == pair.value().public_key.bytes);
    CHECK(secret.value().public_key().id() == pair.value().public_key.id());
    CHECK(pair.value().public_key.id().size() == 16);

    auto signature = sign_manifest(secret.value(), "<manifest/>");
    REQUIRE(signature.ok());
    KeyRing ring;
    ring.keys.push_back(public_key.value());
    CHECK(check_signature(ring, "<manifest/>", signature.value()).verdict == Verdict::Valid);
    CHECK(check_signature(ring, "<manifest/>", "hello").verdict == Verdict::Malformed);
    CHECK(check_signature(ring, "<manifest/>", "").verdict == Verdict::Malformed);
    std::string truncated = signature.value().substr(0, signature.value().size() - 10);
    CHECK(check_signature(ring, "<manifest/>", truncated).verdict == Verdict::Malformed);

    // A secret key whose halves disagree would sign for a key nobody trusts.
    std::string damaged = format_secret_key(pair.value().secret_key);
    damaged[damaged.size() - 3] = damaged[damaged.size() - 3] == '0' ? '1' : '0';
    CHECK_FALSE(parse_secret_key(damaged, "damaged.key").ok());
    CHECK_FALSE(parse_public_key("beacon-public-key-v1 1234", "short.pub").ok());
}

TEST_CASE("the key ring takes every .pub file and reports the bad ones", "[signature]") {
    fs::path dir = test::fresh_dir("key-ring");
    fs::copy_file(test::fixtures() / "keys/test.pub", dir / "test.pub");
    fs::copy_file(test::fixtures() / "keys/untrusted.pub", dir / "second.pub");
    test::write_file(dir / "broken.pub", "not a key\n");
    test::write_file(dir / "notes.txt", "ignored\n");
    PosixFileSystem files;
    KeyRing ring = load_key_ring(files, dir);
    CHECK(ring.keys.size() == 2);
    REQUIRE(ring.problems.size() == 1);
    CHECK(ring.problems[0].find("broken.pub: not a Beacon public key") != std::string::npos);

    KeyRing none = load_key_ring(files, dir / "missing");
    CHECK(none.keys.empty());
    CHECK(none.problems.size() == 1);
}

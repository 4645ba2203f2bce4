// Both SHA-256 engines against the standard's test vectors (FIPS 180-2,
// appendix B), fed whole and in uneven pieces.

#include "update/sha256.h"

#include <catch2/catch.hpp>

#include <string>

using namespace beacon;
using namespace beacon::update;

namespace {

std::string digest(Sha256Engine engine, const std::string& text, std::size_t piece) {
    Sha256 hash(engine);
    for (std::size_t at = 0; at < text.size(); at += piece) {
        std::string_view part = std::string_view(text).substr(at, piece);
        hash.update(std::as_bytes(std::span(part.data(), part.size())));
    }
    return hash.finish_hex();
}

} // namespace

TEST_CASE("both SHA-256 engines give the standard's digests", "[sha256]") {
    struct Vector {
        std::string text;
        const char* hex;
    };
    std::vector<Vector> const vectors = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {std::string(1'000'000, 'a'),
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    // The engine is Fast wherever libcrypto loads, which it does here.
    CHECK(Sha256().engine() == Sha256Engine::Fast);
    CHECK(Sha256(Sha256Engine::Portable).engine() == Sha256Engine::Portable);
    for (auto engine : {Sha256Engine::Fast, Sha256Engine::Portable}) {
        for (auto const& vector : vectors) {
            INFO((engine == Sha256Engine::Fast ? "fast" : "portable")
                 << ", " << vector.text.size() << " bytes");
            std::size_t const whole = std::max<std::size_t>(vector.text.size(), 1);
            CHECK(digest(engine, vector.text, whole) == vector.hex);
            CHECK(digest(engine, vector.text, 63) == vector.hex);
            CHECK(digest(engine, vector.text, 4099) == vector.hex);
        }
    }
    CHECK(sha256_hex(std::string_view("abc")) == vectors[1].hex);
}

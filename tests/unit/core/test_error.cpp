// Errors carry a code that callers branch on, and TRY passes them up.

#include "core/diagnostic.h"
#include "core/result.h"

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>

using namespace beacon;

namespace {

Result<int> half(int n) {
    if (n % 2)
        return Error{ErrorCode::Other, std::to_string(n) + " is odd"};
    return n / 2;
}

// Two steps, each passed up by TRY.
Result<int> quarter(int n) {
    int once = TRY(half(n));
    return TRY(half(once));
}

Status must_be_even(int n) {
    TRY(half(n));
    return Done{};
}

} // namespace

TEST_CASE("from_errno classifies by the errno value and keeps the system's words", "[errors]") {
    Error full = Error::from_errno(ENOSPC, "write(/store/x)");
    CHECK(full.code == ErrorCode::DiskFull);
    CHECK(full.os_error == ENOSPC);
    CHECK(full.message == std::string("write(/store/x): ") + std::strerror(ENOSPC));
    CHECK(Error::from_errno(EDQUOT, "write").code == ErrorCode::DiskFull);
    CHECK(Error::from_errno(ENOENT, "open").code == ErrorCode::NotFound);
    CHECK(Error::from_errno(EFBIG, "write").code == ErrorCode::TooLarge);
    CHECK(Error::from_errno(EWOULDBLOCK, "flock").code == ErrorCode::Busy);
    CHECK(Error::from_errno(EIO, "read").code == ErrorCode::Io);
    // An error made from words alone is one nobody tells apart.
    CHECK(Error{"no such item"}.code == ErrorCode::Other);
}

TEST_CASE("TRY passes the first error up and the value on", "[errors]") {
    auto whole = quarter(12);
    REQUIRE(whole);
    CHECK(whole.value() == 3);
    auto first = quarter(7);
    REQUIRE_FALSE(first);
    CHECK(first.error().message == "7 is odd");
    auto second = quarter(6);
    REQUIRE_FALSE(second);
    CHECK(second.error().message == "3 is odd");
    CHECK(must_be_even(4));
    CHECK_FALSE(must_be_even(5));
}

TEST_CASE("a location with no known line is the file alone, never FILE:0", "[error]") {
    CHECK(beacon::format_location("a.xml", 7) == "a.xml:7");
    CHECK(beacon::format_location("a.xml", 0) == "a.xml");
    CHECK(beacon::Diagnostic{"a.xml", 0, "cannot read"}.to_string() == "a.xml: error: cannot read");
    CHECK(beacon::Diagnostic{"a.xml", 3, "bad"}.to_string() == "a.xml:3: error: bad");
}

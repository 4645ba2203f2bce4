// libFuzzer entry point for one target, chosen at build time with
// BEACON_FUZZ_TARGET (see fuzz/CMakeLists.txt). A broken invariant aborts
// with its description, so libFuzzer keeps the input as a crash.

#include "fuzz/targets.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    if (auto problem = beacon::fuzz::BEACON_FUZZ_TARGET(input)) {
        std::fprintf(stderr, "invariant broken: %s\n", problem->c_str());
        std::abort();
    }
    return 0;
}

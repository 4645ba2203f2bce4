#pragma once

// A shared library opened at run time with dlopen(), and its entry points
// found by name: how Beacon loads libmpv, libcurl and libcrypto only when
// something needs them. Header-only: users link the beacon_shared_library
// CMake target (src/system/CMakeLists.txt).

#include "core/result.h"

#include <dlfcn.h>
#include <string>

namespace beacon::system {

// Ownership: the loaders keep a library open for the life of the process
// once its table is complete, and call close() only when it is not.
struct SharedLibrary {
    void* handle = nullptr;
    std::string missing; // names resolve() did not find, ", "-separated

    // Sets `slot` to the entry point `name`, or notes the name as missing.
    template <class Function> void resolve(Function*& slot, const char* name) {
        slot = reinterpret_cast<Function*>(dlsym(handle, name));
        if (!slot)
            missing += (missing.empty() ? "" : ", ") + std::string(name);
    }
    // Done when every entry point was found. Otherwise closes the library
    // and says "`soname` lacks <the missing names>", after `prefix`.
    Status complete(const std::string& prefix, const char* soname) {
        if (missing.empty())
            return Done{};
        close();
        return Error{prefix + soname + " lacks " + missing};
    }
    void close() { dlclose(handle); }
};

// dlopen(soname, mode | RTLD_LOCAL): the library's symbols stay out of the
// global namespace, so they cannot interpose on anything the program or
// another library links. On failure: `what`, then the loader's reason.
inline Result<SharedLibrary> open_shared_library(const char* soname, int mode,
                                                 const std::string& what) {
    void* handle = dlopen(soname, mode | RTLD_LOCAL);
    if (!handle) {
        const char* reason = dlerror();
        return Error{what + ": " + (reason ? reason : "unknown error")};
    }
    return SharedLibrary{handle, {}};
}

} // namespace beacon::system

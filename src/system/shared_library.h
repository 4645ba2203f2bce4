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
// once its table is complete, and call close() only when it is not
// (load_table() below).
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

// What every loader does: opens `soname`, lets `resolve` fill the process's
// one Table (a SharedLibrary::resolve() per entry point), checks that every
// name was found, then lets `check` (a version, a global initialisation)
// refuse the library, which is closed again. Callers keep the result in a
// function-local static, so the library is opened once, thread-safely, and
// stays open for the life of the process.
template <class Table, class Resolve, class Check>
Result<Table const*> load_table(const char* soname, int mode, const std::string& cannot_load,
                                const std::string& prefix, Resolve resolve, Check check) {
    auto opened = open_shared_library(soname, mode, cannot_load);
    if (!opened)
        return opened.error();
    SharedLibrary library = opened.release_value();
    static Table table;
    resolve(library, table);
    if (auto complete = library.complete(prefix, soname); !complete)
        return complete.error();
    if (Status checked = check(table); !checked) {
        library.close();
        return checked.error();
    }
    return &table;
}

template <class Table, class Resolve>
Result<Table const*> load_table(const char* soname, int mode, const std::string& cannot_load,
                                const std::string& prefix, Resolve resolve) {
    return load_table<Table>(soname, mode, cannot_load, prefix, resolve,
                             [](Table const&) -> Status { return Done{}; });
}

} // namespace beacon::system

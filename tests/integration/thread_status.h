#pragma once

// How often a thread has gone to sleep and been woken so far, from its
// /proc status: what the idle-loop tests count (issue 22).

#include <fstream>
#include <string>

namespace test {

// `status`: /proc/PID/task/TID/status, or /proc/thread-self/status. -1 when
// it cannot be read.
inline long voluntary_switches(const std::string& status) {
    std::ifstream in(status);
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("voluntary_ctxt_switches:"))
            return std::stol(line.substr(line.find(':') + 1));
    }
    return -1;
}

} // namespace test

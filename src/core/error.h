#pragma once

// An Error says what failed in words for the person reading the log or the
// screen (`message`) and, for the code that must react to it, what kind of
// failure it was (`code`). Callers branch on `code`, never on the words: the
// words may be reworded or translated, the code may not change meaning.
//
// Pure: from_errno() takes the errno value; reading errno is the caller's
// business (src/system), so src/core never touches the OS.

#include <string>
#include <string_view>

namespace beacon {

enum class ErrorCode {
    Other,       // no caller tells this failure apart: the message says it all
    NotFound,    // ENOENT, ENOTDIR; an HTTP 404
    DiskFull,    // ENOSPC, EDQUOT: the store's disk has no room left
    TooLarge,    // over a size cap (a file, a download, a text), or EFBIG
    Busy,        // held by someone else: EWOULDBLOCK on a lock
    Unreachable, // no connection to a server: refused, unknown host, no route
    Io,          // any other failed system call; `os_error` holds its errno
};

struct Error {
    // An error no caller tells apart (ErrorCode::Other).
    explicit Error(std::string text) : message(std::move(text)) {}
    Error(ErrorCode kind, std::string text) : code(kind), message(std::move(text)) {}

    // "context: strerror(errno_value)", classified by errno_value: the one
    // shape of every failed system call. `context` names the call and what
    // it was about, e.g. "write(/var/lib/beacon/store/x)".
    static Error from_errno(int errno_value, std::string_view context);
    // The ErrorCode an errno value means.
    static ErrorCode code_for_errno(int errno_value);

    ErrorCode code = ErrorCode::Other;
    std::string message; // read by people: logs, notices, command output
    int os_error = 0;    // the errno value, for from_errno() errors only
};

} // namespace beacon

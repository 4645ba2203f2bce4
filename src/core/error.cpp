#include "core/error.h"

#include <cerrno>
#include <cstring>

namespace beacon {

ErrorCode Error::code_for_errno(int errno_value) {
    switch (errno_value) {
    case ENOENT:
    case ENOTDIR:
        return ErrorCode::NotFound;
    case ENOSPC:
    case EDQUOT:
        return ErrorCode::DiskFull;
    case EFBIG:
        return ErrorCode::TooLarge;
    case EWOULDBLOCK:
        return ErrorCode::Busy;
    default:
        return ErrorCode::Io;
    }
}

Error Error::from_errno(int errno_value, std::string_view context) {
    Error error(code_for_errno(errno_value),
                std::string(context) + ": " + std::strerror(errno_value));
    error.os_error = errno_value;
    return error;
}

} // namespace beacon

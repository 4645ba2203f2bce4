#include "core/diagnostic.h"

namespace beacon {

std::string Diagnostic::to_string() const {
    std::string where = source + ":" + std::to_string(line);
    if (column > 0)
        where += ":" + std::to_string(column);
    return where + ": error: " + message;
}

} // namespace beacon

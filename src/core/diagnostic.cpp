#include "core/diagnostic.h"

namespace beacon {

std::string format_location(const std::string& source, int line) {
    return line > 0 ? source + ":" + std::to_string(line) : source;
}

std::string Diagnostic::to_string() const {
    std::string where = format_location(source, line);
    if (column > 0 && line > 0)
        where += ":" + std::to_string(column);
    return where + (severity == Severity::Warning ? ": warning: " : ": error: ") + message;
}

} // namespace beacon

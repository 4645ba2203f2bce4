#include "core/diagnostic.h"

namespace beacon {

std::string format_location(const std::string& source, int line) {
    return line > 0 ? source + ":" + std::to_string(line) : source;
}

std::string Diagnostic::to_string() const {
    return format_location(source, line) +
           (severity == Severity::Warning ? ": warning: " : ": error: ") + message;
}

} // namespace beacon

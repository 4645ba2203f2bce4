#include "core/diagnostic.h"

namespace beacon {

std::string Diagnostic::to_string() const {
    return source + ":" + std::to_string(line) +
           (severity == Severity::Warning ? ": warning: " : ": error: ") + message;
}

} // namespace beacon

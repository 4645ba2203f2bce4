#include "core/diagnostic.h"

namespace beacon {

std::string Diagnostic::to_string() const {
    return source + ":" + std::to_string(line) + ": error: " + message;
}

} // namespace beacon

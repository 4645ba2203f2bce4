#include "core/path_rules.h"

namespace beacon {

std::optional<std::string> content_path_problem(const std::string& path) {
    if (path.empty())
        return "is empty";
    if (path.front() == '/')
        return "is absolute; use a path relative to the playlist's folder";
    if (path.find('\\') != std::string::npos)
        return "contains '\\'; use '/' between folders";
    if (path.find(':') != std::string::npos)
        return "contains ':'; use a plain relative path";
    if (path.find('\0') != std::string::npos)
        return "contains a NUL byte";
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos)
            end = path.size();
        std::string part = path.substr(start, end - start);
        if (part == "..")
            return "leaves the playlist's folder ('..')";
        if (part.empty() && end != path.size())
            return "contains an empty folder name ('//')";
        start = end + 1;
    }
    if (path.back() == '/')
        return "names a folder, not a file";
    return std::nullopt;
}

} // namespace beacon

#include "system/files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace beacon {

namespace fs = std::filesystem;

Result<std::string> read_text_file(const fs::path& path, std::uintmax_t max_bytes) {
    std::error_code error;
    auto size = fs::file_size(path, error);
    if (error)
        return Error{path.string() + ": " + error.message()};
    if (size > max_bytes)
        return Error{path.string() + ": file is too large (" + std::to_string(size) + " bytes)"};
    std::ifstream stream(path, std::ios::binary);
    if (!stream)
        return Error{path.string() + ": " + std::strerror(errno)};
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

DirectoryContentRoot::DirectoryContentRoot(const fs::path& folder) {
    std::error_code error;
    fs::path absolute = fs::absolute(folder.empty() ? fs::path(".") : folder, error);
    m_folder = fs::weakly_canonical(absolute, error);
    if (error)
        m_folder = absolute.lexically_normal();
}

PathStatus DirectoryContentRoot::check(const std::string& relative) const {
    fs::path full = m_folder / relative;
    std::error_code error;
    if (!fs::exists(fs::symlink_status(full, error)))
        return PathStatus::Missing;
    fs::path real = fs::canonical(full, error);
    if (error)
        return PathStatus::Missing; // a dangling symlink
    auto [root_end, unused] =
        std::mismatch(m_folder.begin(), m_folder.end(), real.begin(), real.end());
    (void)unused;
    if (root_end != m_folder.end())
        return PathStatus::EscapesRoot;
    if (!fs::is_regular_file(real, error))
        return PathStatus::NotAFile;
    return PathStatus::Ok;
}

std::string DirectoryContentRoot::resolve(const std::string& relative) const {
    return (m_folder / relative).string();
}

} // namespace beacon

#include "system/content_root.h"

#include <algorithm>
#include <cstring>

namespace beacon {

namespace {

// content_path_problem() has refused "..", "//" and absolute paths; "."
// components mean nothing and are dropped, so "./a.mp4" is "a.mp4".
std::string without_dots(const std::string& relative) {
    std::string kept;
    std::size_t start = 0;
    while (start <= relative.size()) {
        std::size_t end = std::min(relative.find('/', start), relative.size());
        std::string_view part(relative.data() + start, end - start);
        if (part != ".") {
            if (!kept.empty())
                kept += '/';
            kept += part;
        }
        start = end + 1;
    }
    return kept;
}

Path canonical_folder(const Path& folder) {
    std::error_code error;
    Path absolute = std::filesystem::absolute(folder.empty() ? Path(".") : folder, error);
    Path canonical = std::filesystem::weakly_canonical(absolute, error);
    return error ? absolute.lexically_normal() : canonical;
}

} // namespace

DirectoryContentRoot::DirectoryContentRoot(const Path& folder)
    : DirectoryContentRoot(posix_file_system(), folder) {}

DirectoryContentRoot::DirectoryContentRoot(FileSystem& fs, const Path& folder)
    : m_fs(fs), m_folder(canonical_folder(folder)) {}

DirectoryContentRoot::DirectoryContentRoot(FileSystem& fs, const Path& folder,
                                           std::set<std::string> listed)
    : m_fs(fs), m_folder(canonical_folder(folder)), m_listed(std::move(listed)) {}

PathStatus DirectoryContentRoot::check(const std::string& relative) const {
    std::string path = without_dots(relative);
    if (m_listed && !m_listed->count(path)) {
        std::string prefix = path + "/";
        auto next = m_listed->lower_bound(prefix); // the first listed path under it, if any
        bool folder = next != m_listed->end() && next->compare(0, prefix.size(), prefix) == 0;
        return folder ? PathStatus::NotAFile : PathStatus::Missing;
    }
    switch (m_fs.stat_beneath(m_folder, path).type) {
    case FileInfo::Type::File:
        return PathStatus::Ok;
    case FileInfo::Type::Missing:
    case FileInfo::Type::Unreadable:
        return PathStatus::Missing;
    case FileInfo::Type::Symlink:
        return PathStatus::EscapesRoot;
    case FileInfo::Type::Directory:
    case FileInfo::Type::Other:
        return PathStatus::NotAFile;
    }
    return PathStatus::Missing;
}

std::string DirectoryContentRoot::resolve(const std::string& relative) const {
    return (m_folder / relative).string();
}

std::optional<std::string> DirectoryContentRoot::format_problem(const std::string& relative,
                                                                MediaUse use) const {
    auto cannot_read = [](const Error& error) {
        return "it cannot be read (" +
               (error.os_error ? std::string(std::strerror(error.os_error)) : error.message) + ")";
    };
    auto file = m_fs.open_read_beneath(m_folder, without_dots(relative));
    if (!file)
        return cannot_read(file.error());
    auto size = file.value()->size();
    if (!size)
        return cannot_read(size.error());
    // Captions are read whole (at most max_caption_bytes) for their cues.
    std::string head(use == MediaUse::Caption ? std::min(size.value(), max_caption_bytes)
                                              : media_head_bytes,
                     '\0');
    std::size_t got = 0;
    while (got < head.size()) {
        auto n = file.value()->read(
            std::as_writable_bytes(std::span(head.data() + got, head.size() - got)));
        if (!n || n.value() == 0)
            break;
        got += n.value();
    }
    head.resize(got);
    if (use == MediaUse::Caption)
        return caption_problem(head, size.value());
    return media_problem(head, use);
}

} // namespace beacon

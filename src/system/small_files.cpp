// Whole small files through the FileSystem layer: keys, manifests,
// signatures, a version's playlist. Declared in system/filesystem.h.

#include "system/filesystem.h"

namespace beacon {

namespace {

Result<std::string> read_all(InputFile& file, const Path& path, std::size_t max_bytes) {
    std::string text;
    std::byte buffer[16384];
    for (;;) {
        std::size_t n = TRY(file.read(buffer));
        if (n == 0)
            return text;
        if (text.size() + n > max_bytes)
            return Error{ErrorCode::TooLarge,
                         path.string() + " is larger than " + std::to_string(max_bytes) + " bytes"};
        text.append(reinterpret_cast<const char*>(buffer), n);
    }
}

} // namespace

Result<std::string> read_small_file(FileSystem& fs, const Path& path, std::size_t max_bytes) {
    auto file = TRY(fs.open_read(path));
    return read_all(*file, path, max_bytes);
}

Result<std::string> read_small_file_beneath(FileSystem& fs, const Path& base,
                                            const std::string& relative, std::size_t max_bytes) {
    auto file = TRY(fs.open_read_beneath(base, relative));
    return read_all(*file, base / relative, max_bytes);
}

Status write_small_file(FileSystem& fs, const Path& path, std::string_view text) {
    auto file = TRY(fs.create(path));
    TRY(file->write(std::as_bytes(std::span(text.data(), text.size()))));
    TRY(file->sync());
    return file->close();
}

} // namespace beacon

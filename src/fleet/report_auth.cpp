#include "fleet/report_auth.h"

#include <sodium.h>
#include <unistd.h>

namespace beacon::fleet {

namespace {

std::string_view trim(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

bool printable(std::string_view text) {
    for (unsigned char c : text)
        if (c < 0x21 || c == 0x7F)
            return false;
    return !text.empty();
}

} // namespace

Result<std::string> parse_report_auth(std::string_view text, const std::string& source) {
    std::string_view line;
    int line_number = 0, found_at = 0;
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view current = trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++line_number;
        if (current.empty() || current.front() == '#')
            continue;
        if (found_at)
            return Error{source + ":" + std::to_string(line_number) +
                         ": more than one credential line"};
        line = current;
        found_at = line_number;
    }
    std::string where = source + ":" + std::to_string(found_at);
    if (!found_at)
        return Error{source + ": no credential line (expected \"basic USER:PASSWORD\" or "
                              "\"bearer TOKEN\")"};
    auto space = line.find_first_of(" \t");
    std::string_view kind = line.substr(0, space);
    std::string_view value = space == std::string_view::npos ? "" : trim(line.substr(space));
    if (kind == "bearer") {
        if (!printable(value))
            return Error{where + ": the bearer token is empty or has spaces or control characters"};
        return "Authorization: Bearer " + std::string(value);
    }
    if (kind == "basic") {
        if (value.find(':') == std::string_view::npos || !printable(value))
            return Error{where + ": expected \"basic USER:PASSWORD\" (no spaces)"};
        if (sodium_init() < 0)
            return Error{"libsodium could not start"};
        std::string encoded(sodium_base64_ENCODED_LEN(value.size(), sodium_base64_VARIANT_ORIGINAL),
                            '\0');
        sodium_bin2base64(encoded.data(), encoded.size(),
                          reinterpret_cast<const unsigned char*>(value.data()), value.size(),
                          sodium_base64_VARIANT_ORIGINAL);
        encoded.resize(std::char_traits<char>::length(encoded.c_str()));
        return "Authorization: Basic " + encoded;
    }
    return Error{where + ": expected \"basic USER:PASSWORD\" or \"bearer TOKEN\""};
}

Result<std::string> load_report_auth(FileSystem& fs, const Path& file) {
    FileInfo info = fs.stat(file);
    if (info.type == FileInfo::Type::Missing)
        return Error{ErrorCode::NotFound, file.string() + ": no such file"};
    if (info.type != FileInfo::Type::File)
        return Error{file.string() + ": not a regular file"};
    if (info.mode & 077)
        return Error{file.string() + ": other users can read it; run: chmod 600 " + file.string() +
                     " (reports go out without credentials until then)"};
    auto text = read_small_file(fs, file, max_auth_file_bytes);
    if (!text)
        return text.error();
    return parse_report_auth(text.value(), file.string());
}

} // namespace beacon::fleet

#include "core/config_parser.h"

namespace beacon {

namespace {

std::string_view trim(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

bool is_key(std::string_view key) {
    if (key.empty())
        return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

} // namespace

ParsedConfig parse_config(std::string_view text, const std::string& source) {
    ParsedConfig result;
    result.source = source;
    int line_number = 0;
    while (!text.empty() || line_number == 0) {
        ++line_number;
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        line = trim(line);
        if (line.empty())
            continue;
        auto equals = line.find('=');
        if (equals == std::string_view::npos) {
            result.diagnostics.push_back(
                {source, line_number,
                 "expected \"key = value\", got \"" + std::string(line) + "\""});
            continue;
        }
        auto key = trim(line.substr(0, equals));
        auto value = trim(line.substr(equals + 1));
        if (!is_key(key)) {
            result.diagnostics.push_back({source, line_number,
                                          "malformed key \"" + std::string(key) +
                                              "\": use lower-case letters, digits and '-'"});
            continue;
        }
        result.entries.push_back({std::string(key), std::string(value), line_number});
    }
    return result;
}

} // namespace beacon

#include "fuzz/targets.h"

#include "app/options.h"
#include "core/config_parser.h"

#include <algorithm>
#include <set>

namespace beacon::fuzz {

Problem config_target(std::string_view input) {
    const std::string source = "fuzz.conf";
    auto parsed = parse_config(input, source);
    int lines = 1 + static_cast<int>(std::count(input.begin(), input.end(), '\n'));
    std::set<int> entry_lines;
    for (auto& entry : parsed.entries) {
        if (entry.line < 1 || entry.line > lines)
            return "entry \"" + entry.key + "\" on line " + std::to_string(entry.line) + " of " +
                   std::to_string(lines);
        if (!entry_lines.insert(entry.line).second)
            return "two entries from line " + std::to_string(entry.line);
        if (entry.key.empty() || entry.key.find_first_of("=# \t\r\n") != std::string::npos)
            return "malformed key \"" + entry.key + "\" accepted";
        if (entry.value.find_first_of("#\n") != std::string::npos)
            return "value of \"" + entry.key + "\" holds a comment or a line break";
    }
    for (auto& diagnostic : parsed.diagnostics) {
        if (diagnostic.source != source || diagnostic.message.empty())
            return "malformed diagnostic: " + diagnostic.to_string();
        if (entry_lines.count(diagnostic.line))
            return "line " + std::to_string(diagnostic.line) + " is both an entry and an error";
    }
    // The real option table: every value either applies or is reported.
    app::Options options;
    for (auto& problem : app::apply_config(options, parsed)) {
        if (problem.line < 1 || problem.line > lines)
            return "problem outside the file: " + problem.to_string();
    }
    return {};
}

} // namespace beacon::fuzz

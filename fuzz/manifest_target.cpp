#include "fuzz/targets.h"

#include "core/manifest.h"
#include "core/path_rules.h"

#include <algorithm>
#include <set>

namespace beacon::fuzz {

Problem manifest_target(std::string_view input) {
    const std::string source = "fuzz-manifest.xml";
    ManifestLimits limits;
    auto parsed = parse_manifest(input, source, limits);
    if (parsed.diagnostics.size() > limits.max_diagnostics + 1)
        return std::to_string(parsed.diagnostics.size()) + " diagnostics despite the limit of " +
               std::to_string(limits.max_diagnostics);
    for (auto& diagnostic : parsed.diagnostics)
        if (diagnostic.source != source || diagnostic.message.empty() || diagnostic.line < 0)
            return "malformed diagnostic: " + diagnostic.to_string();
    if (!parsed.manifest) {
        if (parsed.diagnostics.empty())
            return "rejected a manifest without saying why";
        return {};
    }
    if (!parsed.diagnostics.empty())
        return "accepted a manifest with errors: " + parsed.diagnostics.front().to_string();
    const Manifest& manifest = *parsed.manifest;
    if (manifest.files.size() > limits.max_files)
        return "kept " + std::to_string(manifest.files.size()) + " files";
    std::set<std::string> paths;
    for (auto& entry : manifest.files) {
        if (auto problem = content_path_problem(entry.path))
            return "accepted path \"" + entry.path + "\": " + *problem;
        if (!is_sha256_hex(entry.sha256))
            return "accepted hash \"" + entry.sha256 + "\"";
        if (entry.size > limits.max_file_size)
            return "accepted size " + std::to_string(entry.size);
        if (!paths.insert(entry.path).second)
            return "accepted \"" + entry.path + "\" twice";
        if (manifest.find(entry.path) == nullptr)
            return "find() misses \"" + entry.path + "\"";
    }
    // What is written reads back the same.
    auto again = parse_manifest(write_manifest(manifest), source, limits);
    if (!again.manifest)
        return "write_manifest() wrote what parse_manifest() refuses: " +
               (again.diagnostics.empty() ? std::string("?") : again.diagnostics[0].to_string());
    auto strip_lines = [](std::vector<ManifestEntry> files) {
        for (auto& file : files)
            file.line = 0;
        return files;
    };
    if (strip_lines(again.manifest->files) != strip_lines(manifest.files) ||
        again.manifest->created != manifest.created)
        return "write_manifest() then parse_manifest() changed the manifest";
    return {};
}

} // namespace beacon::fuzz

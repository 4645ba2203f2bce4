// `beacon versions`: what the store keeps, for people. One line per kept
// version, newest first, with its role (current, previous), its signed
// number, the time it was signed, its size and its label. The label comes
// last so that the columns before it stay aligned whatever script it is in.

#include "app/update/update_commands.h"

#include "system/log.h"
#include "update/store.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace beacon::app {

using namespace beacon::update;

namespace {

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

// Columns of ASCII text padded to the widest cell; the last column is not
// padded (it holds the label, whose width in the terminal is not its size).
std::string aligned(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (auto& row : rows)
        for (std::size_t column = 0; column + 1 < row.size(); ++column) {
            widths.resize(std::max(widths.size(), column + 1));
            widths[column] = std::max(widths[column], row[column].size());
        }
    std::string out;
    for (auto& row : rows) {
        std::string line = "  ";
        for (std::size_t column = 0; column < row.size(); ++column) {
            line += row[column];
            if (column + 1 < row.size())
                line += std::string(widths[column] - row[column].size() + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
    }
    return out;
}

} // namespace

int run_versions(const Options& options) {
    PosixFileSystem files;
    Store store(files, options.store_dir);
    if (files.stat(store.root()).type != FileInfo::Type::Directory) {
        log::console("beacon: the store " + store.root().string() +
                     " does not exist: nothing was ever installed there (give --store DIR, or "
                     "store = DIR in the configuration)\n");
        return 1;
    }
    auto kept = store.versions();
    if (kept.empty()) {
        std::printf("No version is installed in %s.\n", store.root().c_str());
        return 0;
    }
    auto current = store.current_version();
    auto previous = store.previous_version();
    std::vector<std::vector<std::string>> rows = {
        {"", "NUMBER", "SIGNED", "FILES", "SIZE", "VERSION", "LABEL"}};
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        const Manifest& manifest = it->manifest;
        std::string role = it->name == current ? "current" : it->name == previous ? "previous" : "";
        rows.push_back({role, std::to_string(manifest.sequence),
                        manifest.created.empty() ? "-" : manifest.created,
                        std::to_string(manifest.files.size()), megabytes(manifest.total_size()),
                        it->name, manifest.label.empty() ? "-" : manifest.label});
    }
    std::printf("Versions kept in %s, newest first:\n%s", store.root().c_str(),
                aligned(rows).c_str());
    if (!current)
        std::printf("No version is current: the kiosk plays its built-in content.\n");
    if (previous)
        std::printf("`beacon rollback` goes to number %llu; `beacon rollback --to NUMBER` to any "
                    "kept version.\n",
                    static_cast<unsigned long long>(store.sequence_of(*previous)));
    else if (kept.size() > 1)
        std::printf("No version is older than the current one; `beacon rollback --to NUMBER` "
                    "goes to any kept version.\n");
    return 0;
}

} // namespace beacon::app

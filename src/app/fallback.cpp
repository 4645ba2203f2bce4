#include "app/fallback.h"

#include "app/content.h"
#include "update/store.h"

#include <filesystem>

namespace beacon::app {

namespace {

// A playlist that loads without a single error, as the player loads it.
std::optional<Playlist> validated(const std::string& path) {
    LoadedContent content = load_content(path);
    return content.playlist;
}

} // namespace

Fallback choose_fallback(const Options& options, const std::string& failed_path) {
    if (!options.store_dir.empty()) {
        PosixFileSystem files;
        update::Store store(files, options.store_dir);
        std::vector<std::string> candidates;
        if (auto current = store.current_playlist())
            candidates.push_back(current->string());
        if (auto previous = store.previous_version()) {
            Path path = store.version_file(*previous, bundle_playlist_name);
            if (std::filesystem::is_regular_file(path))
                candidates.push_back(path.string());
        }
        std::error_code error;
        for (auto& path : candidates) {
            if (std::filesystem::equivalent(path, failed_path, error))
                continue;
            if (auto playlist = validated(path))
                return {hotline_only(*playlist, path), "the hotline of the last content that "
                                                       "validated, " +
                                                           path};
        }
    }
    if (!options.country.empty())
        if (auto playlist = fallback_playlist_for(options.country)) {
            auto origin = options.origins.find("--country");
            std::string where = origin == options.origins.end() ? "" : " (" + origin->second + ")";
            return {*playlist, "the built-in hotline of country " + options.country + where};
        }
    return {fallback_playlist(), "the built-in US hotline (no content has validated and no "
                                 "country is configured)"};
}

} // namespace beacon::app

#include "app/content.h"

#include "app/options.h"

#include "core/playlist/playlist_loader.h"
#include "system/icu_language_catalog.h"
#include "system/text_decoding.h"
#include "update/store.h"

#include <filesystem>

namespace beacon::app {

namespace {

LoadedContent load_text(const std::string& playlist_path, const Result<std::string_view>& text,
                        const ItemParsed& on_item) {
    LoadedContent content;
    std::filesystem::path path(playlist_path);
    content.root = std::make_shared<DirectoryContentRoot>(
        path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path());
    if (!text) {
        content.diagnostics.push_back({playlist_path, 0, "cannot read: " + text.error().message});
        return content;
    }
    DecodedText decoded = decode_text(text.value(), playlist_path);
    if (!decoded.ok()) {
        content.diagnostics.push_back(*decoded.error());
        return content;
    }
    if (decoded.note())
        content.note = playlist_path + ": " + *decoded.note();
    auto parsed = load_playlist(decoded.text(), playlist_path, *content.root, on_item, content.xml,
                                icu_language_catalog());
    content.playlist = std::move(parsed.playlist);
    content.diagnostics = std::move(parsed.diagnostics);
    return content;
}

} // namespace

LoadedContent load_content(const std::string& playlist_path) {
    auto text = read_text_file(playlist_path);
    if (!text)
        return load_text(playlist_path, text.error(), {});
    LoadedContent content = load_text(playlist_path, std::string_view(text.value()), {});
    // The player runs on with the playlist: the XML it came from goes now.
    content.xml = XmlDocument();
    return content;
}

LoadedContent load_content_text(const std::string& playlist_path, std::string_view text) {
    LoadedContent content = load_text(playlist_path, text, {});
    content.xml = XmlDocument();
    return content;
}

LoadedContent check_content(const std::string& playlist_path, const ItemParsed& on_item) {
    auto mapped = MappedFile::open(playlist_path);
    if (!mapped)
        return load_text(playlist_path, mapped.error(), on_item);
    return load_text(playlist_path, mapped.value().text(), on_item);
}

std::string playlist_to_play(const Options& options) {
    if (!options.files.empty())
        return options.files[0];
    // Only a verified version folder inside the store, by its own path
    // (update::Store::current_playlist() says what is checked).
    if (!options.store_dir.empty()) {
        PosixFileSystem files;
        update::Store store(files, options.store_dir);
        if (auto current = store.current_playlist())
            return current->string();
    }
    return default_playlist_path();
}

} // namespace beacon::app

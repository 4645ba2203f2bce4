#include "app/translate/translate_command.h"

#include "app/content.h"
#include "app/validate/validate.h"
#include "core/playlist/names.h"
#include "core/translation/playlist_texts.h"
#include "system/files.h"
#include "system/filesystem.h"
#include "system/log.h"

#include <cstdio>
#include <ctime>

namespace beacon::app {

namespace {

// The PO header's revision date, in the form gettext's tools write.
std::string utc_now() {
    std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M+0000", &parts);
    return text;
}

int fail(const std::string& message) {
    log::console("beacon: " + message + "\n");
    return 1;
}

void print(const Diagnostics& diagnostics) {
    for (auto& diagnostic : diagnostics)
        std::printf("%s\n", diagnostic.to_string().c_str());
}

// The playlist's text, once it has loaded as the player loads it: a
// playlist with errors is fixed first, then translated.
std::optional<std::string> valid_playlist(const std::string& path) {
    auto text = read_text_file(path);
    if (!text) {
        fail("cannot read " + path + ": " + text.error().message);
        return std::nullopt;
    }
    LoadedContent content = load_content_text(path, text.value());
    if (!content.playlist) {
        print(content.diagnostics);
        fail(path + " has errors; fix them (beacon validate) before translating");
        return std::nullopt;
    }
    return text.release_value();
}

std::optional<PlaylistTexts> texts_of(const std::string& path, const std::string& xml,
                                      const std::string& lang) {
    auto extracted = playlist_texts(xml, path, lang);
    print(extracted.diagnostics);
    return std::move(extracted.texts);
}

// Writes beside the target and renames over it: a reader sees the old file
// or the new one, never half of one.
Status replace_file(const std::string& path, std::string_view text) {
    PosixFileSystem files;
    Path temporary(path + ".beacon-new");
    (void)files.remove(temporary);
    if (auto written = write_small_file(files, temporary, text); !written)
        return written;
    return files.rename(temporary, path);
}

int run_export(const Options& options, const std::string& playlist) {
    if (options.lang.empty() || options.out.empty())
        return fail("translate export needs --lang CODE and --out FILE.po");
    if (!playlist::is_language_code(options.lang))
        return fail("\"" + options.lang + "\" is not a language code such as vi or zh-Hant");
    auto xml = valid_playlist(playlist);
    if (!xml)
        return 1;
    auto texts = texts_of(playlist, *xml, options.lang);
    if (!texts)
        return 1;
    std::string po = write_po(texts_to_po(*texts, playlist, utc_now()));
    if (auto written = replace_file(options.out, po); !written)
        return fail("cannot write " + options.out + ": " + written.error().message);
    std::size_t translated = 0;
    for (auto& text : texts->texts)
        translated += text.translation && !text.translation->empty();
    std::printf("%s: %zu texts from %s, %zu of them already in %s%s\n", options.out.c_str(),
                texts->texts.size(), texts->source_lang.c_str(), translated, options.lang.c_str(),
                texts->target_listed ? ""
                                     : " (not a language of the playlist yet: import writes "
                                       "into existing texts only)");
    for (auto& note : texts->not_exported)
        std::printf("note: not exported: %s\n", note.c_str());
    return 0;
}

int run_import(const std::string& playlist, const std::string& po_path) {
    auto xml = valid_playlist(playlist);
    if (!xml)
        return 1;
    auto po_text = read_text_file(po_path, PoLimits{}.max_bytes);
    if (!po_text)
        return fail("cannot read " + po_path + ": " + po_text.error().message);
    ParsedPo po = parse_po(po_text.value(), po_path);
    if (!po.file) {
        print(po.diagnostics);
        return fail(po_path + " is not a valid PO file; nothing was changed");
    }
    std::string lang;
    for (auto& entry : po.file->entries)
        if (entry.is_header()) {
            auto at = entry.str.find("Language: ");
            if (at != std::string::npos)
                lang = entry.str.substr(at + 10, entry.str.find('\n', at) - at - 10);
        }
    if (lang.empty())
        return fail(po_path + " has no \"Language:\" in its header; nothing was changed");
    auto texts = texts_of(playlist, *xml, lang);
    if (!texts)
        return 1;
    if (!texts->target_listed)
        return fail("\"" + lang + "\" is not one of the playlist's languages; add it to " +
                    "<playlist languages> with a text for each element first; nothing was "
                    "changed");
    ImportedTexts imported = import_po(*xml, *texts, *po.file, po_path);
    print(imported.problems);
    if (imported.changed == 0) {
        std::printf("%s: no text changed (%zu unchanged, %zu fuzzy or empty, %zu not "
                    "imported)\n",
                    playlist.c_str(), imported.unchanged, imported.skipped,
                    imported.problems.size());
        return imported.problems.empty() ? 0 : 1;
    }
    LoadedContent check = load_content_text(playlist, imported.xml);
    if (!check.playlist) {
        print(check.diagnostics);
        return fail("with these translations " + playlist +
                    " would not be valid (lines as they would be); nothing was changed");
    }
    // Then all of `beacon validate` (fonts for every character, a readable
    // size on every screen, captions), on a copy beside the playlist so that
    // its media resolve alike; its line numbers are the playlist's.
    PosixFileSystem files;
    Path candidate(playlist + ".beacon-new");
    (void)files.remove(candidate);
    if (auto written = write_small_file(files, candidate, imported.xml); !written)
        return fail("cannot write " + candidate.string() + ": " + written.error().message);
    Options validate;
    validate.command = Command::Validate;
    validate.files = {candidate.string()};
    std::fflush(stdout);
    if (run_validate(validate) != 0) {
        (void)files.remove(candidate);
        return fail("with these translations " + playlist +
                    " would not pass `beacon validate` (see above; the lines are the "
                    "playlist's); nothing was changed");
    }
    if (auto renamed = files.rename(candidate, playlist); !renamed)
        return fail("cannot write " + playlist + ": " + renamed.error().message);
    std::printf("%s: %zu text(s) in %s changed, %zu unchanged, %zu fuzzy or empty left out, %zu "
                "not imported\n",
                playlist.c_str(), imported.changed, lang.c_str(), imported.unchanged,
                imported.skipped, imported.problems.size());
    return imported.problems.empty() ? 0 : 1;
}

} // namespace

int run_translate(const Options& options) {
    const std::string& action = options.files[0];
    if (action == "export" && options.files.size() == 2)
        return run_export(options, options.files[1]);
    if (action == "import" && options.files.size() == 3)
        return run_import(options.files[1], options.files[2]);
    return fail("use: beacon translate export PLAYLIST.xml --lang CODE --out FILE.po, or "
                "beacon translate import PLAYLIST.xml FILE.po");
}

} // namespace beacon::app

#include "app/validate/validate.h"

#include "app/content.h"
#include "app/validate/typography_worker.h"
#include "core/hotline_check.h"
#include "core/time_checks.h"
#include "media/media_probe.h"
#include "media/speech.h"
#include "render/content_check.h"
#include "render/picture_file.h"
#include "system/memory.h"
#include "system/service.h"
#include "system/text_decoding.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
#include <system_error>
#include <thread>

namespace beacon::app {

namespace {

// Frees nothing: `beacon validate` exits right after its last file, and the
// kernel takes the whole process's memory back at once, while handing a
// 10,000-item playlist back to malloc string by string took about 5 ms of
// the command's 150 here, and its XML document (LoadedContent::xml) node by
// node 22 M instructions more. The pointer stays in a static, so leak
// checkers count both as reachable, not leaked.
void keep_until_exit(LoadedContent content) {
    static auto* const kept = new std::vector<LoadedContent>;
    kept->push_back(std::move(content));
}

// The moment schedules and notices are judged at: --at, else the wall
// clock now (an administrator's machine; its clock is taken as it is).
CivilDateTime judged_at(const Options& options) {
    if (options.at)
        return *options.at;
    LocalTime const now = service::local_time(std::time(nullptr), true);
    return {now.date, now.minute_of_day};
}

// Every video opened as the player opens it (media/media_probe.h): one that
// cannot play is an error, one the target board cannot decode smoothly a
// warning, both at each line that names it.
// Sound (issue 24): an item meant to be heard (its audio="on", or `--audio
// on` and no audio="off") whose file has no sound track is a warning, as is a
// sound codec the target board decodes at a cost.
void check_videos(const Playlist& playlist, const DirectoryContentRoot& root, TargetBoard target,
                  bool audio, Diagnostics& out) {
    // Each src is resolved once: a long playlist names the same few files
    // many times.
    std::map<std::string, std::string> path_of;
    for (auto& item : playlist.items)
        if (item.kind == ItemKind::Video)
            if (auto [at, is_new] = path_of.try_emplace(item.src); is_new)
                at->second = root.resolve(item.src);
    std::vector<std::string> paths;
    for (auto& [src, path] : path_of)
        paths.push_back(path);
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    auto const probed = media::probe_videos(paths);
    for (auto& item : playlist.items) {
        if (item.kind != ItemKind::Video)
            continue;
        auto const& found = probed.at(path_of.at(item.src));
        std::string const where = "<video id=\"" + item.id + "\"> src \"" + item.src + "\"";
        if (!found)
            out.push_back({playlist.source, item.line,
                           where + " cannot be played: " + found.error().message});
        else if (auto problem = decode_problem(target, found.value()))
            out.push_back(
                {playlist.source, item.line,
                 where + " may stutter on --target " + board_name(target) + ": " + *problem,
                 Severity::Warning});
        if (!found)
            continue;
        bool heard = item.audio.value_or(audio);
        if (heard && found.value().audio_codec.empty())
            out.push_back({playlist.source, item.line,
                           where + " is to be heard (" +
                               (item.audio ? "audio=\"on\"" : "--audio on") +
                               ") but the file has no sound track",
                           Severity::Warning});
        else if (auto problem = heard ? audio_decode_problem(target, found.value()) : std::nullopt)
            out.push_back(
                {playlist.source, item.line,
                 where + " may stutter on --target " + board_name(target) + ": " + *problem,
                 Severity::Warning});
    }
}

// For work that may as well run on the caller's thread: no thread (not
// joinable) when the system cannot start one, and the caller does the work
// itself or goes without.
template <class Work> std::jthread thread_if_possible(const Work& work) {
    try {
        return std::jthread(work);
    } catch (const std::system_error&) {
        return {};
    }
}

// With --at: what the loop is then, as the player would play it.
void print_preview(const Playlist& playlist, const std::string& file, const CivilDateTime& at,
                   const Options& options) {
    static const char* const day_names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};
    LocalTime const then{at.date, weekday_of(at.date), at.minute_of_day, true};
    std::string items;
    std::size_t count = 0;
    for (std::size_t i = 0; i < playlist.items.size(); ++i)
        if (in_loop(playlist.items, i, then)) {
            items += (count++ ? " " : "") + playlist.items[i].id;
        }
    std::string notices;
    for (auto& notice : playlist.notices)
        if (notice.active_at(then))
            notices += (notices.empty() ? "" : " ") + notice.id;
    std::string languages;
    for (auto& lang : playlist.languages)
        languages += (languages.empty() ? "" : " ") + lang;
    std::fprintf(stdout,
                 "%s: at %s (%s) the loop plays %zu of %zu items: %s; notices: %s; "
                 "languages: %s\n",
                 file.c_str(), to_string(at).c_str(), day_names[then.weekday], count,
                 playlist.items.size(), items.empty() ? "(none)" : items.c_str(),
                 notices.empty() ? "(none)" : notices.c_str(), languages.c_str());
    // --display-hours (what a beacon.conf would set; validate reads none)
    // overrides the playlist's, as the configuration's does in the player.
    bool from_config = options.display_hours.has_value();
    std::string source = from_config ? std::string("the command line") : file;
    std::fprintf(stdout, "%s: at %s %s\n", file.c_str(), to_string(at).c_str(),
                 describe_display_power(
                     from_config ? options.display_hours : playlist.display_hours, source, then)
                     .c_str());
}

} // namespace

int run_validate(const Options& options) {
    // Before the typography thread exists. The heap a 10,000-item playlist
    // needs (XML nodes, strings) is about 60 MB; beyond this it grows in
    // 4 KiB pages as usual. Nothing is lost when the kernel says no.
    constexpr std::size_t k_validate_heap_bytes = 64u << 20;
    memory::grow_heap_in_huge_pages(k_validate_heap_bytes);
    int errors = 0;
    // One for all files: it checks each distinct text only once.
    TypographyWorker typography(options.text_scale);
    // libmpv, loaded on another core from the first video the parser meets,
    // while the rest of the file is parsed: the probes after the parse
    // would otherwise wait about 100 ms for it. Joined when run_validate()
    // returns. The typography workers exist already. Starting a thread
    // while the load runs blocks the starter until the load ends (glibc
    // holds its TLS lock through a dlopen()): the hotline's thread and the
    // probes' may start late, which costs no more than loading libmpv then.
    std::jthread decoder_loading;
    bool decoder_asked = false;
    bool reported_no_fonts = false;
    for (auto& file : options.files) {
        LoadedContent content = check_content(
            file, [&typography, &file, &decoder_loading, &decoder_asked](const Item& item) {
                if (item.kind == ItemKind::FactSheet) {
                    typography.add(file, item);
                } else if (item.kind == ItemKind::Video && !decoder_asked) {
                    decoder_asked = true;
                    decoder_loading = thread_if_possible(media::load_decoder_ahead);
                }
            });
        TypographyWorker::Drained checked = typography.drain();
        if (content.note)
            std::fprintf(stdout, "%s\n", content.note->c_str());
        if (content.playlist) {
            // The hotline as this kiosk would show it: --hotline-style and
            // --qr laid over the playlist's own choices.
            apply_hotline_choices(content.playlist->hotline, hotline_choices(options));
            check_hotline_choices(*content.playlist, content.diagnostics);
            // Characters no installed font has, and fact sheets that do not
            // fit a screen at a readable size, in any language.
            if (!checked.check && !reported_no_fonts) {
                reported_no_fonts = true;
                content.diagnostics.push_back({file, 0, checked.error});
            }
            if (checked.check)
                for (auto& diagnostic : checked.diagnostics)
                    content.diagnostics.push_back(std::move(diagnostic));
            // The hotline laid out in every language, on the second worker's
            // TypographyCheck and a thread of its own while this one checks
            // pictures, captions and videos (on this thread, and on the
            // first check, when there is no second or no thread); what it
            // finds is put back where it was always said, after the fact
            // sheets' findings.
            // --speech on: laid out with the Listen button where the kiosk
            // shows one (the languages espeak-ng has a voice for).
            Diagnostics hotline_problems;
            std::size_t const hotline_problems_at = content.diagnostics.size();
            std::jthread hotline_check;
            if (checked.check) {
                auto lay_out_hotline =
                    [&playlist = *content.playlist, &hotline_problems,
                     check = checked.spare ? checked.spare : checked.check,
                     voiced = options.speech ? media::voiced_languages(content.playlist->languages)
                                             : std::vector<std::string>{}] {
                        check->check_hotline(playlist, hotline_problems, voiced);
                    };
                if (checked.spare)
                    hotline_check = thread_if_possible(lay_out_hotline);
                if (!hotline_check.joinable())
                    lay_out_hotline();
            }
            // Pictures too large to decode on a kiosk, each file read once.
            std::map<std::string, std::optional<std::string>> picture_verdicts;
            for (auto& item : content.playlist->items) {
                if (item.kind == ItemKind::Image) {
                    auto [verdict, is_new] = picture_verdicts.try_emplace(item.src);
                    if (is_new)
                        verdict->second =
                            render::picture_too_large(content.root->resolve(item.src));
                    if (verdict->second)
                        content.diagnostics.push_back({file, item.line,
                                                       "<image id=\"" + item.id + "\"> src \"" +
                                                           item.src + "\": " + *verdict->second});
                }
                for (auto& [lang, caption] : item.captions) {
                    auto path = content.root->resolve(caption.src);
                    auto text = read_text_file(path);
                    if (!text)
                        continue;
                    DecodedText decoded = decode_text(text.value(), path);
                    if (decoded.note())
                        std::fprintf(stdout, "%s: %s\n", path.c_str(), decoded.note()->c_str());
                    if (!decoded.ok())
                        content.diagnostics.push_back(*decoded.error());
                    else if (checked.check)
                        checked.check->check_caption(*content.playlist, item, lang,
                                                     std::string(decoded.text()),
                                                     content.diagnostics);
                }
            }
            check_videos(*content.playlist, *content.root, options.target, options.sound.audio,
                         content.diagnostics);
            if (hotline_check.joinable())
                hotline_check.join();
            content.diagnostics.insert(content.diagnostics.begin() +
                                           static_cast<std::ptrdiff_t>(hotline_problems_at),
                                       std::make_move_iterator(hotline_problems.begin()),
                                       std::make_move_iterator(hotline_problems.end()));
            for (auto& warning : time_warnings(*content.playlist, judged_at(options)))
                content.diagnostics.push_back(std::move(warning));
            std::stable_sort(content.diagnostics.begin(), content.diagnostics.end(),
                             [](auto& a, auto& b) { return a.line < b.line; });
        }
        int file_errors = 0;
        for (auto& diagnostic : content.diagnostics) {
            std::fprintf(stdout, "%s\n", diagnostic.to_string().c_str());
            file_errors += diagnostic.severity == Severity::Error ? 1 : 0;
        }
        errors += file_errors;
        // Warnings alone still validate: the kiosk takes the playlist.
        if (file_errors == 0) {
            std::size_t const warnings = content.diagnostics.size();
            std::fprintf(stdout, "%s: ok, %zu items, %zu languages%s\n", file.c_str(),
                         content.playlist->items.size(), content.playlist->languages.size(),
                         warnings == 0   ? ""
                         : warnings == 1 ? ", 1 warning"
                                         : (", " + std::to_string(warnings) + " warnings").c_str());
        }
        if (file_errors == 0 && options.at)
            print_preview(*content.playlist, file, *options.at, options);
        if (&file == &options.files.back())
            keep_until_exit(std::move(content));
    }
    std::fflush(stdout);
    return errors ? 1 : 0;
}

} // namespace beacon::app

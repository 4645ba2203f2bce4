#include "app/validate/validate.h"

#include "app/content.h"
#include "app/validate/typography_worker.h"
#include "render/content_check.h"
#include "render/picture_file.h"
#include "system/memory.h"
#include "system/text_decoding.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

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

} // namespace

int run_validate(const Options& options) {
    // Before the typography thread exists. The heap a 10,000-item playlist
    // needs (XML nodes, strings) is about 60 MB; beyond this it grows in
    // 4 KiB pages as usual. Nothing is lost when the kernel says no.
    constexpr std::size_t k_validate_heap_bytes = 64u << 20;
    memory::grow_heap_in_huge_pages(k_validate_heap_bytes);
    int errors = 0;
    // One for all files: it checks each distinct text only once.
    TypographyWorker typography;
    bool reported_no_fonts = false;
    for (auto& file : options.files) {
        LoadedContent content = check_content(
            file, [&typography, &file](const Item& factsheet) { typography.add(file, factsheet); });
        TypographyWorker::Drained checked = typography.drain();
        if (content.note)
            std::fprintf(stdout, "%s\n", content.note->c_str());
        if (content.playlist) {
            // Characters no installed font has, and fact sheets that do not
            // fit a screen at a readable size, in any language.
            if (!checked.check && !reported_no_fonts) {
                reported_no_fonts = true;
                content.diagnostics.push_back({file, 0, checked.error});
            }
            if (checked.check) {
                for (auto& diagnostic : checked.diagnostics)
                    content.diagnostics.push_back(std::move(diagnostic));
                checked.check->check_hotline(*content.playlist, content.diagnostics);
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
            std::stable_sort(content.diagnostics.begin(), content.diagnostics.end(),
                             [](auto& a, auto& b) { return a.line < b.line; });
        }
        for (auto& diagnostic : content.diagnostics)
            std::fprintf(stdout, "%s\n", diagnostic.to_string().c_str());
        errors += static_cast<int>(content.diagnostics.size());
        if (content.diagnostics.empty())
            std::fprintf(stdout, "%s: ok, %zu items, %zu languages\n", file.c_str(),
                         content.playlist->items.size(), content.playlist->languages.size());
        if (&file == &options.files.back())
            keep_until_exit(std::move(content));
    }
    std::fflush(stdout);
    return errors ? 1 : 0;
}

} // namespace beacon::app

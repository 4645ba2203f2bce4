#include "fuzz/targets.h"

#include "core/playlist/playlist_parser.h"
#include "render/compose.h"
#include "render/fonts.h"
#include "render/scene.h"
#include "render/sheet_layout.h"
#include "render/text.h"

#include <cstdio>
#include <cstdlib>

namespace beacon::fuzz {

namespace {

render::Fonts& fonts() {
    // Fonts are found once and kept, as the player keeps them.
    static render::Fonts* instance = [] {
        auto created = render::Fonts::create();
        if (!created) {
            std::fprintf(stderr, "fuzz: %s\n", created.error().message.c_str());
            std::abort();
        }
        return created.release_value().release();
    }();
    return *instance;
}

Problem check_paragraph(const render::Paragraph& paragraph, const std::string& what) {
    int widest = 0;
    for (auto& line : paragraph.lines)
        widest = std::max(widest, line.width);
    if (paragraph.width != widest)
        return what + ": paragraph width " + std::to_string(paragraph.width) + " but widest line " +
               std::to_string(widest);
    return {};
}

} // namespace

Problem playlist_layout_target(std::string_view input) {
    auto parsed = parse_playlist(input, "fuzz.xml");
    if (!parsed.playlist)
        return {};
    const Playlist& playlist = *parsed.playlist;
    render::TextEngine engine(fonts());
    // Problems are kept, as at load: nothing is written.
    render::WarnOnce warnings{render::WarnOnce::Sink::Keep};
    render::Composer composer{nullptr, engine, warnings};
    // The hotline screen in every language, laid out as Screens does when
    // content is loaded (render/screens.cpp), on a large and two small screens.
    for (Size screen : {Size{1920, 1080}, Size{640, 360}, Size{480, 320}})
        for (const std::string& lang : playlist.languages)
            if (!render::compose_hotline(composer, playlist, lang, screen))
                return "no hotline scene for \"" + lang + "\"";
    // Every fact sheet at every checked size, as validate and the screens fit it.
    for (const Item& item : playlist.items)
        for (const FactSheetText& sheet : item.texts)
            for (Size screen : render::checked_screen_sizes()) {
                render::SheetFit fit = render::fit_sheet(engine, sheet, sheet.lang, screen);
                if (auto problem = check_paragraph(fit.layout.title, "title of " + item.id))
                    return problem;
                if (fit.layout.px <= 0)
                    return "fact sheet \"" + item.id + "\" fitted at " +
                           std::to_string(fit.layout.px) + " px";
            }
    // Notice texts in a banner-sized box.
    for (const Notice& notice : playlist.notices)
        for (const Notice::Text& text : notice.texts) {
            render::TextStyle style{text.lang, 0, false};
            auto paragraph = engine.fit(text.text, style, {1800, 120}, 12, 48);
            if (auto problem = check_paragraph(paragraph, "notice " + notice.id))
                return problem;
        }
    (void)warnings.take_kept();
    fonts().trim();
    return {};
}

} // namespace beacon::fuzz

// Screens: the scenes for the hotline, fact sheets, the notice banner and
// the footer, cached per language and screen size, and the load-time audit
// of the hotline's texts (problems are logged at load, never at the tap).
// Over 400 lines because the cache and the audit must see the same scene
// keys; the scene building itself is in compose.cpp and hotline_screen.cpp.
#include "render/screens.h"

#include "render/compose.h"
#include "render/content_check.h"
#include "render/fonts.h"
#include "render/notice_banner.h"
#include "render/scene.h"
#include "render/sheet_layout.h"
#include "render/text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>

namespace beacon::render {

namespace {

// Scenes kept at once, by the pixel memory of their textures, in screens'
// worth: the scene on screen, the next fact sheet built ahead of its time,
// the hotline a tap would open, and the footer and banner drawn over media.
// Each extra scene kept would only save one rebuild when its item comes
// round again, and a fact sheet at 1280x720 holds about 3 MB of text
// textures. (Keeping 24 scenes and 48 open fonts, the default playlist's
// fact-sheet loop grew to 116 MB PSS headless; with this budget and
// Fonts::trim()'s, it levels off near 80 MB.)
constexpr std::size_t cached_screens_worth = 4;

class Fingerprint {
  public:
    void add(std::string_view text) {
        m_value = (m_value ^ std::hash<std::string_view>{}(text)) * 1099511628211ull;
        m_value ^= text.size();
    }
    std::size_t value() const { return m_value; }

  private:
    std::size_t m_value = 14695981039346656037ull;
};

void add_hotline(Fingerprint& fingerprint, const Playlist& playlist) {
    fingerprint.add(playlist.hotline.phone);
    fingerprint.add(playlist.hotline.web);
    fingerprint.add(playlist.hotline.qr_payload);
    fingerprint.add(to_string(playlist.hotline.style));
    fingerprint.add(to_string(playlist.hotline.qr_kind));
    for (std::string const& lang : playlist.languages)
        fingerprint.add(lang);
    for (HotlineText const& t : playlist.hotline.texts) {
        for (std::string_view part :
             {std::string_view(t.lang), std::string_view(t.name), std::string_view(t.headline),
              std::string_view(t.call), std::string_view(t.interpreters),
              std::string_view(t.web_label), std::string_view(t.scan), std::string_view(t.close),
              std::string_view(t.discreet), std::string_view(t.who_answers),
              std::string_view(t.scan_tel), std::string_view(t.scan_sms)})
            fingerprint.add(part);
        fingerprint.add(t.text ? *t.text : "\x01");
    }
}

std::string size_key(Size screen) {
    return std::to_string(screen.width) + "x" + std::to_string(screen.height);
}

std::string factsheet_key(const Item& item, const std::string& lang, Size screen) {
    return "factsheet|" + item.id + "|" + lang + "|" + size_key(screen);
}

int side_margin(Size screen) {
    return static_cast<int>(std::ceil(0.06 * screen.width));
}

} // namespace

struct Screens::Impl {
    struct Cached {
        std::size_t fingerprint = 0;
        std::uint64_t last_used = 0;
        std::unique_ptr<Scene> scene;
    };

    SDL_Renderer* renderer = nullptr;
    std::unique_ptr<Fonts> fonts;
    std::unique_ptr<TextEngine> text;
    WarnOnce warn;
    // Problems of the hotline screen: kept, and logged by report_found()
    // only, which no path a tap causes calls. Nothing a tap causes may leave
    // a log line (journald would timestamp it), so the hotline screen's
    // problems are found by audit_hotline() when content or the screen size
    // changes, and logged from the loop.
    WarnOnce quiet{WarnOnce::Sink::Keep};
    std::size_t audited = 0; // hotline content and size audit_hotline() last laid out
    std::vector<std::string> found;
    std::map<std::string, Cached> cache;
    std::string drawn_turn_screen; // key of the fact sheet or notice screen drawn last
    std::uint64_t clock = 0;
    std::uint64_t scenes_built = 0;

    double text_scale = 1;
    std::vector<std::string> listen_languages; // set_listen_languages()

    ListenButton listen(const std::string& lang) const {
        bool const shown = std::find(listen_languages.begin(), listen_languages.end(), lang) !=
                           listen_languages.end();
        return shown ? ListenButton::Shown : ListenButton::None;
    }

    Composer composer() { return {renderer, *text, warn, text_scale}; }

    // Lays out the hotline screen in every language at `screen`, once per
    // hotline content and size, keeping its problems in `found`. The scenes
    // are dropped: a tap builds the one it shows (with the same inputs, so
    // the same problems). True when it laid them out, false when they were
    // already.
    bool audit_hotline(const Playlist& playlist, Size screen) {
        Fingerprint fingerprint;
        add_hotline(fingerprint, playlist);
        fingerprint.add(size_key(screen));
        if (fingerprint.value() == audited)
            return false;
        audited = fingerprint.value();
        Composer c{nullptr, *text, quiet, text_scale}; // layout only: no glyph is rendered
        for (std::string const& lang : playlist.languages) {
            compose_hotline(c, playlist, lang, screen, listen(lang));
            // One script's fonts open at a time, not all of them: FreeType's
            // data for the CJK faces alone is several MB.
            fonts->close_all();
        }
        for (std::string& message : quiet.take_kept())
            found.push_back(std::move(message));
        return true;
    }
    // The loop's paths only: draws and preparations no tap asked for.
    bool report_found(const Playlist& playlist, Size screen) {
        bool const laid_out = audit_hotline(playlist, screen);
        for (std::string const& message : std::exchange(found, {}))
            warn(message);
        return laid_out;
    }

    // The cached scene for `key`, built first when it is missing or its
    // content changed.
    Scene& scene(const std::string& key, std::size_t fingerprint, Size screen,
                 const std::function<std::unique_ptr<Scene>()>& build) {
        auto it = cache.find(key);
        if (it == cache.end() || it->second.fingerprint != fingerprint) {
            if (is_turn_screen(key))
                drop_turn_screens_but(key);
            auto fresh = build();
            ++scenes_built;
            // Fonts opened during the auto-fit searches are no longer needed.
            fonts->close_all();
            it = cache.insert_or_assign(key, Cached{fingerprint, 0, std::move(fresh)}).first;
            evict_beyond_budget(screen, key);
        }
        it->second.last_used = ++clock;
        return *it->second.scene;
    }

    void draw(const std::string& key, std::size_t fingerprint, Size screen,
              const std::function<std::unique_ptr<Scene>()>& build) {
        scene(key, fingerprint, screen, build).draw();
        drew(key);
    }
    void drew(const std::string& key) {
        if (is_turn_screen(key))
            drawn_turn_screen = key;
    }

    // Least recently used first, but hotline screens last: a tap must find
    // its hotline ready however many fact sheets went by. `keep` (the
    // scene just built) always stays.
    void evict_beyond_budget(Size screen, const std::string& keep) {
        std::size_t const budget = cached_screens_worth * 4 *
                                   static_cast<std::size_t>(std::max(screen.width, 1)) *
                                   static_cast<std::size_t>(std::max(screen.height, 1));
        while (cache.size() > 1 && held_bytes() > budget) {
            auto victim = cache.end();
            for (auto it = cache.begin(); it != cache.end(); ++it) {
                if (it->first == keep)
                    continue;
                if (victim == cache.end() ||
                    std::make_pair(is_hotline(it->first), it->second.last_used) <
                        std::make_pair(is_hotline(victim->first), victim->second.last_used))
                    victim = it;
            }
            cache.erase(victim);
        }
    }

    // Drops every full screen shown in turn (fact sheets, notice screens)
    // but `keep` and the one last drawn, which may still be on screen:
    // called before `keep` is built, so its fonts and new textures do not
    // stack on older screens. Within the byte budget, an older fact sheet
    // would be drawn again only if its item came round in the same
    // language, which a loop through several languages rarely does, and
    // meanwhile it held 2-3 MB at 1280x720 (peak PSS of the benchmark's
    // fact-sheet loop: bench/analysis.md, "Issue 22, target 4").
    void drop_turn_screens_but(const std::string& keep) {
        std::erase_if(cache, [&](auto const& entry) {
            return is_turn_screen(entry.first) && entry.first != keep &&
                   entry.first != drawn_turn_screen;
        });
    }

    std::size_t held_bytes() const {
        std::size_t bytes = 0;
        for (auto const& [key, cached] : cache)
            bytes += cached.scene->texture_bytes();
        return bytes;
    }

    static bool is_hotline(const std::string& key) { return key.starts_with("hotline|"); }
    static bool is_turn_screen(const std::string& key) {
        return key.starts_with("factsheet|") || key.starts_with("notice|");
    }

    Scene& hotline(const Playlist& playlist, const std::string& lang, Size screen);
    Scene& factsheet(const Playlist& playlist, const Item& item, const std::string& lang,
                     Size screen);
    std::unique_ptr<Scene> compose_factsheet(const Playlist& playlist, const Item& item,
                                             const std::string& lang, Size screen);
};

Result<std::unique_ptr<Screens>> Screens::create(SDL_Renderer* renderer) {
    if (!renderer)
        return Error{"no renderer"};
    auto fonts = Fonts::create();
    if (!fonts)
        return fonts.error();
    return create(renderer, fonts.release_value());
}

Result<std::unique_ptr<Screens>> Screens::create(SDL_Renderer* renderer,
                                                 std::unique_ptr<Fonts> fonts) {
    if (!renderer)
        return Error{"no renderer"};
    auto impl = std::make_unique<Impl>();
    impl->renderer = renderer;
    impl->fonts = std::move(fonts);
    impl->text = std::make_unique<TextEngine>(*impl->fonts);
    return std::unique_ptr<Screens>(new Screens(std::move(impl)));
}

Screens::Screens(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

// Scenes hold textures and must go before the fonts; member order in Impl
// already guarantees that, clearing first keeps it explicit.
Screens::~Screens() {
    clear_cache();
}

void Screens::clear_cache() {
    m_impl->cache.clear();
}

std::unique_ptr<Scene> Screens::Impl::compose_factsheet(const Playlist& playlist, const Item& item,
                                                        const std::string& lang, Size screen) {
    auto scene = std::make_unique<Scene>(renderer);
    Composer c = composer();
    scene->fill({0, 0, screen.width, screen.height}, palette::background);

    SheetGeometry const geometry = sheet_geometry(screen, text_scale);
    int const margin = side_margin(screen);
    compose_footer(c, *scene, playlist, lang, geometry.footer, margin, screen.width - 2 * margin);

    FactSheetText const* sheet = item.text_for(lang);
    if (!sheet && !item.texts.empty()) {
        warn("fact sheet \"" + item.id + "\" has no text in \"" + lang + "\"; showing \"" +
             item.texts.front().lang + "\"");
        sheet = &item.texts.front();
    }
    if (!sheet) {
        warn("fact sheet \"" + item.id + "\" has no text at all");
        return scene;
    }
    std::string const& sheet_lang = sheet->lang.empty() ? lang : sheet->lang;
    Rect const content = geometry.content;
    if (content.width <= 0 || content.height <= 0)
        return scene;

    // Largest base size at which everything fits without splitting a word.
    SheetFit fitted = fit_sheet(*text, *sheet, sheet_lang, screen, text_scale);
    SheetLayout& sheet_layout = fitted.layout;
    int const best = sheet_layout.px;
    if (!fitted.fits)
        warn("fact sheet \"" + item.id + "\" in \"" + sheet_lang +
             "\" does not fit even at the smallest size; points are left out");
    if (!sheet_layout.missing.empty())
        warn("fact sheet \"" + item.id + "\" in \"" + sheet_lang + "\": no installed font has " +
             format_code_points(sheet_layout.missing) + "; they are left out");

    bool const rtl = text->right_to_left(sheet_layout.point_style);
    int y = content.y + std::max(0, (content.height - sheet_layout.height) / 2);
    int const bottom = content.y + content.height;
    auto place = [&](const Paragraph& paragraph, const TextStyle& style, Rect box,
                     SDL_Color color) {
        RenderedText rendered = text->render(paragraph, style, color, Align::Start, box.width);
        scene->place(rendered, box, Align::Start, VAlign::Top, rtl);
    };

    // A title too long for the screen keeps only the whole lines that fit.
    Paragraph& title = sheet_layout.title;
    if (title.height() > bottom - y && title.line_height > 0)
        title.lines.resize(std::max(0, (bottom - y) / title.line_height));
    place(title, sheet_layout.title_style, {content.x, y, content.width, title.height()},
          palette::text);
    y += sheet_layout.title.height();
    // A short amber rule under the title, on the reading side.
    int const rule_width = best * 5 / 2;
    int const rule_height = std::max(2, best / 9);
    int const rule_y = y + (sheet_layout.rule_space - rule_height) / 2;
    if (rule_y + rule_height <= bottom)
        scene->fill({rtl ? content.x + content.width - rule_width : content.x, rule_y, rule_width,
                     rule_height},
                    palette::accent);
    y += sheet_layout.rule_space;

    // Bullets sit on the reading side: at the right edge for right-to-left
    // languages, mirroring the whole column.
    TextStyle bullet_style{"", best, true};
    Paragraph const bullet = text->layout_paragraph("\u2022", bullet_style, sheet_layout.indent);
    for (Paragraph const& point : sheet_layout.points) {
        if (y + point.height() > bottom)
            break; // only at the smallest size: drop whole points, never cut lines
        Rect const bullet_box{rtl ? content.x + content.width - sheet_layout.indent : content.x, y,
                              sheet_layout.indent, point.line_height};
        RenderedText dot =
            text->render(bullet, bullet_style, palette::accent, Align::Start, bullet.width);
        scene->place(dot, bullet_box, Align::Start, VAlign::Middle, rtl);
        Rect const box{rtl ? content.x : content.x + sheet_layout.indent, y,
                       content.width - sheet_layout.indent, point.height()};
        place(point, sheet_layout.point_style, box, palette::text);
        y += point.height() + sheet_layout.point_gap;
    }
    return scene;
}

std::uint64_t Screens::shaped_runs() const {
    return m_impl->text->shaped_runs();
}

std::uint64_t Screens::scenes_built() const {
    return m_impl->scenes_built;
}

std::size_t Screens::cached_texture_bytes() const {
    return m_impl->held_bytes();
}

std::vector<char32_t> Screens::missing_glyphs(const Item& item, const std::string& lang) {
    std::vector<char32_t> missing;
    FactSheetText const* sheet = item.text_for(lang);
    if (!sheet)
        return missing;
    auto add = [&](std::string const& text) {
        for (char32_t c : m_impl->text->missing_glyphs(text, lang)) {
            if (std::find(missing.begin(), missing.end(), c) == missing.end())
                missing.push_back(c);
        }
    };
    add(sheet->title);
    for (std::string const& point : sheet->points)
        add(point);
    return missing;
}

Scene& Screens::Impl::factsheet(const Playlist& playlist, const Item& item, const std::string& lang,
                                Size screen) {
    Fingerprint fingerprint;
    add_hotline(fingerprint, playlist);
    for (FactSheetText const& sheet : item.texts) {
        fingerprint.add(sheet.lang);
        fingerprint.add(sheet.title);
        for (std::string const& point : sheet.points)
            fingerprint.add(point);
    }
    return scene(factsheet_key(item, lang, screen), fingerprint.value(), screen,
                 [&] { return compose_factsheet(playlist, item, lang, screen); });
}

void Screens::draw_factsheet(const Playlist& playlist, const Item& item, const std::string& lang,
                             Size screen) {
    m_impl->factsheet(playlist, item, lang, screen).draw();
    m_impl->drew(factsheet_key(item, lang, screen));
}

void Screens::prepare_factsheet(const Playlist& playlist, const Item& item, const std::string& lang,
                                Size screen) {
    m_impl->factsheet(playlist, item, lang, screen);
}

Scene& Screens::Impl::hotline(const Playlist& playlist, const std::string& lang, Size screen) {
    Fingerprint fingerprint;
    add_hotline(fingerprint, playlist);
    // A tap: problems are found (and kept for the loop to log) by the
    // audit, never written from here.
    audit_hotline(playlist, screen);
    Scene& built =
        scene("hotline|" + lang + "|" + size_key(screen), fingerprint.value(), screen, [&] {
            Composer c{renderer, *text, quiet, text_scale};
            return compose_hotline(c, playlist, lang, screen, listen(lang));
        });
    quiet.take_kept(); // the audit laid out the same screen and kept the same problems
    return built;
}

void Screens::draw_hotline(const Playlist& playlist, const std::string& lang, Size screen,
                           std::optional<HotlineTarget> focus) {
    m_impl->hotline(playlist, lang, screen).draw();
    if (!focus)
        return;
    // The focus ring: drawn over the cached scene, outside its target, in
    // near-white on the navy background (about 15:1), two borders thick so
    // it reads from a distance. Amber would vanish around the selected
    // language button, which is amber itself.
    Rect const target =
        target_rect(hotline_layout(playlist, lang, screen, m_impl->listen(lang)), *focus);
    if (target.width <= 0)
        return;
    int const border = std::max(3, std::min(screen.width, screen.height) / 180);
    int const gap = border;
    SDL_SetRenderDrawColor(m_impl->renderer, palette::text.r, palette::text.g, palette::text.b,
                           255);
    for (int i = 0; i < border; ++i) {
        SDL_Rect ring{target.x - gap - border + i, target.y - gap - border + i,
                      target.width + 2 * (gap + border - i),
                      target.height + 2 * (gap + border - i)};
        SDL_RenderDrawRect(m_impl->renderer, &ring);
    }
}

void Screens::set_text_scale(double scale) {
    scale = std::clamp(scale, 1.0, 1.5);
    if (scale == m_impl->text_scale)
        return;
    m_impl->text_scale = scale;
    m_impl->audited = 0;
    clear_cache();
}

void Screens::set_listen_languages(std::vector<std::string> languages) {
    if (languages == m_impl->listen_languages)
        return;
    m_impl->listen_languages = std::move(languages);
    m_impl->audited = 0;
    clear_cache();
}

ListenButton Screens::listen(const std::string& lang) const {
    return m_impl->listen(lang);
}

bool Screens::report_hotline_problems(const Playlist& playlist, Size screen) {
    return m_impl->report_found(playlist, screen);
}

void Screens::prepare_hotline(const Playlist& playlist, const std::string& lang, Size screen) {
    m_impl->hotline(playlist, lang, screen);
}

void Screens::draw_notice_banner(const Notice& notice, const std::string& lang, Size screen) {
    m_impl->draw("banner|" + lang + "|" + size_key(screen), notice_fingerprint(notice), screen,
                 [&] {
                     Composer c = m_impl->composer();
                     return compose_notice_banner(c, notice, lang, screen);
                 });
}

void Screens::draw_notice(const Playlist& playlist, const Notice& notice, const std::string& lang,
                          Size screen) {
    Fingerprint fingerprint;
    add_hotline(fingerprint, playlist);
    fingerprint.add(std::to_string(notice_fingerprint(notice)));
    m_impl->draw("notice|" + lang + "|" + size_key(screen), fingerprint.value(), screen, [&] {
        Composer c = m_impl->composer();
        return compose_notice_screen(c, playlist, notice, lang, screen);
    });
}

void Screens::draw_hotline_footer(const Playlist& playlist, const std::string& lang, Size screen) {
    Fingerprint fingerprint;
    add_hotline(fingerprint, playlist);
    m_impl->draw("footer|" + lang + "|" + size_key(screen), fingerprint.value(), screen, [&] {
        auto scene = std::make_unique<Scene>(m_impl->renderer);
        Composer c = m_impl->composer();
        int const height =
            footer_band_height(std::max(24, std::min(screen.width, screen.height) * 8 / 100),
                               screen, m_impl->text_scale);
        int const margin = side_margin(screen);
        compose_footer(c, *scene, playlist, lang, {0, screen.height - height, screen.width, height},
                       margin, screen.width - 2 * margin);
        return scene;
    });
}

} // namespace beacon::render

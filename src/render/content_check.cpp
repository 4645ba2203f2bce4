#include "render/content_check.h"

#include "render/compose.h"
#include "render/sheet_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string_view>
#include <utility>

namespace beacon::render {

namespace {

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

std::string size_name(Size size) {
    return std::to_string(size.width) + "x" + std::to_string(size.height);
}

void add_unique(std::vector<char32_t>& to, const std::vector<char32_t>& from) {
    for (char32_t c : from) {
        if (std::find(to.begin(), to.end(), c) == to.end())
            to.push_back(c);
    }
}

} // namespace

std::string format_code_points(const std::vector<char32_t>& code_points) {
    std::string text;
    for (char32_t c : code_points) {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
        text += (text.empty() ? "" : " ") + std::string(buffer);
    }
    return text;
}

std::string caption_words(std::string_view captions) {
    std::string words;
    bool in_note = false;
    while (!captions.empty()) {
        auto const end = captions.find('\n');
        std::string_view line = captions.substr(0, end);
        captions.remove_prefix(end == std::string_view::npos ? captions.size() : end + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.remove_suffix(1);
        if (line.starts_with("\xEF\xBB\xBF"))
            line.remove_prefix(3); // a byte order mark
        if (line.empty()) {
            in_note = false;
            continue;
        }
        bool const number = line.find_first_not_of("0123456789") == std::string_view::npos;
        if (in_note || number || line.find("-->") != std::string_view::npos ||
            line.starts_with("WEBVTT") || line.starts_with("STYLE") || line.starts_with("REGION"))
            continue;
        if (line.starts_with("NOTE")) {
            in_note = true;
            continue;
        }
        // <i>, </b>, <c.yellow>, <00:00:01.000> and SRT's {\an8}-style tags.
        for (std::size_t i = 0; i < line.size(); ++i) {
            char const close = line[i] == '<' ? '>' : line[i] == '{' ? '}' : 0;
            std::size_t const to = close ? line.find(close, i) : std::string_view::npos;
            if (to != std::string_view::npos)
                i = to;
            else
                words += line[i];
        }
        words += '\n';
    }
    return words;
}

namespace {

std::string format_scale(double scale) {
    char text[16];
    std::snprintf(text, sizeof text, "%g", scale);
    return text;
}

} // namespace

Result<std::unique_ptr<TypographyCheck>> TypographyCheck::create(double text_scale) {
    auto fonts = Fonts::create();
    if (!fonts)
        return fonts.error();
    return std::unique_ptr<TypographyCheck>(
        new TypographyCheck(fonts.release_value(), std::clamp(text_scale, 1.0, 1.5)));
}

TypographyCheck::TypographyCheck(std::unique_ptr<Fonts> fonts, double text_scale)
    : m_fonts(std::move(fonts)), m_text(*m_fonts), m_text_scale(text_scale) {}

const std::vector<char32_t>& TypographyCheck::missing_glyphs(const std::string& text,
                                                             const std::string& lang) {
    auto key = std::make_pair(lang, text);
    if (auto it = m_missing.find(key); it != m_missing.end())
        return it->second;
    return m_missing[key] = m_text.missing_glyphs(text, lang);
}

TypographyCheck::SheetVerdict TypographyCheck::judge(const FactSheetText& sheet) {
    SheetVerdict verdict;
    verdict.missing = missing_glyphs(sheet.title, sheet.lang);
    for (std::string const& point : sheet.points)
        add_unique(verdict.missing, missing_glyphs(point, sheet.lang));
    if (!verdict.missing.empty())
        return verdict; // its fit would be judged without the missing characters
    for (Size screen : checked_screen_sizes()) {
        // One layout at the smallest size decides: auto-fit finds a larger
        // size whenever this one fits.
        SheetGeometry const geometry = sheet_geometry(screen, m_text_scale);
        int const min_px = static_cast<int>(std::lround(geometry.min_px * m_text_scale));
        SheetExtent const layout =
            measure_sheet(m_text, sheet, sheet.lang, min_px, geometry.content.width);
        if (layout.height > geometry.content.height || layout.split_words)
            verdict.overflowing.push_back(screen);
    }
    m_fonts->trim();
    return verdict;
}

const TypographyCheck::SheetVerdict& TypographyCheck::verdict(const FactSheetText& sheet) {
    if (m_sheets.size() > 20000 && !m_sheets.contains(sheet))
        m_sheets.clear(); // a bound for the pathological playlist, not a cache policy
    auto [it, is_new] = m_sheets.try_emplace(sheet);
    if (is_new)
        it->second = judge(sheet);
    return it->second;
}

void TypographyCheck::check_caption(const Playlist& playlist, const Item& video,
                                    const std::string& lang, const std::string& caption_text,
                                    Diagnostics& out) {
    auto const found = video.captions.find(lang);
    if (found == video.captions.end())
        return;
    std::vector<char32_t> const missing = m_text.missing_glyphs(caption_words(caption_text), lang);
    if (missing.empty())
        return;
    out.push_back({playlist.source, found->second.line,
                   "<video id=" + quoted(video.id) + "> caption " + quoted(found->second.src) +
                       " in language " + quoted(lang) +
                       " has characters no installed font has: " + format_code_points(missing)});
}

namespace {

std::string missing_message(const std::string& where, const std::string& lang,
                            const std::vector<char32_t>& missing) {
    return where + " in language " + quoted(lang) +
           " has characters no installed font has: " + format_code_points(missing) +
           " (install a font for them, or fix the text)";
}

} // namespace

void TypographyCheck::check_hotline(const Playlist& playlist, Diagnostics& out,
                                    const std::vector<std::string>& listen_languages) {
    check_hotline_fit(playlist, out, listen_languages);
    for (HotlineText const& words : playlist.hotline.texts) {
        std::vector<char32_t> missing;
        for (std::string const* part :
             {&words.name, &words.headline, &words.call, &words.interpreters, &words.web_label,
              &words.scan, &words.close, &words.discreet, &words.who_answers, &words.scan_tel,
              &words.scan_sms})
            add_unique(missing, missing_glyphs(*part, words.lang));
        if (words.text)
            add_unique(missing, missing_glyphs(*words.text, words.lang));
        add_unique(missing, missing_glyphs(playlist.hotline.phone, words.lang));
        add_unique(missing, missing_glyphs(playlist.hotline.web, words.lang));
        if (!missing.empty())
            out.push_back({playlist.source, words.line,
                           missing_message("<hotline> text", words.lang, missing)});
    }
}

void TypographyCheck::check_hotline_fit(const Playlist& playlist, Diagnostics& out,
                                        const std::vector<std::string>& listen_languages) {
    // What did not fit, per language and text, with the sizes where it did
    // not: one diagnostic each, as for fact sheets.
    struct Found {
        TextFitProblem::Kind kind;
        std::string lang;
        std::string text;
        std::string sizes;
    };
    std::vector<Found> found;
    WarnOnce quiet(WarnOnce::Sink::Keep); // the diagnostics below say it
    std::vector<TextFitProblem> problems;
    Composer composer{nullptr, m_text, quiet, m_text_scale, &problems};
    for (Size screen : checked_screen_sizes()) {
        for (std::string const& lang : playlist.languages) {
            bool const listen = std::find(listen_languages.begin(), listen_languages.end(), lang) !=
                                listen_languages.end();
            compose_hotline(composer, playlist, lang, screen,
                            listen ? ListenButton::Shown : ListenButton::None);
            for (TextFitProblem& problem : std::exchange(problems, {})) {
                auto same = std::find_if(found.begin(), found.end(), [&](const Found& f) {
                    return f.kind == problem.kind && f.lang == lang && f.text == problem.text;
                });
                if (same == found.end())
                    same = found.insert(found.end(), {problem.kind, lang, problem.text, ""});
                same->sizes += (same->sizes.empty() ? "" : ", ") + size_name(screen);
            }
        }
    }
    m_fonts->trim();
    for (Found const& f : found) {
        HotlineText const* words = playlist.hotline.text_for(f.lang);
        std::string const where = "<hotline> text in language " + quoted(f.lang) + ": " +
                                  quoted(f.text) + " on the hotline screen at " + f.sizes;
        if (f.kind == TextFitProblem::Kind::Cut)
            out.push_back({playlist.source, words ? words->line : 0,
                           where + " does not fit its place even at the smallest size, and "
                                   "would be cut (shorten it)"});
        else
            out.push_back({playlist.source, words ? words->line : 0,
                           where + " does not fit at text-scale " + format_scale(m_text_scale) +
                               ", and is shown at the usual size there (shorten it for "
                               "larger text)",
                           Severity::Warning});
    }
}

void TypographyCheck::check_factsheet(const std::string& source, const Item& factsheet,
                                      Diagnostics& out) {
    for (FactSheetText const& sheet : factsheet.texts) {
        SheetVerdict const& found = verdict(sheet);
        if (found.missing.empty() && found.overflowing.empty())
            continue;
        // Built only for a message: most fact sheets have none.
        std::string const where = "<factsheet id=" + quoted(factsheet.id) + ">";
        int const line = sheet.line ? sheet.line : factsheet.line;
        if (!found.missing.empty()) {
            out.push_back({source, line, missing_message(where, sheet.lang, found.missing)});
            continue;
        }
        std::string sizes;
        for (Size size : found.overflowing)
            sizes += (sizes.empty() ? "" : ", ") + size_name(size) + " (" +
                     std::to_string(std::lround(readable_px(size) * m_text_scale)) + " px" +
                     (m_text_scale != 1 ? " with text-scale " + format_scale(m_text_scale) : "") +
                     ")";
        out.push_back({source, line,
                       where + " in language " + quoted(sheet.lang) +
                           " does not fit the screen at a readable size at " + sizes +
                           ": its smallest text must be at least 1/" +
                           std::to_string(readable_fraction) +
                           " of the screen height (shorten its title or points)"});
    }
}

} // namespace beacon::render

#include "render/unicode.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <map>

namespace beacon::render {

namespace {

icu::UnicodeString alias(std::u16string_view text) {
    return icu::UnicodeString(false, text.data(), static_cast<int32_t>(text.size()));
}

// Iterators are costly to create (dictionaries load on first use), so each
// kind and locale is created once and reused. An iterator holds the text it
// walks: one set per thread (`beacon validate` lays out on two at once).
enum class BreakKind { Line, Word, Grapheme };

icu::BreakIterator* iterator(BreakKind kind, const std::string& locale) {
    thread_local std::map<std::pair<BreakKind, std::string>, std::unique_ptr<icu::BreakIterator>>
        cache;
    auto key = std::make_pair(kind, locale);
    if (auto it = cache.find(key); it != cache.end())
        return it->second.get();
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale const where(locale.c_str());
    std::unique_ptr<icu::BreakIterator> created(
        kind == BreakKind::Line   ? icu::BreakIterator::createLineInstance(where, status)
        : kind == BreakKind::Word ? icu::BreakIterator::createWordInstance(where, status)
                                  : icu::BreakIterator::createCharacterInstance(where, status));
    if (U_FAILURE(status))
        created.reset();
    return (cache[key] = std::move(created)).get();
}

std::vector<int> boundaries(BreakKind kind, std::u16string_view text, const std::string& locale) {
    std::vector<int> result;
    icu::BreakIterator* breaker = iterator(kind, locale);
    if (!breaker || text.empty()) {
        result.push_back(static_cast<int>(text.size()));
        return result;
    }
    breaker->setText(alias(text));
    for (int32_t at = breaker->next(); at != icu::BreakIterator::DONE; at = breaker->next())
        result.push_back(at);
    if (result.empty() || result.back() != static_cast<int>(text.size()))
        result.push_back(static_cast<int>(text.size()));
    return result;
}

bool is_digit(char16_t c) {
    return c >= u'0' && c <= u'9';
}

bool is_phone_separator(char16_t c) {
    return c == u' ' || c == u'\u00A0' || c == u'-' || c == u'\u2010' || c == u'\u2011' ||
           c == u'.' || c == u'(' || c == u')';
}

bool is_word_character(char16_t c) {
    return u_isalnum(c) || c == u'_';
}

char32_t at(std::u16string_view text, std::size_t index) {
    UChar32 c = 0;
    U16_GET(text.data(), 0, index, text.size(), c);
    return static_cast<char32_t>(c);
}

} // namespace

std::u16string to_utf16(std::string_view utf8) {
    icu::UnicodeString const text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    return std::u16string(text.getBuffer(), static_cast<std::size_t>(text.length()));
}

std::string to_utf8(std::u16string_view utf16) {
    std::string out;
    alias(utf16).toUTF8String(out);
    return out;
}

std::u16string nfc(std::u16string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Normalizer2 const* normalizer = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status))
        return std::u16string(text);
    icu::UnicodeString const source = alias(text);
    if (normalizer->isNormalized(source, status) && U_SUCCESS(status))
        return std::u16string(text);
    status = U_ZERO_ERROR;
    icu::UnicodeString const result = normalizer->normalize(source, status);
    if (U_FAILURE(status))
        return std::u16string(text);
    return std::u16string(result.getBuffer(), static_cast<std::size_t>(result.length()));
}

std::string nfc_utf8(std::string_view utf8) {
    return to_utf8(nfc(to_utf16(utf8)));
}

std::vector<char32_t> code_points(std::string_view utf8) {
    std::u16string const text = to_utf16(utf8);
    std::vector<char32_t> points;
    points.reserve(text.size());
    for (std::size_t i = 0; i < text.size();
         i = U16_IS_LEAD(text[i]) && i + 1 < text.size() && U16_IS_TRAIL(text[i + 1]) ? i + 2
                                                                                      : i + 1)
        points.push_back(at(text, i));
    return points;
}

bool draws_nothing(char32_t c) {
    auto const category = u_charType(static_cast<UChar32>(c));
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
           category == U_CONTROL_CHAR || category == U_LINE_SEPARATOR ||
           category == U_PARAGRAPH_SEPARATOR;
}

bool is_space(char32_t c) {
    return u_isUWhiteSpace(static_cast<UChar32>(c));
}

std::vector<std::string> resolve_scripts(std::u16string_view text, const std::string& fallback) {
    std::vector<std::string> scripts(text.size());
    std::vector<bool> known(text.size(), false);
    std::string previous;
    // A text is long runs of one script: its name is looked up (a search
    // through ICU's property names) when the script changes, not per letter.
    UScriptCode named = USCRIPT_INVALID_CODE;
    for (std::size_t i = 0; i < text.size();) {
        char32_t const c = at(text, i);
        std::size_t const length = U16_LENGTH(c);
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode const code = uscript_getScript(static_cast<UChar32>(c), &status);
        bool const shared = U_FAILURE(status) || code == USCRIPT_COMMON ||
                            code == USCRIPT_INHERITED || code == USCRIPT_UNKNOWN;
        if (!shared && code != named) {
            char const* name = uscript_getShortName(code);
            previous = name ? name : "";
            named = code;
        }
        for (std::size_t k = i; k < i + length && k < text.size(); ++k) {
            scripts[k] = previous;
            known[k] = !scripts[k].empty();
        }
        i += length;
    }
    // Shared characters before the first real script take the next one.
    std::string next = fallback;
    for (std::size_t i = text.size(); i-- > 0;) {
        if (known[i])
            next = scripts[i];
        else
            scripts[i] = next;
    }
    return scripts;
}

std::vector<Span> phone_number_spans(std::u16string_view text) {
    std::vector<Span> spans;
    std::size_t i = 0;
    while (i < text.size()) {
        char16_t const c = text[i];
        bool const starts = is_digit(c) || ((c == u'+' || c == u'(') && i + 1 < text.size());
        if (!starts || (i > 0 && is_word_character(text[i - 1]))) {
            ++i;
            continue;
        }
        std::size_t j = i + (c == u'+' ? 1 : 0);
        int digits = 0;
        int groups = 0;
        int separators_in_a_row = 0;
        std::size_t end = i;
        while (j < text.size()) {
            if (is_digit(text[j])) {
                while (j < text.size() && is_digit(text[j])) {
                    ++digits;
                    ++j;
                }
                ++groups;
                separators_in_a_row = 0;
                end = j;
                if (j < text.size() && text[j] == u')')
                    end = j + 1;
                continue;
            }
            bool const space = text[j] == u' ' || text[j] == u'\u00A0';
            if (!is_phone_separator(text[j]) || separators_in_a_row == 2 ||
                (space && j > 0 && (text[j - 1] == u' ' || text[j - 1] == u'\u00A0')))
                break;
            ++separators_in_a_row;
            ++j;
        }
        bool const ends_cleanly = end >= text.size() || !is_word_character(text[end]);
        if (digits >= 7 && groups >= 2 && ends_cleanly) {
            spans.emplace_back(static_cast<int>(i), static_cast<int>(end));
            i = end;
        } else {
            ++i;
        }
    }
    return spans;
}

Bidi::Bidi(std::u16string_view text, bool right_to_left, const std::vector<Span>& left_to_right)
    : m_text(text), m_right_to_left(right_to_left) {
    UErrorCode status = U_ZERO_ERROR;
    auto const length = static_cast<int32_t>(m_text.size());
    m_paragraph = ubidi_openSized(length, 0, &status);
    if (U_FAILURE(status))
        return;
    UBiDiLevel const paragraph_level = right_to_left ? 1 : 0;
    UBiDiLevel* explicit_levels = nullptr;
    if (!left_to_right.empty()) {
        m_explicit.assign(m_text.size(), paragraph_level);
        // The next even level above the paragraph's, overriding each
        // character's own direction: the span reads left to right whole.
        auto const forced = static_cast<UBiDiLevel>((right_to_left ? 2 : 0) | UBIDI_LEVEL_OVERRIDE);
        for (auto [start, end] : left_to_right)
            std::fill(m_explicit.begin() + start, m_explicit.begin() + end, forced);
        explicit_levels = m_explicit.data();
    }
    ubidi_setPara(m_paragraph, m_text.data(), length, paragraph_level, explicit_levels, &status);
    if (U_FAILURE(status))
        return;
    UBiDiLevel const* levels = ubidi_getLevels(m_paragraph, &status);
    if (U_FAILURE(status))
        return;
    m_levels.assign(levels, levels + length);
    m_ok = true;
}

Bidi::~Bidi() {
    if (m_paragraph)
        ubidi_close(m_paragraph);
}

std::vector<BidiRun> Bidi::visual_runs(int start, int end) const {
    std::vector<BidiRun> runs;
    if (end <= start)
        return runs;
    if (!m_ok) {
        runs.push_back({start, end, m_right_to_left});
        return runs;
    }
    UErrorCode status = U_ZERO_ERROR;
    UBiDi* line = ubidi_openSized(end - start, 0, &status);
    ubidi_setLine(m_paragraph, start, end, line, &status);
    int32_t const count = U_SUCCESS(status) ? ubidi_countRuns(line, &status) : 0;
    for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
        int32_t logical_start = 0;
        int32_t length = 0;
        UBiDiDirection const direction = ubidi_getVisualRun(line, i, &logical_start, &length);
        runs.push_back(
            {start + logical_start, start + logical_start + length, direction == UBIDI_RTL});
    }
    if (line)
        ubidi_close(line);
    if (U_FAILURE(status)) {
        runs.clear();
        runs.push_back({start, end, m_right_to_left});
    }
    return runs;
}

std::vector<int> line_breaks(std::u16string_view text, const std::string& locale,
                             const std::vector<Span>& unbreakable) {
    std::vector<int> all = boundaries(BreakKind::Line, text, locale);
    bool const korean = locale == "ko" || locale.starts_with("ko_");
    std::vector<int> result;
    for (int offset : all) {
        bool const inside = std::any_of(unbreakable.begin(), unbreakable.end(), [&](Span span) {
            return offset > span.first && offset < span.second;
        });
        if (inside && offset != static_cast<int>(text.size()))
            continue;
        if (korean && offset < static_cast<int>(text.size()) && offset > 0) {
            char32_t const before = text[static_cast<std::size_t>(offset) - 1];
            char32_t const here = at(text, static_cast<std::size_t>(offset));
            UErrorCode status = U_ZERO_ERROR;
            bool const hangul_pair =
                uscript_getScript(static_cast<UChar32>(before), &status) == USCRIPT_HANGUL &&
                uscript_getScript(static_cast<UChar32>(here), &status) == USCRIPT_HANGUL;
            if (hangul_pair)
                continue;
        }
        result.push_back(offset);
    }
    return result;
}

std::vector<int> grapheme_breaks(std::u16string_view text) {
    return boundaries(BreakKind::Grapheme, text, "en");
}

std::vector<int> word_breaks(std::u16string_view text, const std::string& locale) {
    return boundaries(BreakKind::Word, text, locale);
}

} // namespace beacon::render

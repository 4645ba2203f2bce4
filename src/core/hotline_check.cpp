#include "core/hotline_check.h"

#include "core/hotline_words.h"

#include <algorithm>
#include <cctype>

namespace beacon {

namespace {

// Stems rather than words where a language inflects ("traffick" finds
// "trafficking" and "trafficked"), checked against every text whatever its
// language: a discreet English screen may still quote a Spanish word. Only
// stems that cannot hide inside an innocent word ("trata" alone would match
// "contrata", so Spanish has "trata de").
constexpr std::string_view revealing_stems[] = {
    // en
    "traffick",
    "victim",
    "police",
    "slavery",
    "exploitation",
    // es
    "trata de",
    "víctima",
    "policía",
    "policial",
    "explotación",
    // zh-Hans, zh-Hant
    "贩运",
    "販運",
    "拐卖",
    "拐賣",
    "受害",
    "警察",
    // vi
    "buôn người",
    "buôn bán người",
    "nạn nhân",
    "cảnh sát",
    // tl
    "biktima",
    "pulis",
    "pulisya",
    // ko
    "인신매매",
    "피해자",
    "경찰",
    // ar
    "الاتجار",
    "ضحية",
    "ضحايا",
    "شرطة",
    "الشرطة",
    // ru
    "торговл",
    "жертв",
    "полиц",
    // ht
    "trafik",
    "viktim",
    "lapolis",
    // km
    "ការជួញដូរ",
    "ជនរងគ្រោះ",
    "ប៉ូលិស",
};

std::string ascii_lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

} // namespace

std::optional<std::string> revealing_word(std::string_view text) {
    std::string const lower = ascii_lower(text);
    for (std::string_view stem : revealing_stems) {
        if (lower.find(stem) != std::string::npos)
            return std::string(stem);
    }
    return std::nullopt;
}

void check_hotline_choices(const Playlist& playlist, Diagnostics& out) {
    Hotline const& hotline = playlist.hotline;
    bool const discreet = hotline.style == HotlineStyle::Discreet;
    if (discreet && hotline.qr_kind == QrKind::Web) {
        if (auto word = revealing_word(hotline.qr_payload))
            out.push_back({playlist.source, 0,
                           "the discreet style shows a web QR code whose address says \"" + *word +
                               "\" (" + hotline.qr_payload +
                               "): a scan leaves it in the phone's history; qr = tel, sms "
                               "or off leaves less",
                           Severity::Warning});
    }
    for (HotlineText const& words : hotline.texts) {
        std::string const where = "the hotline's text in \"" + words.lang + "\"";
        if (words.who_answers.empty())
            out.push_back({playlist.source, words.line,
                           where + " has no <who-answers>: every hotline screen should say "
                                   "that the line is confidential and not law enforcement or "
                                   "immigration",
                           Severity::Warning});
        QrChoice const qr = qr_choice(hotline, words);
        if (qr.note)
            out.push_back({playlist.source, words.line, *qr.note, Severity::Warning});
        if (!discreet)
            continue;
        if (words.discreet.empty())
            out.push_back({playlist.source, words.line,
                           where + " has no <discreet> title, which the discreet style shows "
                                   "instead of <headline> (hotline-style = discreet)"});
        // Everything the discreet screen and the footer show in this
        // language (hotline_words.h picks them).
        std::pair<const char*, const std::string*> const shown[] = {
            {"discreet", &words.discreet},
            {"call", &words.call},
            {words.text ? "sms" : "interpreters", words.text ? &*words.text : &words.interpreters},
            {"who-answers", &words.who_answers},
            {"close", &words.close},
            {qr.kind == QrKind::Sms   ? "scan-sms"
             : qr.kind == QrKind::Tel ? "scan-tel"
                                      : "scan",
             &qr.caption},
        };
        for (auto const& [element, text] : shown) {
            if (auto word = revealing_word(*text))
                out.push_back({playlist.source, words.line,
                               where + ": <" + element + "> says \"" + *word +
                                   "\", which the discreet style must never show: \"" + *text +
                                   "\""});
        }
        if (auto word = revealing_word(words.name))
            out.push_back({playlist.source, words.line,
                           where + ": its name says \"" + *word +
                               "\", which the discreet style must never show"});
    }
}

} // namespace beacon

#include "core/hotline_words.h"

#include <cctype>

namespace beacon {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_capital(char c) {
    return c >= 'A' && c <= 'Z';
}

bool is_latin_letter(char c) {
    return is_capital(c) || (c >= 'a' && c <= 'z');
}

} // namespace

const std::string& hotline_title(const Hotline& hotline, const HotlineText& words) {
    return hotline.style == HotlineStyle::Discreet ? words.discreet : words.headline;
}

const std::string& footer_line(const Hotline& hotline, const HotlineText& words) {
    return hotline.style == HotlineStyle::Discreet ? words.discreet : words.call;
}

bool shows_web(const Hotline& hotline) {
    return hotline.style == HotlineStyle::Standard;
}

std::optional<SmsTarget> sms_target(std::string_view line) {
    SmsTarget target;
    for (std::size_t i = 0; i < line.size();) {
        if (!is_digit(line[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < line.size() && is_digit(line[end]))
            ++end;
        if (end - i >= 3)
            target.number = std::string(line.substr(i, end - i));
        i = end;
    }
    if (target.number.empty())
        return std::nullopt;
    // A word: a run of Latin letters not glued to other letters or digits
    // (bytes >= 0x80 count as letters, so "HELPé" is not a keyword).
    for (std::size_t i = 0; i < line.size();) {
        auto glued = [&](std::size_t at) {
            unsigned char c = static_cast<unsigned char>(line[at]);
            return is_latin_letter(line[at]) || is_digit(line[at]) || c >= 0x80;
        };
        if (!glued(i)) {
            ++i;
            continue;
        }
        std::size_t end = i;
        bool all_capitals = true;
        while (end < line.size() && glued(end)) {
            all_capitals = all_capitals && is_capital(line[end]);
            ++end;
        }
        if (all_capitals && end - i >= 2) {
            target.keyword = std::string(line.substr(i, end - i));
            break;
        }
        i = end;
    }
    return target;
}

std::string tel_payload(std::string_view phone) {
    std::string payload = "tel:";
    for (char c : phone) {
        if (is_digit(c) || (c == '+' && payload.size() == 4))
            payload += c;
    }
    return payload;
}

QrChoice qr_choice(const Hotline& hotline, const HotlineText& words) {
    QrChoice choice;
    choice.kind = hotline.qr_kind;
    auto missing = [&](const char* element) {
        return "the hotline's text in \"" + words.lang + "\" has no <" + element +
               ">, so its QR code has no caption";
    };
    if (choice.kind == QrKind::Sms) {
        std::optional<SmsTarget> target;
        if (words.text)
            target = sms_target(*words.text);
        if (target) {
            choice.payload = "sms:" + target->number;
            if (!target->keyword.empty())
                choice.payload += "?body=" + target->keyword;
            choice.caption = words.scan_sms;
            if (words.scan_sms.empty())
                choice.note = missing("scan-sms");
            return choice;
        }
        // Texting in a language the text line does not serve would reach
        // nobody who reads it: the code dials instead.
        choice.kind = QrKind::Tel;
        choice.note = words.text ? "the <sms> line in \"" + words.lang +
                                       "\" has no number of three or more digits; its QR "
                                       "code dials the hotline (tel:) instead"
                                 : "the text line does not serve \"" + words.lang +
                                       "\" (it has <interpreters>, not <sms>); its QR code "
                                       "dials the hotline (tel:) instead";
    }
    switch (choice.kind) {
    case QrKind::Off:
        break;
    case QrKind::Web:
        choice.payload = hotline.qr_payload;
        choice.caption = words.scan;
        break;
    case QrKind::Tel:
    case QrKind::Sms:
        choice.payload = tel_payload(hotline.phone);
        choice.caption = words.scan_tel;
        if (words.scan_tel.empty() && !choice.note)
            choice.note = missing("scan-tel");
        else if (words.scan_tel.empty())
            *choice.note += "; it also has no <scan-tel> caption";
        break;
    }
    return choice;
}

} // namespace beacon

#pragma once

// What the hotline screen and the loop footer say in one language, once the
// facility's choices (style, QR payload) are made: the one place that picks
// between the playlist's words, so the screen, the footer, `beacon render`
// and `beacon validate` cannot disagree.
//
// Invariant: in the discreet style nothing chosen here names the hotline's
// cause. The title and footer come from <discreet> (or are left empty, never
// the standard headline), and the web address, which may name it
// ("humantraffickinghotline.org"), is not shown.

#include "core/playlist.h"

#include <optional>
#include <string>
#include <string_view>

namespace beacon {

// The title at the top of the hotline screen.
const std::string& hotline_title(const Hotline& hotline, const HotlineText& words);
// The line beside the number in the loop's footer band.
const std::string& footer_line(const Hotline& hotline, const HotlineText& words);
// Whether the web address line is shown.
bool shows_web(const Hotline& hotline);

// The text line's number and keyword, read from a language's <sms> line
// ("Text HELP to 233733"): the last run of at least three digits, and the
// first word of two or more capital Latin letters. Nothing when the line has
// no such number; the keyword may be empty (an sms: link with no body).
struct SmsTarget {
    std::string number;
    std::string keyword;
};
std::optional<SmsTarget> sms_target(std::string_view line);

// "tel:" and the number's digits, with a leading '+' kept:
// "1-888-373-7888" -> "tel:18883737888".
std::string tel_payload(std::string_view phone);

struct QrChoice {
    std::string payload; // empty: no QR code
    std::string caption; // under the code: what a scan does and what it leaves
    // The kind actually used: an sms: code falls back to tel: for a language
    // the text line does not serve, or whose <sms> line has no number.
    QrKind kind = QrKind::Off;
    // Said by `beacon validate` (never by the kiosk): a fallback taken, or a
    // caption missing, for this language.
    std::optional<std::string> note;
};
QrChoice qr_choice(const Hotline& hotline, const HotlineText& words);

} // namespace beacon

#pragma once

// Rows of the frame log that `beacon play --frame-log` writes: one per
// presented frame, one per input event and one per display sleep or wake. Tests and benchmarks read
// it. Columns: t_ms,type,screen,item,lang,luma,detail

#include <string>

namespace beacon {

std::string frame_log_header();
// `detail` is "redraw" for a video or image frame that is not new from the
// player (the picture already shown, drawn again), empty otherwise.
std::string frame_log_frame_row(long long t_ms, const std::string& screen, const std::string& item,
                                const std::string& lang, double luma,
                                const std::string& detail = {});
// The display's sleep and wake (issue 25): type "display", detail "on" or
// "off".
std::string frame_log_display_row(long long t_ms, const std::string& screen,
                                  const std::string& item, const std::string& lang,
                                  const std::string& state);
std::string frame_log_event_row(long long t_ms, const std::string& screen, const std::string& item,
                                const std::string& lang, const std::string& detail);
// Keyboard or switch access moved the hotline's focus ring to `target`
// ("close", "listen", "language es"): type "focus".
std::string frame_log_focus_row(long long t_ms, const std::string& screen, const std::string& item,
                                const std::string& lang, const std::string& target);

} // namespace beacon

#pragma once

// What the player would make of a video file, found by opening it as the
// player does: a libmpv core with the player's own option table
// (mpv_options.h), with no picture and no sound out (vo=null, ao=null),
// paused on its first decoded frame. For `beacon validate`: a file mpv
// cannot open or decode is an error there, not a skipped item on the kiosk.
//
// Threading: any thread; each probe has its own mpv core. libmpv is loaded
// once per process (mpv_library.h).

#include "core/decode_limits.h"
#include "core/result.h"

#include <map>
#include <string>
#include <vector>

namespace beacon::media {

// The facts of a file that opened and decoded its first video frame, or an
// Error saying why it cannot play ("unrecognized file format", "it has no
// video track"). Waits up to 10 s for the first frame.
Result<VideoFacts> probe_video(const std::string& path);

// Loads libmpv now, on the calling thread, so that probes later on other
// threads do not wait for it: it takes about 100 ms (some 230 libraries).
// For a caller that learns early it will probe (validate, at the first
// video it parses). A probe started meanwhile waits for this load to end.
void load_decoder_ahead();

// probe_video() for each distinct path, two at a time (libmpv itself
// decodes on further threads).
std::map<std::string, Result<VideoFacts>> probe_videos(const std::vector<std::string>& paths);

} // namespace beacon::media

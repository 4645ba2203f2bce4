#pragma once

// What a media file really is, from its first bytes. A bundle's
// "media/x.mp4" may be an mpv EDL file, an M3U, PLS or HLS playlist, an
// ffconcat list or an SDP description: each makes mpv or FFmpeg open other
// files or the network. Whatever its name, a file is accepted as a video only
// when it starts like a real container, as a picture only when it starts
// like an image format, and as captions only when it is SRT or WebVTT text.
// Anything else is refused, and the refusal names what the file looks like.
//
// Pure: the caller reads the first media_head_bytes of the file.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace beacon {

enum class MediaUse { Video, Image, Caption };

// How much of a file media_problem() looks at (less for a shorter file).
inline constexpr std::size_t media_head_bytes = 1024;

// The FFmpeg demuxers mpv may use (its demuxer-lavf-o format_whitelist):
// exactly the formats accepted here, so the check and the player agree.
inline constexpr const char* lavf_format_whitelist =
    "mov,matroska,avi,mpegts,mpeg,ogg,png_pipe,jpeg_pipe,gif,webp_pipe,bmp_pipe,tiff_pipe,"
    "sgi_pipe,srt,webvtt";

// Why a file starting with `head` is not acceptable as `use` ("an mpv EDL
// file, which names other files to play"), or nothing when it is.
std::optional<std::string> media_problem(std::string_view head, MediaUse use);

// Captions are read whole by mpv and libass, and one long cue costs far more
// memory than its size (a 2 MB cue took 1 GB). Both are bounded before mpv
// sees the file; playlists/README.md states the bounds for administrators.
inline constexpr std::uint64_t max_caption_bytes = 512 * 1024;
inline constexpr std::size_t max_caption_cue_bytes = 2000;

// Why a caption file of `file_size` bytes, whose text (up to
// max_caption_bytes of it) is `text`, is refused; nothing when it is fine.
std::optional<std::string> caption_problem(std::string_view text, std::uint64_t file_size);

} // namespace beacon

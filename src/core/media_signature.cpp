#include "core/media_signature.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace beacon {

namespace {

bool at(std::string_view head, std::size_t offset, std::string_view magic) {
    return head.size() >= offset + magic.size() && head.substr(offset, magic.size()) == magic;
}

std::string_view without_bom(std::string_view head) {
    return at(head, 0, "\xEF\xBB\xBF") ? head.substr(3) : head;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

enum class Look { AtStart, Anywhere };

// FFmpeg's SDP probe takes any line of the head that starts "c=IN IP" (a
// connection address) as SDP, however the file starts: so it is refused
// wherever it is, for every use, whatever the first bytes claim (an SGI
// header in front of SDP lines was found by fuzz_media_probe).
bool has_sdp_connection_line(std::string_view head) {
    constexpr std::string_view connection = "c=IN IP";
    for (std::size_t line = 0; line < head.size();) {
        if (head.substr(line).starts_with(connection))
            return true;
        auto end = head.find('\n', line);
        if (end == std::string_view::npos)
            break;
        line = end + 1;
        if (line < head.size() && head[line] == '\r')
            ++line;
    }
    return false;
}

// Text formats that name other files or network addresses: mpv and FFmpeg
// would follow them. Recognised case-insensitively after a byte order mark
// and blank space. Look::AtStart finds only what such a file starts with, and
// refuses it for every use before any signature is accepted (captions whose
// first line holds "-->" could otherwise start "#EXTM3U": found by
// fuzz_media_probe). Look::Anywhere also searches the head, to say what a
// refused text is; any other text is refused as text all the same.
std::optional<std::string> reference_format(std::string_view head, Look look) {
    std::string text = lowercase(without_bom(head));
    auto start = text.find_first_not_of(" \t\r\n");
    std::string_view begin = start == std::string::npos ? "" : std::string_view(text).substr(start);
    auto has = [&](std::string_view what) {
        return look == Look::Anywhere && text.find(what) != std::string::npos;
    };
    if (begin.starts_with("# mpv edl") || has("edl://"))
        return "an mpv EDL file, which names other files to play";
    if (begin.starts_with("#extm3u") && text.find("#ext-x-") != std::string::npos)
        return "an HLS playlist, which names other files or addresses to play";
    if (begin.starts_with("#extm3u") || has("#extinf"))
        return "an M3U playlist, which names other files or addresses to play";
    if (begin.starts_with("[playlist]"))
        return "a PLS playlist, which names other files or addresses to play";
    if (begin.starts_with("ffconcat") || begin.starts_with("file "))
        return "an ffconcat list, which names other files to play";
    if (begin.starts_with("v=0") || has_sdp_connection_line(head))
        return "an SDP session description, which opens network streams";
    if (begin.starts_with("<?xml") || begin.starts_with("<"))
        return "markup (a playlist, manifest or web page), not media";
    for (std::string_view scheme : {"://", "mf:", "av:", "lavf:", "memory:", "fd:"})
        if (has(scheme))
            return "text naming other files or addresses, not media";
    return std::nullopt;
}

bool is_mpeg_ts(std::string_view head) {
    // 188-byte packets (or 192 with a timecode first), each opening with 0x47.
    for (std::size_t skip : {std::size_t{0}, std::size_t{4}}) {
        std::size_t size = skip ? 192 : 188;
        bool all = head.size() >= skip + size + 1;
        for (std::size_t offset = skip; all && offset < head.size(); offset += size)
            all = head[offset] == '\x47';
        if (all)
            return true;
    }
    return false;
}

// BMP and SGI carry short magic numbers; their headers are taken only when
// the fields FFmpeg's own probes check are valid too, so that FFmpeg, given
// the same bytes, sees the same format and never another one.
bool is_bmp(std::string_view head) {
    if (!at(head, 0, "BM") || head.size() < 26 || !at(head, 6, std::string_view("\0\0\0\0", 4)))
        return false;
    // The info header's size (little-endian at 14): 12 to 255 bytes.
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
    unsigned long info_size = byte(14) | byte(15) << 8 |
                              static_cast<unsigned long>(byte(16)) << 16 |
                              static_cast<unsigned long>(byte(17)) << 24;
    return info_size >= 12 && info_size <= 255;
}

bool is_sgi(std::string_view head) {
    if (!at(head, 0, "\x01\xDA") || head.size() < 12)
        return false;
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
    bool storage = byte(2) <= 1; // verbatim or run-length
    bool bytes_per_channel = byte(3) == 1 || byte(3) == 2;
    bool dimensions = byte(4) == 0 && byte(5) >= 1 && byte(5) <= 3;
    return storage && bytes_per_channel && dimensions;
}

// Pictures SDL_image decodes (PNG, JPEG, GIF, WebP) and the others mpv
// shows instead (BMP, TIFF, SGI).
bool is_image(std::string_view head) {
    return at(head, 0, "\x89PNG\r\n\x1A\n") || at(head, 0, "\xFF\xD8\xFF") ||
           at(head, 0, "GIF87a") || at(head, 0, "GIF89a") ||
           (at(head, 0, "RIFF") && at(head, 8, "WEBP")) || is_bmp(head) ||
           at(head, 0, std::string_view("II*\0", 4)) || at(head, 0, std::string_view("MM\0*", 4)) ||
           is_sgi(head);
}

bool is_video_container(std::string_view head) {
    // An image's magic at the start rules out a box name behind it: JPEG's
    // FF D8 FF, then "mdat", is a picture (found by fuzz_media_probe).
    if (is_image(head))
        return false;
    for (std::string_view box : {"ftyp", "moov", "mdat", "free", "skip", "wide"})
        if (at(head, 4, box))
            return true;                      // ISO base media (MP4, MOV, M4V, 3GP)
    return at(head, 0, "\x1A\x45\xDF\xA3") || // Matroska, WebM
           (at(head, 0, "RIFF") && at(head, 8, "AVI ")) || at(head, 0, "OggS") ||
           at(head, 0, std::string_view("\x00\x00\x01\xBA", 4)) || // MPEG program stream
           is_mpeg_ts(head);
}

// SRT ("1", then "00:00:00,000 --> ...") or WebVTT ("WEBVTT").
bool is_caption_text(std::string_view head) {
    if (head.find('\0') != std::string_view::npos)
        return false;
    std::string_view text = without_bom(head);
    text.remove_prefix(std::min(text.size(), text.find_first_not_of(" \t\r\n")));
    if (text.starts_with("WEBVTT"))
        return text.size() == 6 ||
               std::string_view(" \t\r\n").find(text[6]) != std::string_view::npos;
    auto line_end = text.find('\n');
    std::string_view first = text.substr(0, line_end);
    if (first.find("-->") != std::string_view::npos)
        return true;
    while (!first.empty() && first.back() == '\r')
        first.remove_suffix(1);
    bool number = !first.empty() && std::all_of(first.begin(), first.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
    if (!number || line_end == std::string_view::npos)
        return false;
    std::string_view second = text.substr(line_end + 1);
    return second.substr(0, second.find('\n')).find("-->") != std::string_view::npos;
}

} // namespace

std::optional<std::string> media_problem(std::string_view head, MediaUse use) {
    head = head.substr(0, media_head_bytes);
    if (head.empty())
        return "it is empty";
    if (auto reference = reference_format(head, Look::AtStart))
        return "it is " + *reference;
    // Known signatures next: a container's metadata may well hold text
    // such as an address, which says nothing about the file's format.
    bool const accepted = use == MediaUse::Video   ? is_video_container(head)
                          : use == MediaUse::Image ? is_image(head)
                                                   : is_caption_text(head);
    if (accepted)
        return std::nullopt;
    // Binary data may hold any text; only a text file is named by its text.
    bool const text = head.find('\0') == std::string_view::npos;
    if (auto reference = text ? reference_format(head, Look::Anywhere) : std::nullopt)
        return "it is " + *reference;
    switch (use) {
    case MediaUse::Video:
        return is_image(head) ? "it is a picture, not a video"
               : text         ? "it is a text file, not a video"
                              : "it is not a video container Beacon plays (MP4, MOV, "
                                "Matroska/WebM, AVI, MPEG-TS/PS, Ogg)";
    case MediaUse::Image:
        return is_video_container(head) ? "it is a video, not a picture"
               : text                   ? "it is a text file, not a picture"
                      : "it is not a picture format Beacon shows (PNG, JPEG, GIF, WebP, BMP, TIFF, "
                        "SGI)";
    case MediaUse::Caption:
        break;
    }
    return "it is not SRT or WebVTT captions";
}

std::optional<std::string> caption_problem(std::string_view text, std::uint64_t file_size) {
    if (file_size > max_caption_bytes)
        return "it is " + std::to_string(file_size) + " bytes long; captions may be at most " +
               std::to_string(max_caption_bytes);
    if (auto problem = media_problem(text, MediaUse::Caption))
        return problem;
    // Read whole, unlike a video: a NUL past the head is caught too.
    if (text.find('\0') != std::string_view::npos)
        return "it is not SRT or WebVTT captions (it holds a NUL byte)";
    // A cue is the lines between blank lines; count each block's bytes.
    std::size_t block = 0;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\n')
            continue;
        std::string_view line = text.substr(line_start, i - line_start);
        bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
        block = blank ? 0 : block + line.size() + 1;
        if (block > max_caption_cue_bytes)
            return "a cue is longer than " + std::to_string(max_caption_cue_bytes) +
                   " bytes (split it, or start a new cue)";
        line_start = i + 1;
    }
    return std::nullopt;
}

} // namespace beacon

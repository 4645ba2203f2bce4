#include "fuzz/targets.h"

#include "core/media_signature.h"

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
}

#include <array>
#include <cstring>
#include <vector>

namespace beacon::fuzz {

namespace {

// FFmpeg demuxers that open other files or the network: what mpv would have
// run on a file Beacon accepted, had its format whitelist not stopped it.
constexpr std::array k_reference_demuxers = {"hls", "applehttp", "concat", "sdp",        "rtsp",
                                             "rtp", "dash",      "imf",    "ffmetadata", "data"};

bool names_reference(const char* names) {
    for (const char* reference : k_reference_demuxers)
        if (av_match_name(reference, names))
            return true;
    return false;
}

// What libavformat's probe (the one mpv runs) makes of the bytes; null when
// nothing matches.
const AVInputFormat* probe(std::string_view bytes) {
    std::vector<unsigned char> buffer(bytes.size() + AVPROBE_PADDING_SIZE, 0);
    std::memcpy(buffer.data(), bytes.data(), bytes.size());
    AVProbeData data{};
    data.filename = "";
    data.buf = buffer.data();
    data.buf_size = static_cast<int>(bytes.size());
    int score = 0;
    return av_probe_input_format3(&data, 1, &score);
}

} // namespace

Problem media_probe_target(std::string_view input) {
    auto as_video = media_problem(input, MediaUse::Video);
    auto as_image = media_problem(input, MediaUse::Image);
    auto as_caption = caption_problem(input, input.size());
    if (!as_video && !as_image)
        return "the same bytes are both a video and a picture";
    if (!as_caption && input.find('\0') != std::string_view::npos)
        return "captions with a NUL byte accepted";
    for (auto* problem : {&as_video, &as_image, &as_caption})
        if (*problem && problem->value().rfind("it ", 0) != 0)
            return "a refusal that does not say what the file is: " + problem->value();
    // Judged by the first media_head_bytes only: more bytes change nothing.
    if (media_problem(input.substr(0, media_head_bytes), MediaUse::Video).has_value() !=
        as_video.has_value())
        return "the verdict depends on bytes past the head";
    // Whatever FFmpeg would make of it, a file Beacon accepts as a video or
    // picture is never one that names other files or addresses.
    if (as_video && as_image && as_caption)
        return {};
    if (const AVInputFormat* format = probe(input.substr(0, media_head_bytes));
        format && names_reference(format->name))
        return std::string("accepted bytes FFmpeg probes as \"") + format->name + "\"";
    return {};
}

} // namespace beacon::fuzz

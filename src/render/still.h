#pragma once

// Stills (image items) that Beacon draws itself. mpv has one core, busy with
// the video before a still, so a still it loaded could only start opening
// once the video had ended and mpv had torn its decoder down: 29-49 ms past
// the video's end on the benchmark machine. Decoded ahead here, on a thread
// of its own, the still is on screen in the frame after the video ends.

#include "core/geometry.h"
#include "core/result.h"
#include "render/picture_file.h"
#include "system/worker.h"

#include <SDL.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace beacon::render {

// A picture ready to become a texture: ARGB8888, already scaled to the size
// it is drawn at.
struct StillPicture {
    SurfacePtr pixels;
};

// Decodes the image file at `path` and scales it, keeping its shape, to the
// largest size that fits `fit` (up or down). JPEGs are decoded already
// reduced by TurboJPEG, anything else by SDL_image (picture_file.h). An
// Error when the picture is too large to decode (picture_too_large()), or
// SDL_image cannot read it: its format is not one SDL_image knows, or the
// file is not an image. Uses no renderer, so any thread may call it.
Result<StillPicture> decode_still(const std::string& path, Size fit);

// Where a picture of size `picture` goes on a screen of size `screen`:
// centred, as large as fits, its shape kept.
Rect fitted_rect(Size picture, Size screen);

// Draws `texture`, a picture of size `picture`, on a screen of size
// `screen`: fitted, on black bars where their shapes differ, as mpv draws
// a picture. Main thread (it uses the renderer).
void draw_still(SDL_Renderer* renderer, SDL_Texture* texture, Size picture, Size screen);

// Decodes one still at a time on a worker thread.
//
// Threading: every public member is called from one thread (the loop's).
// The worker only decodes; it pushes an SDL event of type `wake_event` when
// a result is ready (events::push_wake_event(), safe on any thread). See
// system/worker.h.
class StillDecoder {
  public:
    explicit StillDecoder(std::uint32_t wake_event);
    // Waits for a decode in progress to finish; one not started is dropped.
    ~StillDecoder() = default;
    StillDecoder(const StillDecoder&) = delete;
    StillDecoder& operator=(const StillDecoder&) = delete;

    // Asks for `path` fitted to `fit`. Does nothing when that is what was
    // last asked for; otherwise the previous request's result, finished or
    // not, is dropped.
    void request(const std::string& path, Size fit);
    // The result for `path` at `fit` once decoded; nullopt while it is not
    // (yet) the last request or is still being decoded. Taking it clears it.
    std::optional<Result<StillPicture>> take(const std::string& path, Size fit);
    // Whether take() would return a result now.
    bool finished(const std::string& path, Size fit);

  private:
    struct Key {
        std::string path;
        Size fit;
        bool operator==(const Key& other) const {
            return path == other.path && fit.width == other.fit.width &&
                   fit.height == other.fit.height;
        }
    };
    struct Decoded {
        Key key;
        Result<StillPicture> picture;
    };
    // Moves a result posted for m_wanted into m_result.
    void collect();

    // The loop's thread only.
    std::optional<Key> m_wanted;                  // the last request
    std::optional<Result<StillPicture>> m_result; // for m_wanted

    // Keeps only the latest request. A decode superseded by a newer request
    // posts nothing, so only a result worth taking wakes the loop.
    Worker<Key, Decoded> m_worker; // last: it starts once every member above exists
};

} // namespace beacon::render

#pragma once

// A small picture of what the renderer has drawn, for a fleet report's
// screenshot (core/fleet_report.h, `report-screenshot`), and its JPEG.
//
// read_thumbnail() reads the renderer's output after a frame is drawn and
// before it is presented (after SDL_RenderPresent the back buffer's
// content is undefined), so only the painter calls it, on the main thread.
// The frame is scaled down by a whole factor (the mean of each factor x
// factor box), read in bands of `factor` rows: no copy of the whole frame
// is ever held, only one band and the small result.
//
// encode_jpeg() may run on any thread (one TurboJPEG handle per call).

#include "core/geometry.h"
#include "core/result.h"

#include <SDL.h>

#include <string>
#include <vector>

namespace beacon::render {

struct Thumbnail {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb; // width * height * 3 bytes, rows top to bottom
};

// At most `max_width` pixels wide (and never wider than the output).
Result<Thumbnail> read_thumbnail(SDL_Renderer* renderer, Size output, int max_width);

// Baseline JPEG, 4:2:0, `quality` 1-100 (libjpeg-turbo's TurboJPEG API).
Result<std::string> encode_jpeg(const Thumbnail& picture, int quality);

} // namespace beacon::render

#pragma once

// QR codes from libqrencode, drawn crisp: whole pixels per module, black on
// white, with the 4-module quiet zone the standard asks for.

#include "core/result.h"
#include "render/text.h"

#include <cstdint>
#include <string>
#include <vector>

namespace beacon::render {

struct QrMatrix {
    int modules = 0;           // modules per side, quiet zone excluded
    std::vector<uint8_t> dark; // row-major, 1 = dark module

    static constexpr int quiet_zone = 4;
};

Result<QrMatrix> make_qr(const std::string& payload);

// The code, quiet zone included, at the largest whole module size whose
// square fits in `side` pixels. Fails when even one pixel per module does
// not fit.
Result<Surface> render_qr(const QrMatrix& matrix, int side);

} // namespace beacon::render

#include "render/qr.h"

#include <qrencode.h>

namespace beacon::render {

Result<QrMatrix> make_qr(const std::string& payload) {
    if (payload.empty())
        return Error{"QR payload is empty"};
    // Version 0 lets libqrencode pick the smallest symbol; level M survives
    // some glare and scratches on the kiosk glass.
    QRcode* code = QRcode_encodeString(payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return Error{"cannot encode QR payload \"" + payload + "\""};
    QrMatrix matrix;
    matrix.modules = code->width;
    matrix.dark.resize(static_cast<std::size_t>(code->width) * code->width);
    for (std::size_t i = 0; i < matrix.dark.size(); ++i)
        matrix.dark[i] = code->data[i] & 1;
    QRcode_free(code);
    return matrix;
}

Result<Surface> render_qr(const QrMatrix& matrix, int side) {
    int const total = matrix.modules + 2 * QrMatrix::quiet_zone;
    int const module = total > 0 ? side / total : 0;
    if (module < 1)
        return Error{"QR code does not fit in " + std::to_string(side) + " px"};
    int const size = module * total;
    Surface surface(SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!surface)
        return Error{std::string("cannot create QR surface: ") + SDL_GetError()};
    SDL_FillRect(surface.get(), nullptr, SDL_MapRGBA(surface->format, 255, 255, 255, 255));
    Uint32 const black = SDL_MapRGBA(surface->format, 0, 0, 0, 255);
    for (int row = 0; row < matrix.modules; ++row) {
        for (int column = 0; column < matrix.modules; ++column) {
            if (!matrix.dark[static_cast<std::size_t>(row) * matrix.modules + column])
                continue;
            SDL_Rect cell{(column + QrMatrix::quiet_zone) * module,
                          (row + QrMatrix::quiet_zone) * module, module, module};
            SDL_FillRect(surface.get(), &cell, black);
        }
    }
    return surface;
}

} // namespace beacon::render

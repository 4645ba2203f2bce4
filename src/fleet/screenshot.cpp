#include "fleet/screenshot.h"

#include <sodium.h>

namespace beacon::fleet {

Result<FleetReport::Screenshot> screenshot_of_jpeg(std::string_view jpeg, int width, int height) {
    if (width <= 0 || width > FleetReport::Screenshot::max_width || height <= 0)
        return Error{"a screenshot must be 1 to 320 pixels wide"};
    std::size_t length = sodium_base64_ENCODED_LEN(jpeg.size(), sodium_base64_VARIANT_ORIGINAL);
    if (jpeg.empty() || length - 1 > FleetReport::Screenshot::max_base64)
        return Error{ErrorCode::TooLarge, "the screenshot's JPEG is " +
                                              std::to_string(jpeg.size()) +
                                              " bytes, more than a report has room for"};
    std::string encoded(length, '\0');
    sodium_bin2base64(encoded.data(), encoded.size(),
                      reinterpret_cast<const unsigned char*>(jpeg.data()), jpeg.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    encoded.resize(length - 1); // the terminating NUL
    return FleetReport::Screenshot{width, height, std::move(encoded)};
}

} // namespace beacon::fleet

#include "core/hotline_layout.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

bool inside(const Rect& inner, Size screen) {
    return inner.x >= 0 && inner.y >= 0 && inner.x + inner.width <= screen.width &&
           inner.y + inner.height <= screen.height;
}

bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
           b.y < a.y + a.height;
}

} // namespace

TEST_CASE("hotline touch targets are at least 48 px at 1080p, on screen, apart", "[layout]") {
    for (Size screen : {Size{1920, 1080}, Size{1280, 720}, Size{1080, 1920}}) {
        for (std::size_t languages : {1u, 2u, 11u, 12u}) {
            INFO(screen.width << "x" << screen.height << " with " << languages << " languages");
            auto layout = layout_hotline(screen, languages, Direction::LeftToRight);
            int minimum = min_touch_target(screen);
            if (screen.height == 1080 || screen.width == 1080)
                CHECK(minimum >= 48);
            REQUIRE(layout.languages.size() == languages);
            std::vector<Rect> targets = layout.languages;
            targets.push_back(layout.close);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                CHECK(targets[i].width >= minimum);
                CHECK(targets[i].height >= minimum);
                CHECK(inside(targets[i], screen));
                for (std::size_t j = i + 1; j < targets.size(); ++j)
                    CHECK_FALSE(overlap(targets[i], targets[j]));
            }
            CHECK(inside(layout.qr, screen));
            CHECK(layout.qr.width == layout.qr.height);
            CHECK_FALSE(overlap(layout.qr, layout.phone));
        }
    }
}

TEST_CASE("taps hit what is drawn", "[layout]") {
    Size screen{1920, 1080};
    auto layout = layout_hotline(screen, 3, Direction::LeftToRight);
    auto& close = layout.close;
    CHECK(hit_test(layout, close.x + close.width / 2, close.y + close.height / 2).kind ==
          HotlineHit::Kind::Close);
    auto& spanish = layout.languages[1];
    auto hit = hit_test(layout, spanish.x + 1, spanish.y + 1);
    CHECK(hit.kind == HotlineHit::Kind::Language);
    CHECK(hit.language_index == 1);
    CHECK(hit_test(layout, layout.phone.x + layout.phone.width / 2,
                   layout.phone.y + layout.phone.height / 2)
              .kind == HotlineHit::Kind::Nothing);
}

TEST_CASE("right-to-left mirrors the hotline layout", "[layout]") {
    Size screen{1920, 1080};
    auto ltr = layout_hotline(screen, 2, Direction::LeftToRight);
    auto rtl = layout_hotline(screen, 2, Direction::RightToLeft);
    CHECK(rtl.close.x == screen.width - ltr.close.x - ltr.close.width);
    CHECK(rtl.qr.x == screen.width - ltr.qr.x - ltr.qr.width);
}

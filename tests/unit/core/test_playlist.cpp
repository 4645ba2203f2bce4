// The playlist model's own helpers.

#include "core/playlist.h"

#include <catch2/catch.hpp>

using namespace beacon;

namespace {

FactSheetText text(std::string lang, std::string title, std::vector<std::string> points,
                   int line = 1) {
    return FactSheetText{std::move(lang), std::move(title), std::move(points), line};
}

} // namespace

TEST_CASE("a fact sheet's words decide whether two texts are the same", "[playlist]") {
    FactSheetText const sheet = text("en", "Who can be a victim?", {"Anyone.", "Of any age."}, 12);

    SECTION("the same words found on another line are the same text") {
        FactSheetText const repeat =
            text("en", "Who can be a victim?", {"Anyone.", "Of any age."}, 900);
        CHECK(same_words(sheet, repeat));
        CHECK(words_hash(sheet) == words_hash(repeat));
    }
    SECTION("any part that differs makes another text") {
        // Each of these has a verdict of its own: its characters or its fit
        // may differ from the sheet's.
        std::vector<FactSheetText> const others = {
            text("es", "Who can be a victim?", {"Anyone.", "Of any age."}),
            text("en", "Who can be a victim", {"Anyone.", "Of any age."}),
            text("en", "Who can be a victim?", {"Anyone.", "Of any age!"}),
            text("en", "Who can be a victim?", {"Anyone."}),
            text("en", "Who can be a victim?", {"Anyone.", "Of any age.", ""}),
            // A word moved from one point to the next: same characters.
            text("en", "Who can be a victim?", {"Anyone. Of", "any age."}),
            // The title's words as a point.
            text("en", "", {"Who can be a victim?", "Anyone.", "Of any age."}),
        };
        for (auto const& other : others) {
            INFO(other.lang << " | " << other.title << " | " << other.points.size() << " points");
            CHECK_FALSE(same_words(sheet, other));
            CHECK_FALSE(same_words(other, sheet));
            // Not required for correctness, but a hash that ignored a part
            // would put every such text in one bucket.
            CHECK(words_hash(sheet) != words_hash(other));
        }
    }
}

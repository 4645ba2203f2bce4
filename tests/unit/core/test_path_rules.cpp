#include "core/path_rules.h"

#include <catch2/catch.hpp>

using beacon::content_path_problem;

TEST_CASE("content paths stay inside the playlist's folder", "[paths]") {
    CHECK_FALSE(content_path_problem("media/demo.mp4"));
    CHECK_FALSE(content_path_problem("poster.png"));
    CHECK_FALSE(content_path_problem("a/b/c..d.png"));
    CHECK(content_path_problem(""));
    CHECK(content_path_problem("/etc/passwd"));
    CHECK(content_path_problem("../x.png"));
    CHECK(content_path_problem("media/../../x.png"));
    CHECK(content_path_problem("media/.."));
    CHECK(content_path_problem("media\\x.png"));
    CHECK(content_path_problem("C:/x.png"));
    CHECK(content_path_problem("media//x.png"));
    CHECK(content_path_problem("media/"));
    CHECK(content_path_problem(std::string("a\0b", 3)));
}

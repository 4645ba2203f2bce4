// libmpv is loaded with dlopen() only when a video is due, or an image in a
// format SDL_image cannot read, or validate parses a video to probe (see
// src/media/mpv_library.h), libcurl only when something is fetched over HTTP
// (src/update/curl_library.h), libcrypto only when something is hashed
// (src/update/crypto_library.h), libespeak-ng only when a voice is asked
// for (src/media/speech.cpp), SDL_image only when a picture needs it
// (src/render/sdl_image_library.h). The dynamic loader's own trace
// (LD_DEBUG=files) shows which libraries a run of the real binary opened.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;

namespace {

const char* k_hotline = R"(
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/help">
    <text lang="en" name="English">
      <headline>Help is here.</headline><call>Call free, 24/7.</call>
      <sms>Text HELP to 233733</sms><web-label>Online:</web-label>
      <scan>Scan</scan><close>Close</close>
    </text>
  </hotline>)";

fs::path write_playlist(const fs::path& dir, const std::string& items) {
    std::ofstream out(dir / "playlist.xml");
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist languages=\"en\">" << k_hotline
        << items << "\n</playlist>\n";
    return dir / "playlist.xml";
}

const char* k_factsheet = R"(
  <factsheet id="facts" duration="1">
    <text lang="en"><title>What is trafficking?</title><point>Force, fraud or coercion.</point></text>
  </factsheet>)";

bool opened_libmpv(const std::string& loader_trace) {
    return loader_trace.find("file=libmpv.so") != std::string::npos;
}

bool opened_libcurl(const std::string& loader_trace) {
    return loader_trace.find("file=libcurl.so") != std::string::npos;
}

bool opened_libcrypto(const std::string& loader_trace) {
    return loader_trace.find("file=libcrypto.so") != std::string::npos;
}

bool opened_sdl_image(const std::string& loader_trace) {
    return loader_trace.find("file=libSDL2_image-2.0.so") != std::string::npos;
}

bool opened_libespeak(const std::string& loader_trace) {
    return loader_trace.find("file=libespeak-ng.so") != std::string::npos;
}

} // namespace

TEST_CASE("validate and a loop of fact sheets and stills never load libmpv, libcurl, "
          "libcrypto or libespeak-ng",
          "[e2e][perf]") {
    fs::path dir = test::work_dir("lazy-mpv-factsheets");
    fs::create_directories(dir / "media");
    fs::copy_file(test::test_media() / "still.png", dir / "media/still.png",
                  fs::copy_options::overwrite_existing);
    fs::path playlist =
        write_playlist(dir, std::string(k_factsheet) +
                                R"(<image id="still" src="media/still.png" duration="1"/>)");

    auto validated =
        test::run("LD_DEBUG=files " + test::beacon() + " validate " + playlist.string());
    REQUIRE(validated.exit_code == 0);
    CHECK(validated.output.find("ok, 2 items") != std::string::npos);
    CHECK_FALSE(opened_libmpv(validated.output));
    CHECK_FALSE(opened_libcurl(validated.output));
    CHECK_FALSE(opened_libcrypto(validated.output));
    CHECK_FALSE(opened_libespeak(validated.output));
    CHECK_FALSE(opened_sdl_image(validated.output));

    auto played = test::run("LD_DEBUG=files " + test::beacon() + " play " + playlist.string() +
                            " --headless --size 320x180 --run-for 2.5 --frame-log " +
                            (dir / "frames.csv").string());
    REQUIRE(played.exit_code == 0);
    auto rows = test::read_frame_log(dir / "frames.csv");
    bool drew_sheet = false, drew_still = false;
    for (auto& row : rows) {
        drew_sheet = drew_sheet || (row.type == "frame" && row.item == "facts");
        drew_still = drew_still || (row.type == "frame" && row.item == "still" && row.luma > 60);
    }
    CHECK(drew_sheet);
    CHECK(drew_still);
    CHECK_FALSE(opened_libmpv(played.output));
    CHECK_FALSE(opened_libcurl(played.output));
    CHECK_FALSE(opened_libcrypto(played.output));
    CHECK_FALSE(opened_libespeak(played.output)); // speech is off unless configured
    CHECK(opened_sdl_image(played.output));       // for the PNG still, when it was due
}

TEST_CASE("speaking loads libespeak-ng, and the words are heard", "[e2e][perf][speech]") {
    fs::path dir = test::work_dir("lazy-espeak");
    fs::create_directories(dir);
    fs::path playlist = write_playlist(dir, k_factsheet);
    fs::path wav = dir / "words.wav";
    auto spoken = test::run("LD_DEBUG=files " + test::beacon() + " speak " + playlist.string() +
                            " --lang en --out " + wav.string());
    INFO(spoken.output);
    REQUIRE(spoken.exit_code == 0);
    CHECK(opened_libespeak(spoken.output));
    // More than a second of 16-bit samples: the library spoke, not just loaded.
    CHECK(fs::file_size(wav) > 44 + 2 * 16000);
}

TEST_CASE("an install from a URL loads libcurl and reports an unreachable server", "[e2e][perf]") {
    fs::path dir = test::work_dir("lazy-curl");
    // Port 1 on the loopback: nothing listens there, the connection is refused.
    auto installed =
        test::run("LD_DEBUG=files " + test::beacon() + " install --store " +
                  (dir / "store").string() + " http://127.0.0.1:1/bundle/manifest.xml");
    CHECK(opened_libcurl(installed.output));
    CHECK(installed.exit_code != 0);
    CHECK(installed.output.find("127.0.0.1") != std::string::npos);
}

TEST_CASE("signing a bundle loads libcrypto to hash its files", "[e2e][perf]") {
    fs::path dir = test::work_dir("lazy-crypto");
    fs::create_directories(dir / "content");
    write_playlist(dir / "content", k_factsheet);
    auto keys = test::run(test::beacon() + " keygen --out " + (dir / "keys").string());
    REQUIRE(keys.exit_code == 0);
    fs::path secret;
    for (auto& entry : fs::directory_iterator(dir / "keys"))
        if (entry.path().extension() != ".pub")
            secret = entry.path();
    auto bundled =
        test::run("LD_DEBUG=files " + test::beacon() + " bundle --key " + secret.string() +
                  " --from " + (dir / "content").string() + " --out " + (dir / "bundle").string());
    REQUIRE(bundled.exit_code == 0);
    CHECK(opened_libcrypto(bundled.output));
    CHECK_FALSE(opened_libcurl(bundled.output));
    // The manifest names the playlist with the digest of its bytes.
    std::ifstream manifest(dir / "bundle/manifest.xml");
    std::string text((std::istreambuf_iterator<char>(manifest)), std::istreambuf_iterator<char>());
    CHECK(text.find("playlist.xml") != std::string::npos);
}

TEST_CASE("a playlist with a video loads libmpv and plays it", "[e2e][perf]") {
    fs::path dir = test::work_dir("lazy-mpv-video");
    fs::create_directories(dir / "media");
    fs::copy_file(test::test_media() / "clip.mp4", dir / "media/clip.mp4",
                  fs::copy_options::overwrite_existing);
    fs::path playlist = write_playlist(dir, std::string(k_factsheet) +
                                                R"(<video id="clip" src="media/clip.mp4"/>)");

    auto played = test::run("LD_DEBUG=files " + test::beacon() + " play " + playlist.string() +
                            " --headless --size 320x180 --run-for 3.5 --frame-log " +
                            (dir / "frames.csv").string());
    REQUIRE(played.exit_code == 0);
    CHECK(opened_libmpv(played.output));
    auto rows = test::read_frame_log(dir / "frames.csv");
    bool drew_clip = false;
    for (auto& row : rows)
        drew_clip = drew_clip || (row.type == "frame" && row.item == "clip" && row.luma > 8);
    CHECK(drew_clip);
}

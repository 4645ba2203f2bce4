#pragma once

// Shared tools for tests that run the real `beacon` binary.

#include "integration/read_file.h"

#include <SDL.h>

#include <filesystem>
#include <string>
#include <vector>

namespace test {

struct CommandResult {
    int exit_code = -1;
    std::string output; // stdout and stderr together
};

// Runs a shell command; its stderr is merged into the output.
CommandResult run(const std::string& command);

std::string beacon();                                    // path of the binary under test
std::filesystem::path source_dir();                      // the repository
std::filesystem::path work_dir(const std::string& name); // a fresh folder for one test

// Real media made with ffmpeg: a bright 2 s test-pattern video and a PNG.
// Made once per test run in a shared folder; returns that folder.
std::filesystem::path test_media();
// A playlist's smallest complete hotline element, English only, indented
// for a <playlist> and ending with a newline.
extern const char* const k_english_hotline;
// dir/playlist.xml: languages "en", k_english_hotline, then `items`; the
// test_media() file `media` copied to dir/media/ first. Returns its path.
std::filesystem::path media_playlist(const std::filesystem::path& dir, const std::string& media,
                                     const std::string& items);

// A loaded PNG in a known format (RGB888) with pixel access.
class Picture {
  public:
    explicit Picture(const std::filesystem::path& png);
    ~Picture();
    Picture(const Picture&) = delete;
    Picture& operator=(const Picture&) = delete;
    bool ok() const { return m_surface != nullptr; }
    int width() const;
    int height() const;
    SDL_Color at(int x, int y) const;

  private:
    SDL_Surface* m_surface = nullptr;
};

struct FrameRow {
    long long t_ms = 0;
    std::string type; // frame or event
    std::string screen;
    std::string item;
    std::string lang;
    double luma = -1;
    std::string detail;
};

std::vector<FrameRow> read_frame_log(const std::filesystem::path& csv);

} // namespace test

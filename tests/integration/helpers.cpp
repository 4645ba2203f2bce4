#include "integration/helpers.h"

#include <SDL_image.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace test {

CommandResult run(const std::string& command) {
    CommandResult result;
    std::string full = command + " 2>&1";
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe)
        return result;
    std::array<char, 4096> buffer;
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
        result.output.append(buffer.data(), n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string beacon() {
#ifdef BEACON_EMULATOR
    // A cross build runs under qemu-user without binfmt registration, so the
    // player is started through the emulator like the test binaries are.
    return std::string(BEACON_EMULATOR) + " " + BEACON_BINARY;
#else
    return BEACON_BINARY;
#endif
}
fs::path source_dir() {
    return BEACON_SOURCE_DIR;
}

fs::path work_dir(const std::string& name) {
    fs::path dir = fs::path(BEACON_WORK_DIR) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

const char* const k_english_hotline =
    R"(  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/help">
    <text lang="en" name="English">
      <headline>Help is here.</headline><call>Call free, 24/7.</call>
      <sms>Text HELP to 233733</sms><web-label>Online:</web-label>
      <scan>Scan</scan><close>Close</close>
    </text>
  </hotline>
)";

fs::path media_playlist(const fs::path& dir, const std::string& media, const std::string& items) {
    fs::create_directories(dir / "media");
    fs::copy_file(test_media() / media, dir / "media" / media,
                  fs::copy_options::overwrite_existing);
    std::ofstream(dir / "playlist.xml") << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                        << "<playlist languages=\"en\">\n"
                                        << k_english_hotline << items << "\n</playlist>\n";
    return dir / "playlist.xml";
}

fs::path test_media() {
    static std::once_flag once;
    static fs::path dir = fs::path(BEACON_WORK_DIR) / "media";
    // Test cases run as parallel processes: each makes a file under its own
    // name and renames it into place, so no one reads a half-written file.
    auto make = [](const fs::path& target, const std::string& ffmpeg_args) {
        if (fs::exists(target))
            return;
        fs::path partial = target;
        partial += "." + std::to_string(getpid()) + target.extension().string();
        run("ffmpeg -v error -y " + ffmpeg_args + " " + partial.string());
        fs::rename(partial, target);
    };
    std::call_once(once, [&] {
        fs::create_directories(dir);
        make(dir / "clip.mp4", "-f lavfi -i testsrc2=size=640x360:rate=30 -t 2 -c:v libx264 "
                               "-pix_fmt yuv420p");
        make(dir / "still.png", "-f lavfi -i color=c=0x3d8bd9:s=640x360 -frames:v 1");
    });
    return dir;
}

Picture::Picture(const fs::path& png) {
    SDL_Surface* loaded = IMG_Load(png.string().c_str());
    if (!loaded)
        return;
    m_surface = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_RGB888, 0);
    SDL_FreeSurface(loaded);
}

Picture::~Picture() {
    if (m_surface)
        SDL_FreeSurface(m_surface);
}

int Picture::width() const {
    return m_surface->w;
}
int Picture::height() const {
    return m_surface->h;
}

SDL_Color Picture::at(int x, int y) const {
    auto* row = static_cast<const Uint8*>(m_surface->pixels) + y * m_surface->pitch;
    Uint32 pixel = reinterpret_cast<const Uint32*>(row)[x];
    SDL_Color color{};
    SDL_GetRGB(pixel, m_surface->format, &color.r, &color.g, &color.b);
    return color;
}

std::vector<FrameRow> read_frame_log(const fs::path& csv) {
    std::vector<FrameRow> rows;
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream stream(line);
        std::string cell;
        while (std::getline(stream, cell, ','))
            cells.push_back(cell);
        cells.resize(7);
        FrameRow row;
        row.t_ms = std::stoll(cells[0]);
        row.type = cells[1];
        row.screen = cells[2];
        row.item = cells[3];
        row.lang = cells[4];
        row.luma = cells[5].empty() ? -1 : std::stod(cells[5]);
        row.detail = cells[6];
        rows.push_back(row);
    }
    return rows;
}

} // namespace test

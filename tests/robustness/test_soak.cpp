// Soak: an accelerated headless run (--time-scale) with short items, many
// item switches and hotline openings, while this test samples the player's
// resident memory and open file descriptors from /proc. After warm-up, RSS
// may grow by at most 2 MB and the descriptor count must not grow.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// In a sanitizer build, memory belongs to ASan's allocator and quarantine, so
// RSS says nothing about leaks (LeakSanitizer checks those at exit instead),
// and everything runs slower: a shorter run that still checks descriptors.
#ifdef BEACON_SANITIZED
constexpr bool k_sanitized = true;
constexpr int k_switches = 500;
constexpr int k_hotline_openings = 50;
#else
constexpr bool k_sanitized = false;
constexpr int k_switches = 2000;
constexpr int k_hotline_openings = 200;
#endif
constexpr double k_time_scale = 40;

struct Sample {
    double seconds = 0;
    long rss_kb = 0;
    int fds = 0;
};

long rss_kb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

int open_fds(pid_t pid) {
    std::error_code error;
    auto it = fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error);
    if (error)
        return -1;
    return static_cast<int>(std::distance(it, fs::directory_iterator()));
}

// Runs `argv` and samples it every 200 ms until it exits; returns its exit code.
int run_sampled(const std::vector<std::string>& argv, const fs::path& output,
                std::vector<Sample>& samples) {
    pid_t child = fork();
    if (child == 0) {
        std::FILE* out = std::freopen(output.c_str(), "w", stderr);
        if (!out)
            _exit(126);
        std::vector<char*> args;
        for (auto& arg : argv)
            args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    auto start = std::chrono::steady_clock::now();
    int status = 0;
    while (waitpid(child, &status, WNOHANG) == 0) {
        Sample sample;
        sample.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        sample.rss_kb = rss_kb(child);
        sample.fds = open_fds(child);
        if (sample.rss_kb > 0 && sample.fds > 0)
            samples.push_back(sample);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

const char* k_playlist_head = R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en es">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/help">
    <text lang="en" name="English">
      <headline>Help is here.</headline><call>Call free, 24/7.</call>
      <sms>Text HELP to 233733</sms><web-label>Online:</web-label>
      <scan>Scan</scan><close>Close</close>
    </text>
    <text lang="es" name="Español">
      <headline>Aquí hay ayuda.</headline><call>Llamada gratuita.</call>
      <sms>Envíe HELP al 233733</sms><web-label>En línea:</web-label>
      <scan>Escanee</scan><close>Cerrar</close>
    </text>
  </hotline>
)";

std::string factsheet(const std::string& id) {
    return "  <factsheet id=\"" + id +
           "\" duration=\"1\">\n"
           "    <text lang=\"en\"><title>Fact " +
           id +
           "</title><point>Force, fraud or coercion.</point></text>\n"
           "    <text lang=\"es\"><title>Dato " +
           id +
           "</title><point>Fuerza, fraude o coerción.</point></text>\n"
           "  </factsheet>\n";
}

// Ten items a cycle: a short video, two stills and seven fact sheets.
fs::path make_soak_playlist(const fs::path& dir) {
    fs::create_directories(dir / "media");
    auto ffmpeg = [&](const std::string& args, const std::string& name) {
        auto result =
            test::run("ffmpeg -v error -y " + args + " " + (dir / "media" / name).string());
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
    };
    ffmpeg("-f lavfi -i testsrc2=size=320x180:rate=30 -t 0.2 -c:v libx264 -pix_fmt yuv420p",
           "clip.mp4");
    ffmpeg("-f lavfi -i color=c=0x3d8bd9:s=320x180 -frames:v 1", "blue.png");
    ffmpeg("-f lavfi -i color=c=0xd9823d:s=320x180 -frames:v 1", "orange.png");
    std::ofstream out(dir / "playlist.xml");
    out << k_playlist_head << factsheet("f1") << factsheet("f2")
        << "  <image id=\"blue\" src=\"media/blue.png\" duration=\"1\"/>\n"
        << factsheet("f3") << factsheet("f4") << "  <video id=\"clip\" src=\"media/clip.mp4\"/>\n"
        << factsheet("f5") << factsheet("f6")
        << "  <image id=\"orange\" src=\"media/orange.png\" duration=\"1\"/>\n"
        << factsheet("f7") << "</playlist>\n";
    return dir / "playlist.xml";
}

} // namespace

TEST_CASE("soak: thousands of switches and hundreds of hotline openings leak nothing",
          "[robustness][soak]") {
    fs::path dir = test::work_dir("soak");
    auto playlist = make_soak_playlist(dir);
    // About 45 ms of real time per switch here; the run leaves a wide margin.
    double real_seconds = k_switches * 0.08;
    double loop_seconds = real_seconds * k_time_scale;
    std::vector<std::string> argv = {test::beacon(),
                                     "play",
                                     playlist.string(),
                                     "--headless",
                                     "--size",
                                     "320x180",
                                     "--time-scale",
                                     std::to_string(k_time_scale),
                                     "--run-for",
                                     std::to_string(loop_seconds),
                                     "--hotline-timeout",
                                     "2",
                                     "--frame-log",
                                     (dir / "frames.csv").string()};
    int taps = k_hotline_openings + k_hotline_openings / 10;
    for (int i = 0; i < taps; ++i) {
        argv.push_back("--tap-at");
        argv.push_back(std::to_string(loop_seconds * (i + 0.5) / taps));
    }
    std::vector<Sample> samples;
    int exit_code = run_sampled(argv, dir / "output.txt", samples);
    INFO(read_all(dir / "output.txt"));
    REQUIRE(exit_code == 0);

    int switches = 0, openings = 0;
    std::string item, screen = "loop";
    for (auto& row : test::read_frame_log(dir / "frames.csv")) {
        if (row.type != "frame")
            continue;
        if (row.screen == "hotline" && screen != "hotline")
            ++openings;
        screen = row.screen;
        if (row.screen == "loop" && row.item != item) {
            ++switches;
            item = row.item;
        }
    }
    CHECK(switches >= k_switches);
    CHECK(openings >= k_hotline_openings);

    // Warm-up is the first quarter; growth compares the peaks of the second
    // quarter and of the last quarter, so short-lived buffers count in both.
    REQUIRE(samples.size() >= 40);
    auto quarter = [&](std::size_t q, auto field) {
        std::size_t begin = samples.size() * q / 4, end = samples.size() * (q + 1) / 4;
        long peak = 0;
        for (std::size_t i = begin; i < end; ++i)
            peak = std::max<long>(peak, field(samples[i]));
        return peak;
    };
    auto rss = [](const Sample& s) { return s.rss_kb; };
    auto fds = [](const Sample& s) { return static_cast<long>(s.fds); };
    INFO("RSS peaks, KB: after warm-up " << quarter(1, rss) << ", at the end " << quarter(3, rss));
    INFO("descriptors: after warm-up " << quarter(1, fds) << ", at the end " << quarter(3, fds));
    CHECK(quarter(3, fds) <= quarter(1, fds));
    if (!k_sanitized)
        CHECK(quarter(3, rss) - quarter(1, rss) <= 2048);
}

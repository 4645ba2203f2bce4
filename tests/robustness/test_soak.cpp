// Soak: an accelerated headless run (--time-scale) with short items, many
// item switches and hotline openings, and signed bundles installed into the
// player's store while it plays (each a hot reload at the next item
// boundary). Meanwhile this test samples the player's resident memory and
// open file descriptors from /proc. After warm-up, RSS may grow by at most
// 2 MB and the descriptor count must not grow.

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
constexpr int k_reloads = 5;
#else
constexpr bool k_sanitized = false;
constexpr int k_switches = 2000;
constexpr int k_hotline_openings = 200;
constexpr int k_reloads = 20;
#endif
constexpr double k_time_scale = 40;

struct Sample {
    double seconds = 0;
    long rss_kb = 0;
    int fds = 0;
    std::string fd_targets; // what the descriptors pointed at, for the report
};

long rss_kb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

// Counts the open descriptors of `pid` and lists what they point at.
int open_fds(pid_t pid, std::string& targets) {
    std::error_code error;
    fs::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", error);
    if (error)
        return -1;
    int count = 0;
    targets.clear();
    for (; it != fs::directory_iterator(); it.increment(error)) {
        ++count;
        std::error_code gone; // closed between the listing and the read
        auto target = fs::read_symlink(it->path(), gone);
        targets += (gone ? std::string("(closed)") : target.string()) + " ";
    }
    return count;
}

// Runs `argv` and samples it every 200 ms until it exits, calling `tick`
// with the seconds since the start after each sample; returns its exit code.
template <typename Tick>
int run_sampled(const std::vector<std::string>& argv, const fs::path& output,
                std::vector<Sample>& samples, Tick tick) {
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
        sample.fds = open_fds(child, sample.fd_targets);
        if (sample.rss_kb > 0 && sample.fds > 0)
            samples.push_back(sample);
        tick(sample.seconds);
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

std::string factsheet(const std::string& id, const std::string& version = "") {
    return "  <factsheet id=\"" + id + "\" duration=\"1\">\n    <text lang=\"en\"><title>Fact " +
           id + " " + version + "</title><point>Force, fraud or coercion.</point></text>\n" +
           "    <text lang=\"es\"><title>Dato " + id + " " + version +
           "</title><point>Fuerza, fraude o coerción.</point></text>\n  </factsheet>\n";
}

void ffmpeg(const fs::path& out, const std::string& args) {
    auto result = test::run("ffmpeg -v error -y " + args + " " + out.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
}

// Version `version` of the content: ten items a cycle (a short video, two
// stills and seven fact sheets); each version's first fact sheet differs.
fs::path make_content(const fs::path& dir, const fs::path& media, int version) {
    fs::create_directories(dir / "media");
    for (auto& file : fs::directory_iterator(media))
        fs::copy_file(file.path(), dir / "media" / file.path().filename(),
                      fs::copy_options::overwrite_existing);
    std::ofstream out(dir / "playlist.xml");
    out << k_playlist_head << factsheet("f1", std::to_string(version)) << factsheet("f2")
        << "  <image id=\"blue\" src=\"media/blue.png\" duration=\"1\"/>\n"
        << factsheet("f3") << factsheet("f4") << "  <video id=\"clip\" src=\"media/clip.mp4\"/>\n"
        << factsheet("f5") << factsheet("f6")
        << "  <image id=\"orange\" src=\"media/orange.png\" duration=\"1\"/>\n"
        << factsheet("f7") << "</playlist>\n";
    return dir;
}

// Signed bundles of every version, made and installed with the real commands.
struct Store {
    fs::path store, keys;
    std::vector<fs::path> bundles;

    void install(std::size_t version) const {
        auto result = test::run(test::beacon() + " install " + bundles.at(version).string() +
                                " --store " + store.string() + " --keys " + keys.string());
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
    }
};

Store make_store(const fs::path& dir, int versions) {
    fs::path media = dir / "media";
    fs::create_directories(media);
    ffmpeg(media / "clip.mp4",
           "-f lavfi -i testsrc2=size=320x180:rate=30 -t 0.2 -c:v libx264 -pix_fmt yuv420p");
    ffmpeg(media / "blue.png", "-f lavfi -i color=c=0x3d8bd9:s=320x180 -frames:v 1");
    ffmpeg(media / "orange.png", "-f lavfi -i color=c=0xd9823d:s=320x180 -frames:v 1");
    auto keygen = test::run(test::beacon() + " keygen --out " + (dir / "signing").string());
    INFO(keygen.output);
    REQUIRE(keygen.exit_code == 0);
    Store store{dir / "store", dir / "trusted", {}};
    fs::create_directories(store.keys);
    fs::copy_file(dir / "signing/beacon.pub", store.keys / "beacon.pub");
    for (int version = 0; version < versions; ++version) {
        auto content = make_content(dir / ("content-" + std::to_string(version)), media, version);
        auto bundle = dir / ("bundle-" + std::to_string(version));
        auto made =
            test::run(test::beacon() + " bundle --key " + (dir / "signing/beacon.key").string() +
                      " --from " + content.string() + " --out " + bundle.string());
        INFO(made.output);
        REQUIRE(made.exit_code == 0);
        store.bundles.push_back(bundle);
    }
    return store;
}

} // namespace

TEST_CASE("soak: thousands of switches, hundreds of hotline openings and hot reloads leak nothing",
          "[robustness][soak]") {
    fs::path dir = test::work_dir("soak");
    Store store = make_store(dir, k_reloads + 1);
    store.install(0);
    // About 65 ms of real time per switch here; the run leaves a margin,
    // wider under the sanitizers, where a busy 2-core machine once fell 1 %
    // short (495 of 500) in the time given. The count is what is checked,
    // not the speed.
    double real_seconds = k_switches * (k_sanitized ? 0.1 : 0.08);
    double loop_seconds = real_seconds * k_time_scale;
    std::vector<std::string> argv = {test::beacon(),
                                     "play",
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
                                     (dir / "frames.csv").string(),
                                     "--store",
                                     store.store.string(),
                                     "--keys",
                                     store.keys.string(),
                                     "--usb-dir",
                                     (dir / "no-usb").string(),
                                     "--state-dir",
                                     (dir / "state").string()};
    int taps = k_hotline_openings + k_hotline_openings / 10;
    for (int i = 0; i < taps; ++i) {
        argv.push_back("--tap-at");
        argv.push_back(std::to_string(loop_seconds * (i + 0.5) / taps));
    }
    // Versions 1..k_reloads go in at even intervals while the player runs.
    int installed = 0;
    auto install_due = [&](double seconds) {
        if (installed < k_reloads && seconds > real_seconds * (installed + 1) / (k_reloads + 1))
            store.install(static_cast<std::size_t>(++installed));
    };
    std::vector<Sample> samples;
    fs::create_directories(dir / "state");
    int exit_code = run_sampled(argv, dir / "output.txt", samples, install_due);
    INFO(read_all(dir / "output.txt"));
    REQUIRE(exit_code == 0);
    CHECK(installed == k_reloads);

    int switches = 0, openings = 0, reloads = 0;
    std::string item, screen = "loop";
    for (auto& row : test::read_frame_log(dir / "frames.csv")) {
        if (row.type == "event" && row.detail.rfind("update-staged", 0) == 0)
            ++reloads;
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
    CHECK(reloads >= k_reloads);

    // Every sample, with what its descriptors pointed at, for a failure's
    // post-mortem.
    {
        std::ofstream out(dir / "samples.csv");
        out << "seconds,rss_kb,fds,targets\n";
        for (auto& s : samples)
            out << s.seconds << ',' << s.rss_kb << ',' << s.fds << ',' << s.fd_targets << '\n';
    }

    // Warm-up is the first quarter; growth compares the second quarter with
    // the last one.
    REQUIRE(samples.size() >= 40);
    auto in_quarter = [&](std::size_t q) {
        return std::vector<Sample>(samples.begin() + samples.size() * q / 4,
                                   samples.begin() + samples.size() * (q + 1) / 4);
    };
    // The RSS of a quarter's samples, sorted, so that its floor, median
    // and peak can be read.
    auto rss_sorted = [&](std::size_t q) {
        std::vector<long> rss;
        for (auto& s : in_quarter(q))
            rss.push_back(s.rss_kb);
        std::sort(rss.begin(), rss.end());
        return rss;
    };
    auto floor_rss = [&](std::size_t q) { return rss_sorted(q).front(); };
    auto median_rss = [&](std::size_t q) {
        auto rss = rss_sorted(q);
        return rss[rss.size() / 2];
    };
    auto peak_rss = [&](std::size_t q) { return rss_sorted(q).back(); };
    // The descriptors held all through a quarter, and at its busiest sample.
    auto fewest_fds = [&](std::size_t q) {
        auto part = in_quarter(q);
        return std::min_element(part.begin(), part.end(),
                                [](auto& a, auto& b) { return a.fds < b.fds; })
            ->fds;
    };
    auto busiest = [&](std::size_t q) {
        auto part = in_quarter(q);
        return *std::max_element(part.begin(), part.end(),
                                 [](auto& a, auto& b) { return a.fds < b.fds; });
    };
    INFO("RSS floor, median and peak, KB: after warm-up "
         << floor_rss(1) << ", " << median_rss(1) << ", " << peak_rss(1) << "; at the end "
         << floor_rss(3) << ", " << median_rss(3) << ", " << peak_rss(3));
    INFO("descriptors, fewest and most: after warm-up "
         << fewest_fds(1) << " and " << busiest(1).fds << ", at the end " << fewest_fds(3)
         << " and " << busiest(3).fds);
    INFO("busiest sample at the end: " << busiest(3).fd_targets);
    // A leaked descriptor stays open, so it raises the count that every
    // sample of the last quarter shows: that floor must not grow at all.
    // Descriptors held for a moment (mpv reading the video, an image being
    // decoded, the fonts open while a screen is built) come
    // and go between samples: the busiest sample of a run differs from
    // another's by a few. It may not grow by more than that, while a leak of
    // one per switch, reload or hotline opening would add hundreds.
    CHECK(fewest_fds(3) <= fewest_fds(1));
    CHECK(busiest(3).fds <= busiest(1).fds + 8);
    // Memory that leaks is never given back, so it raises every sample that
    // follows it: the floor and the median of the last quarter. The peak is
    // not compared: it is one sample caught while a picture or a video's
    // buffers are alive for a moment, up to 10 MB above the median. In one CI
    // run the last quarter's peak stood 3.4 MB above the second's with no
    // leak; in a local run of the same build the medians of those quarters
    // differed by 0.1 MB.
    if (!k_sanitized) {
        CHECK(floor_rss(3) - floor_rss(1) <= 2048);
        CHECK(median_rss(3) - median_rss(1) <= 2048);
    }
}

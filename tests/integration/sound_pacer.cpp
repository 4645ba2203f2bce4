// The sound rig's reader (sound_rig.h): ALSA's `file` plugin pipes what
// Beacon plays to this program, which takes it no faster than real time
// (48 kHz, 16-bit stereo), appends it to RAW and notes in INDEX when each
// piece came ("seconds-since-the-epoch bytes" per line).
//
//   beacon_sound_pacer RAW INDEX
//
// A compiled program, not a script: ALSA starts one at every opening of the
// device, and the tests time sound against taps. A Python reader took up to
// several seconds to start on a loaded 2-core host, while the player's
// writes waited in the pipe; its late arrivals then filled the very pause
// the hotline test looks for.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: beacon_sound_pacer RAW INDEX\n");
        return 2;
    }
    // A small pipe: little sound waits in it, so arrival times stay close to
    // the times the player sent it. Best effort: a kernel may refuse.
    (void)::fcntl(0, F_SETPIPE_SZ, 4096);
    std::FILE* raw = std::fopen(argv[1], "ab");
    std::FILE* index = std::fopen(argv[2], "a");
    if (!raw || !index) {
        std::perror("beacon_sound_pacer");
        return 1;
    }
    using Clock = std::chrono::steady_clock;
    constexpr double bytes_per_second = 48000 * 4;
    // Behind by more than 50 ms (the player paused, or the host was busy):
    // the schedule starts again from now instead of catching up in a burst.
    constexpr auto slack = std::chrono::milliseconds(50);
    std::optional<Clock::time_point> due;
    char chunk[1920];
    for (;;) {
        ssize_t n = ::read(0, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        auto now = Clock::now();
        if (!due || *due < now - slack)
            due = now;
        *due += std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(static_cast<double>(n) / bytes_per_second));
        if (*due > now)
            std::this_thread::sleep_until(*due);
        std::fwrite(chunk, 1, static_cast<std::size_t>(n), raw);
        std::fflush(raw);
        double wall =
            std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        std::fprintf(index, "%.3f %zd\n", wall, n);
        std::fflush(index);
    }
    std::fclose(raw);
    std::fclose(index);
    return 0;
}

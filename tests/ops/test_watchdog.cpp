// systemd's side of the contract, observed from outside: the real binary is
// started with a NOTIFY_SOCKET that this test owns (a unix datagram socket,
// as systemd's), and every READY=1 and WATCHDOG=1 it sends is timed. A loop
// frozen by the test-only fault switch must stop pinging, so that systemd's
// watchdog restarts it.

#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Message {
    double at_seconds;
    std::string text;
};

class NotifySocket {
  public:
    explicit NotifySocket(const fs::path& path) : m_path(path) {
        fs::remove(path);
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        REQUIRE(path.string().size() < sizeof address.sun_path);
        std::strcpy(address.sun_path, path.c_str());
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~NotifySocket() {
        ::close(m_fd);
        fs::remove(m_path);
    }
    // Every datagram until `duration` has passed since `start`.
    std::vector<Message> collect(Clock::time_point start, Clock::duration duration) {
        std::vector<Message> messages;
        while (Clock::now() - start < duration) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                duration - (Clock::now() - start));
            pollfd poller{m_fd, POLLIN, 0};
            if (::poll(&poller, 1, static_cast<int>(std::max<long long>(left.count(), 1))) <= 0)
                continue;
            char buffer[512];
            ssize_t size = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (size <= 0)
                continue;
            std::chrono::duration<double> at = Clock::now() - start;
            messages.push_back({at.count(), std::string(buffer, static_cast<std::size_t>(size))});
        }
        return messages;
    }

  private:
    fs::path m_path;
    int m_fd = -1;
};

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& extra_env) {
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = extra_env;
    for (char** entry = environ; *entry; ++entry) {
        std::string_view name(*entry);
        if (name.rfind("NOTIFY_SOCKET=", 0) != 0 && name.rfind("WATCHDOG_", 0) != 0)
            env_strings.emplace_back(*entry);
    }
    std::vector<char*> envp;
    for (auto& entry : env_strings)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    pid_t pid = -1;
    REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()) == 0);
    return pid;
}

fs::path playlist_in(const fs::path& dir) {
    std::ofstream(dir / "playlist.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<playlist languages="en">
  <hotline phone="1-888-373-7888" web="example.org" qr="https://example.org/">
    <text lang="en" name="English"><headline>Help is here.</headline><call>Call free.</call>
      <sms>Text HELP</sms><web-label>Online:</web-label><scan>Scan</scan><close>Close</close></text>
  </hotline>
  <factsheet id="a" duration="1"><text lang="en"><title>A</title><point>Point</point></text></factsheet>
  <factsheet id="b" duration="1"><text lang="en"><title>B</title><point>Point</point></text></factsheet>
</playlist>
)";
    return dir / "playlist.xml";
}

std::vector<double> times_of(const std::vector<Message>& messages, const std::string& what) {
    std::vector<double> times;
    for (auto& message : messages)
        if (message.text.find(what) != std::string::npos)
            times.push_back(message.at_seconds);
    return times;
}

} // namespace

TEST_CASE("READY after the first frame, and WATCHDOG pings from the loop", "[ops][watchdog]") {
    fs::path dir = test::work_dir("watchdog-healthy");
    NotifySocket socket(dir / "notify.sock");
    auto start = Clock::now();
    pid_t pid = spawn({test::beacon(), "play", playlist_in(dir).string(), "--headless", "--size",
                       "320x180", "--state-dir", dir.string(), "--run-for", "4"},
                      {"NOTIFY_SOCKET=" + (dir / "notify.sock").string(), "WATCHDOG_USEC=400000"});
    auto messages = socket.collect(start, 5s);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    auto ready = times_of(messages, "READY=1");
    auto pings = times_of(messages, "WATCHDOG=1");
    REQUIRE(ready.size() == 1);
    // Half of WatchdogSec: a ping every 200 ms while the loop turns, though a
    // still fact sheet has nothing to draw.
    REQUIRE(pings.size() >= 12);
    for (std::size_t i = 1; i < pings.size(); ++i)
        CHECK(pings[i] - pings[i - 1] < 0.4);
    CHECK(pings.back() > 3.5);
    CHECK(times_of(messages, "STOPPING=1").size() == 1);
}

TEST_CASE("a frozen render loop stops pinging the watchdog", "[ops][watchdog]") {
    fs::path dir = test::work_dir("watchdog-stall");
    NotifySocket socket(dir / "notify.sock");
    auto start = Clock::now();
    pid_t pid = spawn({test::beacon(), "play", playlist_in(dir).string(), "--headless", "--size",
                       "320x180", "--state-dir", dir.string(), "--test-stall-at", "2"},
                      {"NOTIFY_SOCKET=" + (dir / "notify.sock").string(), "WATCHDOG_USEC=400000"});
    auto messages = socket.collect(start, 4500ms);
    // Still there, but frozen: exactly what a watchdog (not a crash) catches.
    // systemd would now send SIGABRT; the test does the same.
    bool alive = ::waitpid(pid, nullptr, WNOHANG) == 0;
    ::kill(pid, SIGABRT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(alive);
    auto pings = times_of(messages, "WATCHDOG=1");
    REQUIRE(times_of(messages, "READY=1").size() == 1);
    REQUIRE(pings.size() >= 5);
    CHECK(pings.back() < 2.3);
    // No ping for over two seconds: far past WatchdogSec (0.4 s).
    CHECK(4.5 - pings.back() > 2.0);
}

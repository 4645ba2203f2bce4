// "The kiosk opens no listening port": the real player, headless, polling a
// real nginx and reading a stick, is checked again and again while it runs.
// A socket of the process (every thread shares its descriptor table) is an
// open port when /proc/PID/net/{tcp,tcp6} lists it in state LISTEN (0A), or
// when /proc/PID/net/{udp,udp6} lists it at all (a bound UDP socket takes
// datagrams from anyone). The checker is first shown to catch a python3
// server, so the test can fail.

#include "bundle_helpers.h"
#include "integration/helpers.h"
#include "integration/nginx.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Socket inodes of `pid`'s open descriptors.
std::set<std::string> socket_inodes(pid_t pid) {
    std::set<std::string> inodes;
    std::error_code error;
    fs::path fds = "/proc/" + std::to_string(pid) + "/fd";
    for (auto it = fs::directory_iterator(fds, error); !error && it != fs::directory_iterator();
         it.increment(error)) {
        std::error_code ignored;
        std::string target = fs::read_symlink(it->path(), ignored).string();
        if (target.rfind("socket:[", 0) == 0)
            inodes.insert(target.substr(8, target.size() - 9));
    }
    return inodes;
}

// "tcp 127.0.0.1:8080 (inode 1234)" for each open port of `pid`.
std::vector<std::string> open_ports(pid_t pid) {
    std::set<std::string> mine = socket_inodes(pid);
    std::vector<std::string> found;
    for (std::string table : {"tcp", "tcp6", "udp", "udp6"}) {
        std::ifstream in("/proc/" + std::to_string(pid) + "/net/" + table);
        std::string line;
        std::getline(in, line); // the header
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
            fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
                timeout >> inode;
            bool open = table.rfind("udp", 0) == 0 || state == "0A";
            if (open && mine.count(inode))
                found.push_back(table + " " + local + " (inode " + inode + ")");
        }
    }
    return found;
}

pid_t spawn(const std::vector<std::string>& args) {
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::vector<char*> argv;
        for (auto& arg : args)
            argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        freopen("/dev/null", "w", stdout);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    return child;
}

// A child process, killed and reaped when the test ends.
struct Reaper {
    pid_t pid;
    int status = 0;
    bool reaped = false;
    bool alive() {
        if (!reaped && waitpid(pid, &status, WNOHANG) == pid)
            reaped = true;
        return !reaped;
    }
    int wait() {
        if (!reaped && waitpid(pid, &status, 0) == pid)
            reaped = true;
        return status;
    }
    ~Reaper() {
        if (pid > 0 && alive()) {
            kill(pid, SIGKILL);
            wait();
        }
    }
};

// Open ports of `pid`, polled until some show up or `limit` passes.
std::vector<std::string> ports_within(pid_t pid, std::chrono::milliseconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
        auto ports = open_ports(pid);
        if (!ports.empty() || std::chrono::steady_clock::now() > until)
            return ports;
        std::this_thread::sleep_for(50ms);
    }
}

} // namespace

TEST_CASE("the port checker finds a listening TCP socket and a bound UDP socket",
          "[update-no-port]") {
    if (access("/usr/bin/python3", X_OK) != 0) {
        WARN("SKIPPED: python3 is not installed");
        return;
    }
    Reaper http{spawn({"python3", "-m", "http.server", "--bind", "127.0.0.1", "0"})};
    auto tcp = ports_within(http.pid, 10s);
    INFO("python3 -m http.server");
    REQUIRE(tcp.size() == 1);
    CHECK(tcp[0].rfind("tcp 0100007F:", 0) == 0);

    Reaper udp{spawn({"python3", "-c",
                      "import socket, time\n"
                      "s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)\n"
                      "s.bind(('::1', 0))\n"
                      "time.sleep(30)\n"})};
    auto bound = ports_within(udp.pid, 10s);
    REQUIRE(bound.size() == 1);
    CHECK(bound[0].rfind("udp6 ", 0) == 0);

    // An outgoing TCP connection is not a port: the checker must not flag it.
    // The client makes a file once its listening and accepted sockets are
    // closed; Python may take seconds to start on a loaded machine, so the
    // test waits for that file rather than for a fixed time.
    fs::path connected = test::fresh_dir("no-port-client") / "connected";
    Reaper client{spawn({"python3", "-c",
                         "import socket, sys, time\n"
                         "s = socket.socket()\n"
                         "s.bind(('127.0.0.1', 0)); s.listen()\n"
                         "c = socket.create_connection(s.getsockname())\n"
                         "a, _ = s.accept(); s.close(); a.close()\n"
                         "open(sys.argv[1], 'w').close()\n"
                         "time.sleep(30)\n",
                         connected.string()})};
    auto until = std::chrono::steady_clock::now() + 20s;
    while (!fs::exists(connected) && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(50ms);
    INFO("the client with one outgoing connection");
    REQUIRE(fs::exists(connected));
    REQUIRE(client.alive());
    REQUIRE_FALSE(socket_inodes(client.pid).empty());
    CHECK(open_ports(client.pid).empty());
}

TEST_CASE("the running player opens no listening port while it polls a server and reads a stick",
          "[update-no-port]") {
    fs::path dir = test::fresh_dir("no-port");
    fs::path served = dir / "served";
    fs::path usb = dir / "usb";
    fs::create_directories(usb);
    fs::create_directories(dir / "state");
    // The stick's bundle is the older one, so the server's (newer) still
    // installs after it: both paths run.
    test::make_bundle(test::fixtures() / "content", usb / "STICK");
    test::make_bundle(test::fixtures() / "content-b", served);
    std::string url;
    std::unique_ptr<test::Nginx> nginx;
    if (test::Nginx::available()) {
        nginx = std::make_unique<test::Nginx>(dir / "nginx", served, 1 << 20);
        REQUIRE(nginx->running());
        url = nginx->url("/manifest.xml");
    } else {
        WARN("nginx is not installed: polling a closed port instead");
        url = "http://127.0.0.1:" + std::to_string(test::free_port()) + "/manifest.xml";
    }
    Reaper player{spawn({test::beacon(),
                         "play",
                         "--headless",
                         "--size",
                         "320x180",
                         "--run-for",
                         "8",
                         "--store",
                         (dir / "store").string(),
                         "--keys",
                         test::trusted_keys_dir().string(),
                         "--usb-dir",
                         usb.string(),
                         "--update-url",
                         url,
                         "--update-interval",
                         "1",
                         "--update-timeout",
                         "2",
                         "--state-dir",
                         (dir / "state").string()})};
    int samples = 0;
    std::map<std::string, int> seen;
    for (auto until = std::chrono::steady_clock::now() + 6s;
         std::chrono::steady_clock::now() < until && player.alive();
         std::this_thread::sleep_for(100ms)) {
        for (auto& port : open_ports(player.pid))
            ++seen[port];
        ++samples;
    }
    INFO("samples: " << samples);
    REQUIRE(samples >= 40);
    for (auto& [port, times] : seen)
        FAIL_CHECK("the player had an open port: " << port << " in " << times << " samples");
    CHECK(seen.empty());
    if (nginx) // it did talk to the server while it was watched
        CHECK(nginx->requests_for("/manifest.xml") >= 1);
    int status = player.wait();
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // And it did its work while it was watched: the stick's or the
    // server's version is installed.
    CHECK(fs::is_symlink(dir / "store/current"));
}

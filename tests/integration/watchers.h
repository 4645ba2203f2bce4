#pragma once

// Witnesses for tests that must show something was NOT opened: a listening
// socket that counts connections, and an inotify watch on a file.

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <atomic>
#include <filesystem>
#include <netinet/in.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace test {

// Counts connections to a port on 127.0.0.1 until destroyed.
class Listener {
  public:
    Listener() {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        socklen_t length = sizeof address;
        REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        m_port = ntohs(address.sin_port);
        REQUIRE(::listen(m_fd, 8) == 0);
        m_thread = std::thread([this] {
            while (!m_stop) {
                pollfd ready{m_fd, POLLIN, 0};
                if (::poll(&ready, 1, 50) > 0) {
                    int client = ::accept(m_fd, nullptr, nullptr);
                    if (client >= 0) {
                        ++m_connections;
                        ::close(client);
                    }
                }
            }
        });
    }
    ~Listener() {
        m_stop = true;
        m_thread.join();
        ::close(m_fd);
    }
    int port() const { return m_port; }
    int connections() const { return m_connections; }

  private:
    int m_fd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_connections{0};
    std::thread m_thread;
};

// Whether anything opened `file` since construction.
class OpenWatch {
  public:
    explicit OpenWatch(const std::filesystem::path& file) {
        m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        REQUIRE(m_fd >= 0);
        REQUIRE(::inotify_add_watch(m_fd, file.c_str(), IN_OPEN) >= 0);
    }
    ~OpenWatch() { ::close(m_fd); }
    bool opened() {
        alignas(inotify_event) char buffer[4096];
        while (::read(m_fd, buffer, sizeof buffer) > 0)
            m_opened = true;
        return m_opened;
    }

  private:
    int m_fd = -1;
    bool m_opened = false;
};

} // namespace test

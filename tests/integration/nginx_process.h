#pragma once

// A real nginx (Debian's package) on 127.0.0.1, run by a test in the
// foreground ("daemon off; master_process off;") from a configuration the
// test writes into its own folder, and stopped when the object goes. The
// one copy of what every nginx-backed test needs: the update tests' bundle
// server (update/integration/nginx.h) and the fleet tests' WebDAV server
// (fleet/dav_server.h) each add only their server block.

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace test {

// nginx's path, or nullptr when it is not installed.
const char* nginx_binary();

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
int free_port();

// Whether something accepts connections on 127.0.0.1:port.
bool accepts_connections(int port);

// The top of an nginx.conf for a server kept in `dir`: foreground, pid,
// error log and temporary folders inside `dir`, an "events" block, and "user
// root" when the test runs as root (nginx would otherwise switch to nobody,
// who cannot read the test's files). The caller adds its http {} block.
std::string nginx_main_context(const std::filesystem::path& dir);
// Lines for the http {} block: every temporary folder inside `dir`/temp.
std::string nginx_temp_paths(const std::filesystem::path& dir);

class NginxProcess {
  public:
    NginxProcess() = default;
    ~NginxProcess(); // SIGTERM, then waits for it
    NginxProcess(const NginxProcess&) = delete;
    NginxProcess& operator=(const NginxProcess&) = delete;

    // Runs nginx with `dir`/nginx.conf and waits (up to 20 s, the machine
    // may be loaded) until it accepts connections on `port`.
    bool start(const std::filesystem::path& dir, int port);

  private:
    pid_t m_pid = -1;
};

} // namespace test

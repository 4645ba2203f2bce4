#pragma once

// A real nginx (Debian's package) serving a folder on 127.0.0.1, started by
// the test with a generated configuration in a temporary folder and stopped
// when the object goes. `available()` is false when nginx is not installed.

#include "integration/nginx_process.h"

#include <filesystem>
#include <string>

namespace test {

class Nginx {
  public:
    static bool available();
    // Serves `root`. Under /slow/ the rate is limited to `slow_rate` bytes/s;
    // /error500/ always answers 500.
    Nginx(const std::filesystem::path& dir, const std::filesystem::path& root, int slow_rate);
    ~Nginx();
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;

    bool running() const { return m_ready; }
    std::string url(const std::string& path) const;
    // Requests for `path` in nginx's access log so far.
    int requests_for(const std::string& path) const;
    std::string error_log() const;

  private:
    std::filesystem::path m_dir;
    int m_port = 0;
    bool m_ready = false;
    NginxProcess m_process; // last: stopped first
};

} // namespace test

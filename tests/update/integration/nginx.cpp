#include "nginx.h"

#include "bundle_helpers.h"

#include <chrono>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;

namespace test {

bool Nginx::available() {
    return nginx_binary() != nullptr;
}

Nginx::Nginx(const fs::path& dir, const fs::path& root, int slow_rate) : m_dir(dir) {
    m_port = free_port();
    fs::create_directories(dir);
    std::ofstream conf(dir / "nginx.conf");
    conf << nginx_main_context(dir) << "http {\n"
         << "  access_log " << (dir / "access.log").string() << ";\n"
         << nginx_temp_paths(dir);
    conf << "  default_type application/octet-stream;\n"
         << "  server {\n"
         << "    listen 127.0.0.1:" << m_port << ";\n"
         << "    root " << root.string() << ";\n"
         << "    etag on;\n"
         << "    location /slow/ { limit_rate " << slow_rate << "; }\n"
         << "    location /error500/ { return 500; }\n"
         << "  }\n}\n";
    conf.close();
    m_ready = m_process.start(dir, m_port);
}

Nginx::~Nginx() = default;

std::string Nginx::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/" + path;
}

int Nginx::requests_for(const std::string& path) const {
    // nginx logs a request after answering it: give the last one a moment.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::ifstream log(m_dir / "access.log");
    std::string line;
    int count = 0;
    while (std::getline(log, line))
        if (line.find("GET /" + path + " ") != std::string::npos)
            ++count;
    return count;
}

std::string Nginx::error_log() const {
    return read_file(m_dir / "error.log");
}

} // namespace test

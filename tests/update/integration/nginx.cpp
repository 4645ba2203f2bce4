#include "nginx.h"

#include "bundle_helpers.h"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace test {

namespace {

const char* nginx_binary() {
    for (const char* path : {"/usr/sbin/nginx", "/usr/bin/nginx"})
        if (access(path, X_OK) == 0)
            return path;
    return nullptr;
}

bool accepts(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return ok;
}

} // namespace

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

bool Nginx::available() {
    return nginx_binary() != nullptr;
}

Nginx::Nginx(const fs::path& dir, const fs::path& root, int slow_rate) : m_dir(dir) {
    m_port = free_port();
    fs::create_directories(dir / "temp");
    std::ofstream conf(dir / "nginx.conf");
    conf << (geteuid() == 0 ? "user root;\n" : "") << "daemon off;\nmaster_process off;\n"
         << "pid " << (dir / "nginx.pid").string() << ";\n"
         << "error_log " << (dir / "error.log").string() << " info;\n"
         << "events { worker_connections 64; }\n"
         << "http {\n"
         << "  access_log " << (dir / "access.log").string() << ";\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        conf << "  " << temp << "_temp_path " << (dir / "temp" / temp).string() << ";\n";
    conf << "  default_type application/octet-stream;\n"
         << "  server {\n"
         << "    listen 127.0.0.1:" << m_port << ";\n"
         << "    root " << root.string() << ";\n"
         << "    etag on;\n"
         << "    location /slow/ { limit_rate " << slow_rate << "; }\n"
         << "    location /error500/ { return 500; }\n"
         << "  }\n}\n";
    conf.close();
    m_pid = fork();
    if (m_pid == 0) {
        execl(nginx_binary(), "nginx", "-p", dir.c_str(), "-e", (dir / "error.log").c_str(), "-c",
              (dir / "nginx.conf").c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 100 && !m_ready; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        m_ready = accepts(m_port);
    }
}

Nginx::~Nginx() {
    if (m_pid > 0) {
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
    }
}

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

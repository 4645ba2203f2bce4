#include "dav_server.h"

#include "integration/helpers.h"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace test {

namespace {

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

int unused_port() {
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

bool DavServer::available() {
    return access("/usr/sbin/nginx", X_OK) == 0 && access("/usr/bin/openssl", X_OK) == 0;
}

DavServer::DavServer(const fs::path& dir) : m_dir(dir) {
    m_port = unused_port();
    fs::create_directories(dir / "temp");
    fs::create_directories(dir / "root" / "reports");
    auto hash = run("openssl passwd -apr1 secret");
    std::string line = hash.output.substr(0, hash.output.find('\n'));
    std::ofstream(dir / "htpasswd") << "reporter:" << line << "\n";
    std::ofstream conf(dir / "nginx.conf");
    conf << (geteuid() == 0 ? "user root;\n" : "") << "daemon off;\nmaster_process off;\n"
         << "pid " << (dir / "nginx.pid").string() << ";\n"
         << "error_log " << (dir / "error.log").string() << " info;\n"
         << "events { worker_connections 64; }\n"
         << "http {\n"
         << "  log_format puts '$request_method $uri $status';\n"
         << "  access_log " << (dir / "access.log").string() << " puts;\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        conf << "  " << temp << "_temp_path " << (dir / "temp" / temp).string() << ";\n";
    conf << "  server {\n"
         << "    listen 127.0.0.1:" << m_port << ";\n"
         << "    root " << (dir / "root").string() << ";\n"
         << "    client_max_body_size 128k;\n"
         << "    location /reports/ {\n"
         << "      if (-f " << (dir / "FLAG").string() << ") { return 500; }\n"
         << "      dav_methods PUT;\n"
         << "      dav_access user:rw group:r all:r;\n"
         << "      auth_basic \"reports\";\n"
         << "      auth_basic_user_file " << (dir / "htpasswd").string() << ";\n"
         << "    }\n"
         << "    location /full/ { return 507; }\n"
         << "    location /broken/ { return 500; }\n"
         << "  }\n}\n";
    conf.close();
    m_pid = fork();
    if (m_pid == 0) {
        execl("/usr/sbin/nginx", "nginx", "-p", dir.c_str(), "-e", (dir / "error.log").c_str(),
              "-c", (dir / "nginx.conf").c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 100 && !m_ready; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        m_ready = accepts(m_port);
    }
}

DavServer::~DavServer() {
    if (m_pid > 0) {
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
    }
}

std::string DavServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/" + path;
}

void DavServer::set_failing(bool failing) const {
    if (failing)
        std::ofstream(m_dir / "FLAG") << "x";
    else
        fs::remove(m_dir / "FLAG");
}

int DavServer::puts(const std::string& prefix) const {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::ifstream log(m_dir / "access.log");
    std::string line;
    int count = 0;
    while (std::getline(log, line))
        if (line.rfind("PUT /" + prefix, 0) == 0)
            ++count;
    return count;
}

} // namespace test

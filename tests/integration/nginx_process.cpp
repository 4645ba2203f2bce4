#include "nginx_process.h"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace test {

const char* nginx_binary() {
    for (const char* path : {"/usr/sbin/nginx", "/usr/bin/nginx"})
        if (access(path, X_OK) == 0)
            return path;
    return nullptr;
}

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

bool accepts_connections(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return ok;
}

std::string nginx_main_context(const fs::path& dir) {
    fs::create_directories(dir / "temp");
    std::string conf = geteuid() == 0 ? "user root;\n" : "";
    conf += "daemon off;\nmaster_process off;\n";
    conf += "pid " + (dir / "nginx.pid").string() + ";\n";
    conf += "error_log " + (dir / "error.log").string() + " info;\n";
    conf += "events { worker_connections 64; }\n";
    return conf;
}

std::string nginx_temp_paths(const fs::path& dir) {
    std::string lines;
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        lines += std::string("  ") + temp + "_temp_path " + (dir / "temp" / temp).string() + ";\n";
    return lines;
}

bool NginxProcess::start(const fs::path& dir, int port) {
    const char* binary = nginx_binary();
    if (!binary)
        return false;
    m_pid = fork();
    if (m_pid == 0) {
        execl(binary, "nginx", "-p", dir.c_str(), "-e", (dir / "error.log").c_str(), "-c",
              (dir / "nginx.conf").c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 400; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (accepts_connections(port))
            return true;
        int status = 0;
        if (m_pid > 0 && waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1; // exited: a bad configuration, see error.log
            return false;
        }
    }
    return false;
}

NginxProcess::~NginxProcess() {
    if (m_pid > 0) {
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
    }
}

} // namespace test

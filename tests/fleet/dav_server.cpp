#include "dav_server.h"

#include "integration/helpers.h"

#include <chrono>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace test {

namespace {

// Debian's libnginx-mod-http-dav-ext: PROPFIND, which nginx's own dav
// module does not answer.
constexpr const char* dav_ext_module = "/usr/lib/nginx/modules/ngx_http_dav_ext_module.so";

} // namespace

bool DavServer::available() {
    return nginx_binary() != nullptr && access("/usr/bin/openssl", X_OK) == 0 &&
           access(dav_ext_module, R_OK) == 0;
}

DavServer::DavServer(const fs::path& dir) : m_dir(dir) {
    m_port = free_port();
    fs::create_directories(dir / "root" / "reports");
    auto hash = run("openssl passwd -apr1 secret");
    std::string line = hash.output.substr(0, hash.output.find('\n'));
    std::ofstream(dir / "htpasswd") << "reporter:" << line << "\n";
    std::ofstream conf(dir / "nginx.conf");
    conf << "load_module " << dav_ext_module << ";\n"
         << nginx_main_context(dir) << "http {\n"
         << "  log_format puts '$request_method $uri $status';\n"
         << "  access_log " << (dir / "access.log").string() << " puts;\n"
         << nginx_temp_paths(dir);
    conf << "  server {\n"
         << "    listen 127.0.0.1:" << m_port << ";\n"
         << "    root " << (dir / "root").string() << ";\n"
         << "    client_max_body_size 128k;\n"
         << "    location /reports/ {\n"
         << "      if (-f " << (dir / "FLAG").string() << ") { return 500; }\n"
         << "      dav_methods PUT;\n"
         << "      dav_ext_methods PROPFIND OPTIONS;\n"
         << "      dav_access user:rw group:r all:r;\n"
         << "      auth_basic \"reports\";\n"
         << "      auth_basic_user_file " << (dir / "htpasswd").string() << ";\n"
         << "    }\n"
         << "    location /full/ { return 507; }\n"
         << "    location /broken/ { return 500; }\n"
         << "  }\n}\n";
    conf.close();
    m_ready = m_process.start(dir, m_port);
}

DavServer::~DavServer() = default;

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
    return requests("PUT", prefix);
}

int DavServer::requests(const std::string& method, const std::string& prefix) const {
    // nginx logs a request after answering it: give the last one a moment.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::ifstream log(m_dir / "access.log");
    std::string line;
    int count = 0;
    while (std::getline(log, line))
        if (line.rfind(method + " /" + prefix, 0) == 0)
            ++count;
    return count;
}

} // namespace test

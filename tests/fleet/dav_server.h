#pragma once

// A real nginx (Debian's package) taking WebDAV PUTs on 127.0.0.1, with
// basic auth from an htpasswd file made by `openssl passwd -apr1`, started
// by the test in a temporary folder and stopped when the object goes
// (integration/nginx_process.h).
//   /reports/      PUT, GET and PROPFIND (the dav_ext module) with basic
//                  auth (user "reporter", password "secret"); answers 500
//                  while the file FLAG exists (set_failing())
//   /full/         always 507 Insufficient Storage
//   /broken/       always 500

#include "integration/nginx_process.h"

#include <filesystem>
#include <string>

namespace test {

class DavServer {
  public:
    static bool available(); // nginx, its dav_ext module and openssl are installed
    explicit DavServer(const std::filesystem::path& dir);
    ~DavServer();
    DavServer(const DavServer&) = delete;
    DavServer& operator=(const DavServer&) = delete;

    bool running() const { return m_ready; }
    std::string url(const std::string& path) const;
    std::filesystem::path root() const { return m_dir / "root"; }
    void set_failing(bool failing) const;
    // PUT requests for paths starting with `prefix`, and their statuses.
    int puts(const std::string& prefix) const;
    // Requests of `method` for paths starting with `prefix`.
    int requests(const std::string& method, const std::string& prefix) const;

  private:
    std::filesystem::path m_dir;
    int m_port = 0;
    bool m_ready = false;
    NginxProcess m_process; // last: stopped first
};

} // namespace test

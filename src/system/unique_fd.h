#pragma once

// A file descriptor owned by one object and closed when it goes: the one
// such type for every layer (header only; the C library's close() alone).

#include <unistd.h>
#include <utility>

namespace beacon::system {

// Ownership: closes the descriptor it holds on destruction or reset();
// release() hands it back to the caller. Move-only.
class UniqueFd {
  public:
    explicit UniqueFd(int fd = -1) : m_fd(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        reset();
        m_fd = std::exchange(other.m_fd, -1);
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return m_fd; }
    explicit operator bool() const { return m_fd >= 0; }
    int release() { return std::exchange(m_fd, -1); }
    void reset() {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

  private:
    int m_fd;
};

} // namespace beacon::system

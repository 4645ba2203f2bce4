#pragma once

// Errors are values: a fallible call returns Result<T>, which holds either a
// value or an Error saying what failed and where.

#include <string>
#include <utility>
#include <variant>

namespace beacon {

struct Error {
    std::string message;
};

template <typename T> class [[nodiscard]] Result {
  public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() { return std::get<T>(m_state); }
    const T& value() const { return std::get<T>(m_state); }
    T&& release_value() { return std::move(std::get<T>(m_state)); }
    const Error& error() const { return std::get<Error>(m_state); }

  private:
    std::variant<T, Error> m_state;
};

// For calls that return nothing on success.
struct Done {};
using Status = Result<Done>;

} // namespace beacon

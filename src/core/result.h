#pragma once

// Errors are values: a fallible call returns Result<T>, which holds either a
// value or an Error (core/error.h) saying what failed, where, and what kind
// of failure it was. TRY() below passes an error up, as SerenityOS's does.

#include "core/error.h"

#include <utility>
#include <variant>

namespace beacon {

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

// TRY(expression): evaluates a Result; on an error, returns that Error from
// the enclosing function (whose return type takes an Error), otherwise gives
// the value. A GCC statement expression (g++ and clang both have them):
//     auto file = TRY(fs.open_read(path));
// The Result lives until the end of the statement, so the value is moved
// out of it, never referenced after it is gone.
#define TRY(expression)                                                                            \
    ({                                                                                             \
        auto&& beacon_try_result_ = (expression);                                                  \
        if (!beacon_try_result_.ok())                                                              \
            return beacon_try_result_.error();                                                     \
        beacon_try_result_.release_value();                                                        \
    })

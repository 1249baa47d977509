#pragma once
// The error vocabulary of core/: a function that can fail returns Result<T>
// (a value or an Error with a message a user can act on). No exception
// crosses a module or thread boundary.
#include <string>
#include <utility>
#include <variant>

namespace mote {

struct Error {
    std::string message;  // one line, says what went wrong and what to do
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_data); }
    const std::string& message() const { return error().message; }

private:
    std::variant<T, Error> m_data;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const { return m_error; }
    const std::string& message() const { return m_error.message; }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

inline Error makeError(std::string message) { return Error{std::move(message)}; }

}  // namespace mote

#pragma once
// Transport: a byte pipe to a board (real serial port or pseudo-terminal).
//
// Contract
// - One object = one open port. Not thread-safe: use from one thread at a
//   time (DeviceSession keeps it on its worker thread).
// - read()/write() never block longer than their timeout.
// - When the board goes away (USB unplug, simulator killed: EOF / EIO / the
//   path disappears) the call fails, disconnected() turns true and the port
//   is closed; open a new Transport to reconnect.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"

namespace mote::serial {

struct SerialSettings {
    int baudRate = 115200;  // ignored by ptys (no real line)
};

class Transport {
public:
    virtual ~Transport() = default;

    // Reads what is available, waiting up to `timeout` for the first byte.
    // Returns 0 on timeout. Fails on disconnect or another I/O error.
    virtual Result<size_t> read(uint8_t* buffer, size_t capacity, std::chrono::milliseconds timeout) = 0;
    // Writes all bytes or fails (timeout, disconnect).
    virtual Status write(const uint8_t* data, size_t size, std::chrono::milliseconds timeout) = 0;
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    // True once the board went away (EOF/EIO); the transport is then closed.
    virtual bool disconnected() const = 0;
    // "pty" or "serial".
    virtual const char* kind() const = 0;
    const std::string& path() const { return m_path; }

protected:
    explicit Transport(std::string path) : m_path(std::move(path)) {}
    std::string m_path;
};

// True when `path` (after following symlinks) is a pseudo-terminal or
// another tty that libserialport cannot open (not under /sys/class/tty).
bool isPseudoTerminal(const std::string& path);

// Opens `path` with the right backend: POSIX termios for ptys, libserialport
// for everything else. The error names the port and the reason.
Result<std::unique_ptr<Transport>> openTransport(const std::string& path, const SerialSettings& settings = {});

}  // namespace mote::serial

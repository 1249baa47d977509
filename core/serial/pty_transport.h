#pragma once
// Transport backend for pseudo-terminals (the simulated board, QEMU's
// -serial pty): POSIX open + raw termios + poll(). libserialport cannot open
// ptys (it looks names up under /sys/class/tty). Same contract as Transport.
#include "serial/transport.h"

namespace mote::serial {

class PtyTransport final : public Transport {
public:
    static Result<std::unique_ptr<Transport>> open(const std::string& path);
    ~PtyTransport() override;

    Result<size_t> read(uint8_t* buffer, size_t capacity, std::chrono::milliseconds timeout) override;
    Status write(const uint8_t* data, size_t size, std::chrono::milliseconds timeout) override;
    void close() override;
    bool isOpen() const override { return m_fd >= 0; }
    bool disconnected() const override { return m_disconnected; }
    const char* kind() const override { return "pty"; }

private:
    PtyTransport(std::string path, int fd) : Transport(std::move(path)), m_fd(fd) {}
    Error lost(const char* what);
    int m_fd = -1;
    bool m_disconnected = false;
};

}  // namespace mote::serial

#pragma once
// Transport backend for real serial ports (USB CDC, FTDI, on-board UARTs)
// through libserialport: 8N1, no flow control, the requested baud rate.
// Same contract as Transport.
#include "serial/transport.h"

struct sp_port;
struct sp_event_set;

namespace mote::serial {

class SerialPortTransport final : public Transport {
public:
    static Result<std::unique_ptr<Transport>> open(const std::string& path, const SerialSettings& settings);
    ~SerialPortTransport() override;

    Result<size_t> read(uint8_t* buffer, size_t capacity, std::chrono::milliseconds timeout) override;
    Status write(const uint8_t* data, size_t size, std::chrono::milliseconds timeout) override;
    void close() override;
    bool isOpen() const override { return m_port != nullptr; }
    bool disconnected() const override { return m_disconnected; }
    const char* kind() const override { return "serial"; }

private:
    SerialPortTransport(std::string path, sp_port* port, sp_event_set* events)
        : Transport(std::move(path)), m_port(port), m_events(events) {}
    Error lost(const std::string& what);
    sp_port* m_port = nullptr;
    sp_event_set* m_events = nullptr;
    bool m_disconnected = false;
};

}  // namespace mote::serial

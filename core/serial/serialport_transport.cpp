#include "serial/serialport_transport.h"

#include <filesystem>

#include <libserialport.h>

namespace mote::serial {
namespace {

std::string spMessage() {
    char* msg = sp_last_error_message();
    std::string text = msg ? msg : "unknown error";
    sp_free_error_message(msg);
    return text;
}

}  // namespace

Result<std::unique_ptr<Transport>> SerialPortTransport::open(const std::string& path, const SerialSettings& settings) {
    sp_port* port = nullptr;
    if (sp_get_port_by_name(path.c_str(), &port) != SP_OK)
        return makeError("no serial port named " + path + " (run `mote devices` to list ports)");
    if (sp_open(port, SP_MODE_READ_WRITE) != SP_OK) {
        std::string msg = spMessage();
        sp_free_port(port);
        return makeError("cannot open " + path + ": " + msg + " (is it in use, or do you lack permission? try the dialout group)");
    }
    if (sp_set_baudrate(port, settings.baudRate) != SP_OK || sp_set_bits(port, 8) != SP_OK ||
        sp_set_parity(port, SP_PARITY_NONE) != SP_OK || sp_set_stopbits(port, 1) != SP_OK ||
        sp_set_flowcontrol(port, SP_FLOWCONTROL_NONE) != SP_OK) {
        std::string msg = spMessage();
        sp_close(port);
        sp_free_port(port);
        return makeError("cannot configure " + path + " for " + std::to_string(settings.baudRate) + " baud 8N1: " + msg);
    }
    sp_event_set* events = nullptr;
    if (sp_new_event_set(&events) != SP_OK || sp_add_port_events(events, port, SP_EVENT_RX_READY) != SP_OK) {
        if (events)
            sp_free_event_set(events);
        sp_close(port);
        sp_free_port(port);
        return makeError("cannot wait for data on " + path);
    }
    return std::unique_ptr<Transport>(new SerialPortTransport(path, port, events));
}

SerialPortTransport::~SerialPortTransport() { close(); }

void SerialPortTransport::close() {
    if (m_events) {
        sp_free_event_set(m_events);
        m_events = nullptr;
    }
    if (m_port) {
        sp_close(m_port);
        sp_free_port(m_port);
        m_port = nullptr;
    }
}

Error SerialPortTransport::lost(const std::string& what) {
    m_disconnected = true;
    close();
    return makeError("board disconnected from " + m_path + " (" + what + ")");
}

Result<size_t> SerialPortTransport::read(uint8_t* buffer, size_t capacity, std::chrono::milliseconds timeout) {
    if (!m_port)
        return makeError(m_path + " is not open");
    if (sp_wait(m_events, static_cast<unsigned>(timeout.count())) != SP_OK)
        return lost(spMessage());
    sp_return n = sp_nonblocking_read(m_port, buffer, capacity);
    if (n < 0)
        return lost(spMessage());
    if (n == 0 && !std::filesystem::exists(m_path))
        return lost("the port disappeared");
    // A USB port that was unplugged reports readable with nothing to read:
    // the path check above turns that into a disconnect.
    return static_cast<size_t>(n);
}

Status SerialPortTransport::write(const uint8_t* data, size_t size, std::chrono::milliseconds timeout) {
    if (!m_port)
        return makeError(m_path + " is not open");
    sp_return n = sp_blocking_write(m_port, data, size, static_cast<unsigned>(timeout.count()));
    if (n < 0)
        return lost(spMessage());
    if (static_cast<size_t>(n) != size)
        return makeError("write to " + m_path + " timed out (" + std::to_string(n) + " of " + std::to_string(size) + " bytes sent)");
    return {};
}

}  // namespace mote::serial

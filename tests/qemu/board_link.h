#pragma once
// Test helper: speaks the wire protocol to a board over a Transport
// (protocol encoder/decoder directly, no DeviceSession), so the QEMU tests
// exercise the real pty and the real firmware.
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "protocol/frame_decoder.h"
#include "protocol/messages.h"
#include "serial/transport.h"

namespace mote::test {

class BoardLink {
public:
    explicit BoardLink(std::unique_ptr<serial::Transport> transport) : m_transport(std::move(transport)) {}

    Status send(const protocol::AnyMessage& message) {
        auto frame = protocol::encodeMessage(m_encoder, message);
        if (!frame)
            return frame.error();
        return m_transport->write(frame->data(), frame->size(), std::chrono::milliseconds(2000));
    }

    // Next message of type T within `timeout`; other messages are kept in
    // `skipped` for inspection.
    template <typename T>
    Result<T> waitFor(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            while (!m_inbox.empty()) {
                auto message = std::move(m_inbox.front());
                m_inbox.pop_front();
                if (auto* typed = std::get_if<T>(&message))
                    return std::move(*typed);
                skipped.push_back(std::move(message));
            }
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline)
                return makeError("timed out waiting for a message from the board");
            auto status = pump(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
            if (!status)
                return status.error();
        }
    }

    // Reads once (up to `timeout`) and decodes what arrived.
    Status pump(std::chrono::milliseconds timeout) {
        uint8_t buffer[4096];
        auto n = m_transport->read(buffer, sizeof buffer, std::min(timeout, std::chrono::milliseconds(100)));
        if (!n)
            return n.error();
        m_decoder.push(buffer, *n, [this](const protocol::Frame& frame) {
            auto decoded = protocol::decodeMessage(frame);
            if (decoded)
                m_inbox.push_back(std::move(*decoded));
        });
        return {};
    }

    serial::Transport& transport() { return *m_transport; }
    const protocol::DecoderCounters& counters() const { return m_decoder.counters(); }

    std::vector<protocol::AnyMessage> skipped;

private:
    std::unique_ptr<serial::Transport> m_transport;
    protocol::FrameEncoder m_encoder;
    protocol::FrameDecoder m_decoder;
    std::deque<protocol::AnyMessage> m_inbox;
};

}  // namespace mote::test

#pragma once
// In-memory port for agent unit tests: a link whose write side can be
// throttled or blocked, and a clock the test moves by hand.
#include <deque>
#include <vector>

#include "agent/agent.h"
#include "protocol/frame_decoder.h"
#include "protocol/messages.h"

namespace mote::agent::test {

class MemoryLink final : public Link {
public:
    // Room for everything one poll() can send, so the test's side of the
    // link does not allocate while the no-heap test counts.
    MemoryLink() { m_toHost.reserve(1 << 16); }

    size_t write(const uint8_t* data, size_t size) override {
        const size_t n = size < m_writeBudget ? size : m_writeBudget;
        m_writeBudget -= n;
        m_toHost.insert(m_toHost.end(), data, data + n);
        return n;
    }
    size_t read(uint8_t* data, size_t capacity) override {
        size_t n = 0;
        while (n < capacity && !m_toBoard.empty()) {
            data[n++] = m_toBoard.front();
            m_toBoard.pop_front();
        }
        return n;
    }

    // Host side.
    void send(protocol::FrameEncoder& encoder, const protocol::AnyMessage& message) {
        auto frame = protocol::encodeMessage(encoder, message);
        m_toBoard.insert(m_toBoard.end(), frame.value().begin(), frame.value().end());
    }
    std::vector<protocol::AnyMessage> receive(protocol::FrameDecoder& decoder) {
        std::vector<protocol::AnyMessage> out;
        decoder.push(m_toHost.data(), m_toHost.size(), [&](const protocol::Frame& f) {
            auto m = protocol::decodeMessage(f);
            if (m.ok())
                out.push_back(m.value());
        });
        m_toHost.clear();
        return out;
    }
    // Raw host->board byte (no allocation once the deque has room).
    void pushToBoard(uint8_t byte) { m_toBoard.push_back(byte); }
    void discardToHost() { m_toHost.clear(); }
    // Bytes the link accepts from now on (SIZE_MAX = unlimited).
    void setWriteBudget(size_t bytes) { m_writeBudget = bytes; }

private:
    std::deque<uint8_t> m_toBoard;
    std::vector<uint8_t> m_toHost;
    size_t m_writeBudget = SIZE_MAX;
};

class ManualClock final : public Clock {
public:
    uint64_t nowUs() override { return m_now; }
    void advance(uint64_t us) { m_now += us; }

private:
    uint64_t m_now = 1000;
};

template <typename T>
std::vector<T> only(const std::vector<protocol::AnyMessage>& messages) {
    std::vector<T> out;
    for (const auto& m : messages)
        if (const T* t = std::get_if<T>(&m))
            out.push_back(*t);
    return out;
}

}  // namespace mote::agent::test

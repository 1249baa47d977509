#pragma once
// Single-producer single-consumer byte ring shared between an interrupt
// handler and the main loop. Capacity is a power of two; head/tail are
// free-running counters, each written by one side only, so no lock is needed
// on a single core (the volatile accesses keep the compiler from caching them).
#include <cstddef>
#include <cstdint>

namespace mote::port {

template <size_t kCapacity>
class ByteRing {
    static_assert((kCapacity & (kCapacity - 1)) == 0, "capacity must be a power of two");

public:
    bool push(uint8_t byte) {
        const uint32_t head = m_head;
        if (head - m_tail == kCapacity)
            return false;
        m_data[head & (kCapacity - 1)] = byte;
        m_head = head + 1;
        return true;
    }
    bool pop(uint8_t& byte) {
        const uint32_t tail = m_tail;
        if (m_head == tail)
            return false;
        byte = m_data[tail & (kCapacity - 1)];
        m_tail = tail + 1;
        return true;
    }
    size_t size() const { return m_head - m_tail; }
    bool empty() const { return m_head == m_tail; }
    size_t space() const { return kCapacity - size(); }

private:
    uint8_t m_data[kCapacity];
    volatile uint32_t m_head = 0;  // written by the producer only
    volatile uint32_t m_tail = 0;  // written by the consumer only
};

}  // namespace mote::port

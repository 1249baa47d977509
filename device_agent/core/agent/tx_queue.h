#pragma once
// Byte FIFO of encoded frames waiting for the link. Frames are appended
// whole or not at all, so the link never carries half a frame followed by
// another one. Single context (the agent loop). No heap.
#include <cstddef>
#include <cstdint>

#include "agent/port.h"

namespace mote::agent {

template <size_t kCapacity>
class TxQueue {
public:
    size_t freeSpace() const { return kCapacity - m_size; }
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    // Appends one encoded frame; false (nothing written) if it does not fit.
    bool push(const uint8_t* data, size_t size) {
        if (size > freeSpace())
            return false;
        for (size_t i = 0; i < size; ++i)
            m_bytes[(m_start + m_size + i) % kCapacity] = data[i];
        m_size += size;
        return true;
    }

    // Writes as much as the link accepts; returns bytes written.
    size_t drainTo(Link& link) {
        size_t written = 0;
        while (m_size > 0) {
            const size_t contiguous = (m_start + m_size <= kCapacity) ? m_size : kCapacity - m_start;
            const size_t n = link.write(m_bytes + m_start, contiguous);
            if (n == 0)
                break;
            m_start = (m_start + n) % kCapacity;
            m_size -= n;
            written += n;
        }
        return written;
    }

    void clear() { m_start = m_size = 0; }

private:
    uint8_t m_bytes[kCapacity];
    size_t m_start = 0;
    size_t m_size = 0;
};

}  // namespace mote::agent

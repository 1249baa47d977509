#pragma once
// Fixed-capacity single-producer / single-consumer queue of sample blocks
// between the sensor side and the link side. Each block becomes one
// SampleChunk frame, so a block carries what the frame needs (first sample
// index, device timestamp, count). When the consumer falls behind the
// producer finds no free block: it must drop samples and count them (the
// agent reports them as overrun), never overwrite queued data.
//
// Thread/ISR safety: one producer context and one consumer context; the
// indices are atomics with acquire/release ordering (lock-free on
// Cortex-M3/M4 and on Linux). No heap.
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace mote::agent {

struct SampleBlock {
    uint32_t firstIndex = 0;
    uint64_t timestampUs = 0;
    uint16_t sampleCount = 0;
    bool last = false;
};

template <size_t kBlocks, size_t kValuesPerBlock>
class ChunkRing {
    static_assert(kBlocks >= 2 && (kBlocks & (kBlocks - 1)) == 0, "block count: power of two");

public:
    static constexpr size_t kValues = kValuesPerBlock;

    // --- producer side ---
    // The block being filled, or nullptr when the ring is full.
    SampleBlock* producerBlock(int16_t** values) {
        const size_t head = m_head.load(std::memory_order_relaxed);
        const size_t tail = m_tail.load(std::memory_order_acquire);
        if (head - tail >= kBlocks)
            return nullptr;
        *values = m_values[head % kBlocks];
        return &m_blocks[head % kBlocks];
    }
    // Makes the block returned by producerBlock() visible to the consumer.
    void commit() { m_head.store(m_head.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

    // --- consumer side ---
    // The oldest committed block, or nullptr when empty.
    const SampleBlock* consumerBlock(const int16_t** values) const {
        const size_t tail = m_tail.load(std::memory_order_relaxed);
        if (m_head.load(std::memory_order_acquire) == tail)
            return nullptr;
        *values = m_values[tail % kBlocks];
        return &m_blocks[tail % kBlocks];
    }
    void release() { m_tail.store(m_tail.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

    size_t queued() const {
        return m_head.load(std::memory_order_acquire) - m_tail.load(std::memory_order_acquire);
    }
    // Only when neither side is active (sampling stopped).
    void clear() {
        m_head.store(0, std::memory_order_relaxed);
        m_tail.store(0, std::memory_order_relaxed);
    }

private:
    SampleBlock m_blocks[kBlocks];
    int16_t m_values[kBlocks][kValuesPerBlock];
    std::atomic<size_t> m_head{0};  // blocks committed by the producer
    std::atomic<size_t> m_tail{0};  // blocks released by the consumer
};

}  // namespace mote::agent

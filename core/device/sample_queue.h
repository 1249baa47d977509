#pragma once
// Thread-safe hand-over of SampleBatches from the session's worker thread
// (producer, in SessionCallbacks::onSamples) to a consumer thread (the
// Recorder, the CLI monitor). Bounded: when the consumer stalls, the oldest
// batches are dropped and counted rather than growing without limit.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "device/session_types.h"

namespace mote::device {

class SampleQueue {
public:
    explicit SampleQueue(size_t maxBatches = 20000) : m_max(maxBatches) {}

    void push(const SampleBatch& batch) {
        {
            std::lock_guard lock(m_mutex);
            m_batches.push_back(batch);
            if (m_batches.size() > m_max) {
                m_batches.pop_front();
                ++m_overflow;
            }
        }
        m_ready.notify_one();
    }
    // The oldest batch, waiting at most `timeout`.
    std::optional<SampleBatch> pop(std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_mutex);
        if (!m_ready.wait_for(lock, timeout, [this] { return !m_batches.empty(); }))
            return std::nullopt;
        SampleBatch b = std::move(m_batches.front());
        m_batches.pop_front();
        return b;
    }
    void clear() {
        std::lock_guard lock(m_mutex);
        m_batches.clear();
    }
    // Batches dropped because the consumer fell behind.
    uint64_t overflow() const {
        std::lock_guard lock(m_mutex);
        return m_overflow;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<SampleBatch> m_batches;
    size_t m_max;
    uint64_t m_overflow = 0;
};

}  // namespace mote::device

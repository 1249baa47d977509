#pragma once
// Live inference as the studio sees it: InferenceResult messages from a
// board (DeviceSession::onInference) turned into LiveResult values with the
// label names, the board's timing, and a smoothed current label. Shared by
// `mote live` and the GUI Live page.
//
//   LiveInference live(caps.model->labels, {});
//   callbacks.onInference = [&](const auto& r) { live.push(r); };   // worker thread
//   ... session.startInference("imu", 0) ...
//   for (const LiveResult& r : live.drain()) show(r);               // any thread
//
// Smoothing: the label shown is the majority of the top labels of the last
// `majorityWindow` results (ties go to the most recent), and only when the
// exponentially averaged score of that label (EMA with `emaAlpha`) is at
// least `minScore`; otherwise smoothedLabel is "uncertain".
//
// Threads: push() may be called from the session's worker thread while
// another thread calls drain()/latest()/reset(); all methods lock an
// internal mutex. The optional callback runs on the pushing thread.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "protocol/messages.h"

namespace mote::device {

class DeviceSession;

struct LiveOptions {
    int majorityWindow = 5;     // results the majority vote looks at (>= 1)
    double emaAlpha = 0.4;      // weight of the newest scores in the EMA (0..1]
    double minScore = 0.5;      // below this the smoothed label is "uncertain"
    size_t maxQueued = 4096;    // drain() backlog bound; oldest results are dropped past it
};

struct LiveResult {
    uint64_t index = 0;               // 0, 1, 2, ... since construction / reset()
    uint64_t boardTimestampUs = 0;    // board clock at the end of the window
    double hostSeconds = 0;           // host time since the first result
    std::vector<float> scores;        // one per label
    std::vector<float> smoothedScores;  // EMA of scores
    int topIndex = 0;
    std::string topLabel;
    int smoothedIndex = -1;           // -1 = uncertain
    std::string smoothedLabel;        // label name or "uncertain"
    uint32_t dspUs = 0, modelUs = 0;
    uint64_t dspCycles = 0, modelCycles = 0;  // board clock cycles (QEMU: emulated, -icount)
};

// Pure smoothing state (no locking), usable on its own.
class LabelSmoother {
public:
    explicit LabelSmoother(size_t labelCount, LiveOptions options = {});
    // Feeds one result; returns the smoothed index (-1 = uncertain) and
    // leaves the EMA in smoothedScores().
    int add(int topIndex, const std::vector<float>& scores);
    const std::vector<float>& smoothedScores() const { return m_ema; }
    void reset();

private:
    LiveOptions m_options;
    std::vector<float> m_ema;
    std::deque<int> m_recent;
};

class LiveInference {
public:
    using Callback = std::function<void(const LiveResult&)>;
    LiveInference(std::vector<std::string> labels, LiveOptions options = {}, Callback onResult = {});

    // Converts, smooths, queues and (if set) calls the callback. A result
    // whose score count does not match the labels is still reported, with
    // labels named "class N" for the missing ones.
    void push(const protocol::InferenceResultMessage& message);
    // Everything pushed since the last drain(), oldest first.
    std::vector<LiveResult> drain();
    std::optional<LiveResult> latest() const;
    uint64_t count() const;
    void reset();
    const std::vector<std::string>& labels() const { return m_labels; }

private:
    const std::vector<std::string> m_labels;
    const LiveOptions m_options;
    const Callback m_onResult;
    mutable std::mutex m_mutex;
    LabelSmoother m_smoother;
    std::deque<LiveResult> m_queue;
    std::optional<LiveResult> m_latest;
    uint64_t m_count = 0;
    std::chrono::steady_clock::time_point m_first;
};

// Sends StartInference for `sensor` and waits for the board's Ack. Errors:
// no model on the board, unknown sensor, the board's refusal text (no
// impulse: "this firmware carries a model without an impulse..."), timeout.
Status startLiveInference(DeviceSession& session, const std::string& sensor, uint32_t strideSamples,
                          std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
Status stopLiveInference(DeviceSession& session,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

}  // namespace mote::device

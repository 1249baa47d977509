#include "device/live_inference.h"

#include <algorithm>

#include "device/device_session.h"

namespace mote::device {

LabelSmoother::LabelSmoother(size_t labelCount, LiveOptions options)
    : m_options(options), m_ema(labelCount, 0.0f) {
    m_options.majorityWindow = std::max(1, m_options.majorityWindow);
    if (!(m_options.emaAlpha > 0.0 && m_options.emaAlpha <= 1.0))
        m_options.emaAlpha = 1.0;
}

void LabelSmoother::reset() {
    std::fill(m_ema.begin(), m_ema.end(), 0.0f);
    m_recent.clear();
}

int LabelSmoother::add(int topIndex, const std::vector<float>& scores) {
    const bool first = m_recent.empty();
    if (scores.size() > m_ema.size())
        m_ema.resize(scores.size(), 0.0f);
    const auto alpha = static_cast<float>(m_options.emaAlpha);
    for (size_t i = 0; i < m_ema.size(); ++i) {
        const float s = i < scores.size() ? scores[i] : 0.0f;
        m_ema[i] = first ? s : alpha * s + (1.0f - alpha) * m_ema[i];
    }
    m_recent.push_back(topIndex);
    while (m_recent.size() > static_cast<size_t>(m_options.majorityWindow))
        m_recent.pop_front();
    // Majority vote; ties go to the label seen most recently.
    int best = -1;
    int bestVotes = 0;
    for (auto it = m_recent.rbegin(); it != m_recent.rend(); ++it) {
        const int votes = static_cast<int>(std::count(m_recent.begin(), m_recent.end(), *it));
        if (votes > bestVotes) {
            best = *it;
            bestVotes = votes;
        }
    }
    if (best < 0 || static_cast<size_t>(best) >= m_ema.size() || m_ema[static_cast<size_t>(best)] < m_options.minScore)
        return -1;
    return best;
}

LiveInference::LiveInference(std::vector<std::string> labels, LiveOptions options, Callback onResult)
    : m_labels(std::move(labels)),
      m_options(options),
      m_onResult(std::move(onResult)),
      m_smoother(m_labels.size(), options) {}

namespace {
std::string labelName(const std::vector<std::string>& labels, int index) {
    if (index >= 0 && static_cast<size_t>(index) < labels.size())
        return labels[static_cast<size_t>(index)];
    return "class " + std::to_string(index);
}
}  // namespace

void LiveInference::push(const protocol::InferenceResultMessage& message) {
    LiveResult r;
    {
        std::lock_guard lock(m_mutex);
        const auto now = std::chrono::steady_clock::now();
        if (m_count == 0)
            m_first = now;
        r.index = m_count++;
        r.hostSeconds = std::chrono::duration<double>(now - m_first).count();
        r.boardTimestampUs = message.timestampUs;
        r.scores = message.scores;
        r.topIndex = message.topIndex;
        r.topLabel = labelName(m_labels, r.topIndex);
        r.smoothedIndex = m_smoother.add(r.topIndex, r.scores);
        r.smoothedLabel = r.smoothedIndex < 0 ? std::string("uncertain") : labelName(m_labels, r.smoothedIndex);
        r.smoothedScores = m_smoother.smoothedScores();
        r.dspUs = message.dspUs;
        r.modelUs = message.modelUs;
        r.dspCycles = message.dspCycles;
        r.modelCycles = message.modelCycles;
        m_queue.push_back(r);
        while (m_queue.size() > std::max<size_t>(1, m_options.maxQueued))
            m_queue.pop_front();
        m_latest = r;
    }
    if (m_onResult)
        m_onResult(r);
}

std::vector<LiveResult> LiveInference::drain() {
    std::lock_guard lock(m_mutex);
    std::vector<LiveResult> out(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.end()));
    m_queue.clear();
    return out;
}

std::optional<LiveResult> LiveInference::latest() const {
    std::lock_guard lock(m_mutex);
    return m_latest;
}

uint64_t LiveInference::count() const {
    std::lock_guard lock(m_mutex);
    return m_count;
}

void LiveInference::reset() {
    std::lock_guard lock(m_mutex);
    m_smoother.reset();
    m_queue.clear();
    m_latest.reset();
    m_count = 0;
}

Status startLiveInference(DeviceSession& session, const std::string& sensor, uint32_t strideSamples,
                          std::chrono::milliseconds timeout) {
    auto seq = session.startInference(sensor, strideSamples);
    if (!seq)
        return seq.error();
    if (auto ok = session.waitReply(*seq, timeout); !ok)
        return makeError("live inference did not start: " + ok.message());
    return {};
}

Status stopLiveInference(DeviceSession& session, std::chrono::milliseconds timeout) {
    auto seq = session.stopInference();
    if (!seq)
        return seq.error();
    return session.waitReply(*seq, timeout);
}

}  // namespace mote::device

#include "inference/live_engine.h"

#include <cmath>
#include <cstring>

#include "dsp/dsp_block.h"

namespace mote::agent {

LiveEngine::LiveEngine(const ImpulseSpec& impulse, ModelRunner& model, Clock& clock, Sensor* const* sensors,
                       uint8_t sensorCount)
    : m_impulse(impulse), m_model(model), m_clock(clock), m_sensors(sensors), m_sensorCount(sensorCount) {}

float LiveEngine::begin(uint8_t sensorId, uint32_t strideSamples, const char** why) {
    m_active = false;
    const SensorSpec* spec = nullptr;
    for (uint8_t i = 0; i < m_sensorCount; ++i)
        if (m_sensors[i]->spec().id == sensorId)
            spec = &m_sensors[i]->spec();
    if (!spec) {
        *why = "no sensor with this id";
        return 0;
    }
    if (m_impulse.sensor && m_impulse.sensor[0] && std::strcmp(m_impulse.sensor, spec->name) != 0) {
        *why = "the impulse was trained on another sensor";
        return 0;
    }
    if (m_impulse.axisCount == 0 || m_impulse.axisCount > kMaxImpulseAxes || m_impulse.labelCount > kMaxLabels) {
        *why = "the generated impulse is inconsistent";
        return 0;
    }
    if (!m_impulse.axes) {
        // The impulse used every axis of its recordings, in order.
        if (spec->axisCount != m_impulse.axisCount) {
            *why = "the sensor's axis count differs from the impulse's";
            return 0;
        }
        for (uint8_t a = 0; a < m_impulse.axisCount; ++a) {
            m_sourceAxis[a] = a;
            m_scale[a] = spec->scales[a];
        }
    }
    for (uint8_t a = 0; m_impulse.axes && a < m_impulse.axisCount; ++a) {
        bool found = false;
        for (uint8_t s = 0; s < spec->axisCount && !found; ++s)
            if (std::strcmp(m_impulse.axes[a], spec->axes[s]) == 0) {
                m_sourceAxis[a] = s;
                m_scale[a] = spec->scales[s];
                found = true;
            }
        if (!found) {
            *why = "the sensor lacks an axis the impulse uses";
            return 0;
        }
    }
    uint32_t input = 0;
    uint8_t* buffer = m_model.input(0, &input);
    if (!buffer || input != m_impulse.featureCount) {
        *why = "the model's input does not match the impulse's feature count";
        return 0;
    }
    m_sensorId = sensorId;
    m_stride = strideSamples ? strideSamples : (m_impulse.strideFrames ? m_impulse.strideFrames : 1);
    m_head = m_filled = m_sinceLast = m_expected = 0;
    m_due = false;
    m_firstDone = false;
    m_active = true;
    return m_impulse.sampleRateHz;
}

void LiveEngine::end() {
    m_active = false;
    m_due = false;
}

void LiveEngine::onSamples(uint8_t sensorId, const int16_t* values, uint16_t sampleCount, uint8_t axisCount,
                           uint32_t firstIndex, uint64_t timestampUs) {
    if (!m_active || sensorId != m_sensorId)
        return;
    if (firstIndex != m_expected) {
        // Samples were dropped (link too slow): the window would be a splice
        // of two moments; start filling again.
        m_filled = 0;
        m_sinceLast = 0;
        m_due = false;
        m_firstDone = false;
    }
    m_expected = firstIndex + sampleCount;
    const uint32_t frames = m_impulse.windowFrames;
    const uint8_t axes = m_impulse.axisCount;
    for (uint16_t i = 0; i < sampleCount; ++i) {
        const int16_t* sample = values + static_cast<size_t>(i) * axisCount;
        int16_t* slot = m_impulse.ring + static_cast<size_t>(m_head) * axes;
        for (uint8_t a = 0; a < axes; ++a)
            slot[a] = m_sourceAxis[a] < axisCount ? sample[m_sourceAxis[a]] : 0;
        m_head = (m_head + 1) % frames;
        if (m_filled < frames)
            ++m_filled;
        ++m_sinceLast;
        // The first window runs as soon as it is full, then every stride.
        if (m_filled == frames && (!m_firstDone || m_sinceLast >= m_stride)) {
            m_due = true;
            m_firstDone = true;
            m_sinceLast = 0;
        }
    }
    // Device time at the end of the window: the chunk's first sample time
    // plus the samples after it.
    if (m_impulse.sampleRateHz > 0 && sampleCount > 0)
        m_lastUs = timestampUs + static_cast<uint64_t>((sampleCount - 1) * 1.0e6f / m_impulse.sampleRateHz);
}

void LiveEngine::runWindow(InferenceOutput& out) {
    const uint32_t frames = m_impulse.windowFrames;
    const uint8_t axes = m_impulse.axisCount;
    const uint64_t startUs = m_clock.nowUs();
    const uint64_t startCycles = m_clock.cycles();
    // Oldest frame first: the ring's head is the oldest once it is full.
    for (uint32_t f = 0; f < frames; ++f) {
        const int16_t* slot = m_impulse.ring + static_cast<size_t>((m_head + f) % frames) * axes;
        float* dst = m_impulse.window + static_cast<size_t>(f) * axes;
        for (uint8_t a = 0; a < axes; ++a)
            dst[a] = static_cast<float>(slot[a]) * m_scale[a];
    }
    const dsp::DspStatus status = dsp::compute(*m_impulse.dsp, m_impulse.window, frames, axes, m_impulse.features,
                                               m_impulse.scratch, m_impulse.scratchBytes);
    uint32_t inputBytes = 0;
    auto* input = reinterpret_cast<int8_t*>(m_model.input(0, &inputBytes));
    for (uint32_t i = 0; i < m_impulse.featureCount && i < inputBytes; ++i) {
        // Same rounding as the host quantizer (nn/quantize/tensor_float.cpp).
        const float x = status == dsp::DspStatus::kOk ? m_impulse.features[i] : 0.0f;
        long q = std::lround(static_cast<double>(x) / static_cast<double>(m_impulse.inputScale)) +
                 m_impulse.inputZeroPoint;
        q = q < -128 ? -128 : (q > 127 ? 127 : q);
        input[i] = static_cast<int8_t>(q);
    }
    const uint64_t dspCycles = m_clock.cycles() - startCycles;
    const uint64_t midUs = m_clock.nowUs();
    m_model.invoke();
    const uint64_t modelCycles = m_clock.cycles() - startCycles - dspCycles;
    const uint64_t endUs = m_clock.nowUs();

    uint32_t outputBytes = 0;
    const auto* output = reinterpret_cast<const int8_t*>(m_model.output(0, &outputBytes));
    const uint8_t count = m_impulse.labelCount < outputBytes ? m_impulse.labelCount : static_cast<uint8_t>(outputBytes);
    uint8_t top = 0;
    for (uint8_t i = 0; i < count; ++i) {
        m_scores[i] = static_cast<float>(output[i] - m_impulse.outputZeroPoint) * m_impulse.outputScale;
        if (output[i] > output[top])
            top = i;
    }
    out.timestampUs = m_lastUs;
    out.scores = m_scores;
    out.scoreCount = count;
    out.topIndex = top;
    out.dspUs = static_cast<uint32_t>(midUs - startUs);
    out.modelUs = static_cast<uint32_t>(endUs - midUs);
    out.dspCycles = dspCycles;
    out.modelCycles = modelCycles;
}

bool LiveEngine::takeResult(InferenceOutput& out) {
    if (!m_active || !m_due)
        return false;
    m_due = false;
    runWindow(out);
    return true;
}

}  // namespace mote::agent

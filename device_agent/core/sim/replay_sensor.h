#pragma once
// Replays recorded raw samples (interleaved int16, spec().axisCount per
// sample) in place of a live sensor, looping at the end. The port loads the
// recording (CSV, WAV) at start-up; this class only walks the buffer.
// Portable, no heap; the buffer and spec must outlive the sensor.
#include <cstddef>
#include <cstdint>

#include "agent/port.h"

namespace mote::sim {

class ReplaySensor final : public mote::agent::Sensor {
public:
    ReplaySensor(const mote::agent::SensorSpec& spec, const int16_t* values, size_t sampleCount)
        : m_spec(spec), m_values(values), m_count(sampleCount) {}

    const mote::agent::SensorSpec& spec() const override { return m_spec; }
    void begin(float) override { m_pos = 0; }
    void sample(uint32_t, uint64_t, int16_t* values) override {
        const uint8_t axes = m_spec.axisCount;
        for (uint8_t a = 0; a < axes; ++a)
            values[a] = m_count ? m_values[m_pos * axes + a] : 0;
        if (m_count && ++m_pos >= m_count)
            m_pos = 0;
    }

private:
    const mote::agent::SensorSpec& m_spec;
    const int16_t* m_values;
    size_t m_count;
    size_t m_pos = 0;
};

}  // namespace mote::sim

#pragma once
// Simulated 6-axis IMU (accelerometer m/s2 + gyroscope deg/s) performing one
// of five motion patterns. Patterns differ in dominant frequency, axes and
// amplitude, so a spectral/RMS classifier separates them, while slow random
// variation of frequency and amplitude, sensor noise, per-device bias, gain
// and mounting tilt (all derived from the seed) keep the task realistic.
//
// Portable (no heap). setPattern() may be called between samples from the
// agent loop; it is not safe from another thread.
#include <cstdint>

#include "agent/port.h"
#include "sim/random.h"

namespace mote::sim {

class ImuSimulator final : public mote::agent::Sensor {
public:
    static constexpr uint8_t kSensorId = 1;
    static constexpr float kAccelScale = 0.001f;  // m/s2 per LSB (+-32.7 m/s2)
    static constexpr float kGyroScale = 0.1f;     // deg/s per LSB (+-3276 deg/s)

    // `deviceSeed` fixes this board's offsets; the signal noise also derives from it.
    explicit ImuSimulator(uint32_t deviceSeed);

    const mote::agent::SensorSpec& spec() const override;
    void begin(float rateHz) override;
    void sample(uint32_t index, uint64_t timestampUs, int16_t* values) override;

    void setPattern(mote::wire::MotionPattern pattern) { m_pattern = pattern; }
    mote::wire::MotionPattern pattern() const { return m_pattern; }

    // Physical values (accX..gyrZ) of the last sample, for tests.
    const float* lastPhysical() const { return m_last; }

private:
    void physical(float dt, float* out);

    Random m_noise;
    mote::wire::MotionPattern m_pattern = mote::wire::MotionPattern::Idle;
    float m_accBias[3];
    float m_gyroBias[3];
    float m_gain[6];
    float m_gravity[3];     // gravity in the sensor frame (mounting tilt)
    float m_phase = 0;      // radians of the main motion
    float m_freqScale = 1;  // slow random walk around 1
    float m_ampScale = 1;   // slow random walk around 1
    float m_dt = 0.01f;
    uint64_t m_lastUs = 0;
    bool m_started = false;
    float m_last[6] = {};
};

}  // namespace mote::sim

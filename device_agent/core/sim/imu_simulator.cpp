#include "sim/imu_simulator.h"

#include <cmath>

namespace mote::sim {

namespace {

constexpr float kTwoPi = 6.28318530718f;
constexpr float kG = 9.80665f;

const char* const kAxes[6] = {"accX", "accY", "accZ", "gyrX", "gyrY", "gyrZ"};
const char* const kUnits[6] = {"m/s2", "m/s2", "m/s2", "deg/s", "deg/s", "deg/s"};
const float kScales[6] = {ImuSimulator::kAccelScale, ImuSimulator::kAccelScale,
                          ImuSimulator::kAccelScale, ImuSimulator::kGyroScale,
                          ImuSimulator::kGyroScale,  ImuSimulator::kGyroScale};
const float kRates[6] = {50.0f, 62.5f, 100.0f, 200.0f, 500.0f, 1000.0f};

const mote::agent::SensorSpec kSpec = {ImuSimulator::kSensorId, "imu", 6, kAxes, kUnits,
                                       kScales, kRates, 6, mote::wire::DataType::Int16};

// Dominant frequency (Hz) of each pattern, in enum order.
const float kBaseFreq[5] = {0.0f, 2.0f, 1.0f, 7.0f, 1.2f};

int16_t saturate(float v) {
    if (v > 32767.0f)
        return 32767;
    if (v < -32768.0f)
        return -32768;
    return static_cast<int16_t>(std::lround(v));
}

}  // namespace

ImuSimulator::ImuSimulator(uint32_t deviceSeed) : m_noise(deviceSeed * 2654435761u + 1) {
    Random device(deviceSeed ^ 0xA5A5F00Du);
    for (int i = 0; i < 3; ++i) {
        m_accBias[i] = 0.15f * device.symmetric();
        m_gyroBias[i] = 1.5f * device.symmetric();
    }
    for (float& g : m_gain)
        g = 1.0f + 0.02f * device.symmetric();
    // Mounting tilt of up to ~6 degrees about X and Y.
    const float roll = 0.1f * device.symmetric();
    const float pitch = 0.1f * device.symmetric();
    m_gravity[0] = -kG * std::sin(pitch);
    m_gravity[1] = kG * std::sin(roll) * std::cos(pitch);
    m_gravity[2] = kG * std::cos(roll) * std::cos(pitch);
}

const mote::agent::SensorSpec& ImuSimulator::spec() const { return kSpec; }

void ImuSimulator::begin(float rateHz) {
    m_dt = 1.0f / rateHz;
    m_started = false;
    m_phase = kTwoPi * m_noise.uniform();
}

void ImuSimulator::sample(uint32_t, uint64_t timestampUs, int16_t* values) {
    // Integrate with the real spacing of the timestamps.
    float dt = m_dt;
    if (m_started && timestampUs > m_lastUs)
        dt = static_cast<float>(timestampUs - m_lastUs) * 1e-6f;
    m_started = true;
    m_lastUs = timestampUs;
    physical(dt, m_last);
    for (int i = 0; i < 6; ++i)
        values[i] = saturate(m_last[i] * m_gain[i] / kScales[i]);
}

void ImuSimulator::physical(float dt, float* out) {
    // People never repeat a gesture exactly: frequency and amplitude wander
    // (mean-reverting random walks, time constant ~2 s, about +-10%).
    const float k = dt * 0.5f;
    m_freqScale += k * (1.0f - m_freqScale) + 0.03f * std::sqrt(dt) * m_noise.gaussian();
    m_ampScale += k * (1.0f - m_ampScale) + 0.06f * std::sqrt(dt) * m_noise.gaussian();
    const int p = static_cast<int>(m_pattern);
    const float f = kBaseFreq[p < 5 ? p : 0] * m_freqScale;
    m_phase += kTwoPi * f * dt;
    if (m_phase > kTwoPi)
        m_phase -= kTwoPi;
    const float a = m_ampScale;
    const float s = std::sin(m_phase);
    const float c = std::cos(m_phase);
    float acc[3] = {0, 0, 0};
    float gyr[3] = {0, 0, 0};
    float accNoise = 0.04f;
    float gyrNoise = 0.4f;
    switch (m_pattern) {
    case mote::wire::MotionPattern::Idle:
        break;
    case mote::wire::MotionPattern::Wave:  // side to side, wrist rotating about Z
        acc[0] = 4.0f * a * s;
        acc[1] = 1.0f * a * std::sin(2.0f * m_phase);
        gyr[2] = 120.0f * a * c;
        gyr[0] = 15.0f * a * s;
        break;
    case mote::wire::MotionPattern::Circle:  // horizontal circle
        acc[0] = 3.0f * a * c;
        acc[1] = 3.0f * a * s;
        gyr[0] = 40.0f * a * s;
        gyr[1] = -40.0f * a * c;
        gyr[2] = 25.0f * a;
        break;
    case mote::wire::MotionPattern::Shake:  // fast, strong, on all axes
        acc[0] = 12.0f * a * s;
        acc[1] = 6.0f * a * std::sin(m_phase + 1.0f);
        acc[2] = 3.0f * a * std::sin(2.0f * m_phase);
        gyr[0] = 250.0f * a * c;
        gyr[1] = 180.0f * a * std::cos(m_phase + 0.5f);
        gyr[2] = 90.0f * a * s;
        accNoise = 0.5f;
        gyrNoise = 5.0f;
        break;
    case mote::wire::MotionPattern::UpDown:  // vertical lift and drop
        acc[2] = 6.0f * a * s;
        acc[0] = 0.5f * a * c;
        gyr[1] = 15.0f * a * c;
        break;
    }
    for (int i = 0; i < 3; ++i) {
        out[i] = m_gravity[i] + acc[i] + m_accBias[i] + accNoise * m_noise.gaussian();
        out[3 + i] = gyr[i] + m_gyroBias[i] + gyrNoise * m_noise.gaussian();
    }
}

}  // namespace mote::sim

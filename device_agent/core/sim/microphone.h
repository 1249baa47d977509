#pragma once
// Simulated 16 kHz mono microphone. The signal comes from an AudioSource
// (the host port plays WAV files; without one it is silence) with a little
// analog noise added, like a real MEMS microphone's floor. Portable.
#include <cstdint>

#include "agent/port.h"
#include "sim/random.h"

namespace mote::sim {

// Supplies consecutive 16 kHz samples. Called on the agent loop.
class AudioSource {
public:
    virtual int16_t next() = 0;

protected:
    ~AudioSource() = default;
};

class Microphone final : public mote::agent::Sensor {
public:
    static constexpr uint8_t kSensorId = 2;
    static constexpr float kRateHz = 16000.0f;

    // `source` may be null (silence); it must outlive the microphone.
    Microphone(AudioSource* source, uint32_t seed, float noiseLsb = 20.0f);

    const mote::agent::SensorSpec& spec() const override;
    void sample(uint32_t index, uint64_t timestampUs, int16_t* values) override;

private:
    AudioSource* m_source;
    Random m_noise;
    float m_noiseLsb;
};

}  // namespace mote::sim

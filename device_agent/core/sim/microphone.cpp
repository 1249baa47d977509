#include "sim/microphone.h"

namespace mote::sim {

namespace {
const char* const kAxes[1] = {"audio"};
const char* const kUnits[1] = {"fs"};
const float kScales[1] = {1.0f / 32768.0f};  // full scale = 1.0
const float kRates[1] = {Microphone::kRateHz};
const mote::agent::SensorSpec kSpec = {Microphone::kSensorId, "microphone", 1, kAxes, kUnits,
                                       kScales, kRates, 1, mote::wire::DataType::Int16};
}  // namespace

Microphone::Microphone(AudioSource* source, uint32_t seed, float noiseLsb)
    : m_source(source), m_noise(seed * 40503u + 7), m_noiseLsb(noiseLsb) {}

const mote::agent::SensorSpec& Microphone::spec() const { return kSpec; }

void Microphone::sample(uint32_t, uint64_t, int16_t* values) {
    float v = m_source ? static_cast<float>(m_source->next()) : 0.0f;
    v += m_noiseLsb * m_noise.gaussian();
    if (v > 32767.0f)
        v = 32767.0f;
    if (v < -32768.0f)
        v = -32768.0f;
    values[0] = static_cast<int16_t>(v);
}

}  // namespace mote::sim

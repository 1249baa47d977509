#pragma once
// The on-device live inference engine (InferenceEngine): keeps the last
// window of the impulse's sensor axes in a ring, and every `stride` new
// samples runs the impulse's DSP (core/dsp, the same code the studio uses
// for training features) -> quantizes the features to the model's int8
// input -> invokes the model -> dequantizes the scores -> one result.
//
// Everything is configured from constants and static buffers the code
// generator emits (mote_model.h/.cpp, see core/firmware/model_codegen.h:
// MOTE_MODEL_HAS_IMPULSE, kMoteImpulse). No heap, no exceptions; all calls
// on the agent's thread.
#include <cstddef>
#include <cstdint>

#include "agent/port.h"
#include "dsp/dsp_config.h"

namespace mote::agent {

constexpr uint8_t kMaxImpulseAxes = 16;
constexpr uint8_t kMaxLabels = 32;

// Generated description of an impulse and the buffers it needs.
struct ImpulseSpec {
    const dsp::DspConfig* dsp;
    const char* sensor;               // sensor name the impulse was trained on ("" = any)
    const char* const* axes;          // axis names used, in feature order (nullptr = all sensor axes)
    uint8_t axisCount;
    uint32_t windowFrames;
    uint32_t strideFrames;            // default stride
    float sampleRateHz;
    uint32_t featureCount;            // DSP output floats = model input elements
    float inputScale;                 // int8 input: q = clamp(round(x / scale) + zeroPoint)
    int32_t inputZeroPoint;
    float outputScale;                // int8 output: score = (q - zeroPoint) * scale
    int32_t outputZeroPoint;
    uint8_t labelCount;
    // Static buffers (generated with the right sizes).
    int16_t* ring;                    // windowFrames * axisCount
    float* window;                    // windowFrames * axisCount
    float* features;                  // featureCount
    void* scratch;                    // scratchBytes, 4-byte aligned
    size_t scratchBytes;
};

class LiveEngine final : public InferenceEngine {
public:
    // `sensors` lists every sensor the board has (to resolve axis names and
    // scales on begin()); all references must outlive the engine.
    LiveEngine(const ImpulseSpec& impulse, ModelRunner& model, Clock& clock, Sensor* const* sensors,
               uint8_t sensorCount);

    float begin(uint8_t sensorId, uint32_t strideSamples, const char** why) override;
    void end() override;
    void onSamples(uint8_t sensorId, const int16_t* values, uint16_t sampleCount, uint8_t axisCount,
                   uint32_t firstIndex, uint64_t timestampUs) override;
    bool takeResult(InferenceOutput& out) override;

    // For tests: runs DSP + model on the current ring content (oldest first).
    void runWindow(InferenceOutput& out);

private:
    const ImpulseSpec& m_impulse;
    ModelRunner& m_model;
    Clock& m_clock;
    Sensor* const* m_sensors;
    uint8_t m_sensorCount;

    bool m_active = false;
    uint8_t m_sensorId = 0;
    uint8_t m_sourceAxis[kMaxImpulseAxes] = {};  // sensor axis of each impulse axis
    float m_scale[kMaxImpulseAxes] = {};         // raw -> physical per impulse axis
    uint32_t m_stride = 1;
    uint32_t m_head = 0;       // next ring slot (frames)
    uint32_t m_filled = 0;     // frames in the ring (<= windowFrames)
    uint32_t m_sinceLast = 0;  // frames since the last window ran
    uint32_t m_expected = 0;   // next sample index (gap detection)
    bool m_due = false;
    bool m_firstDone = false;
    uint64_t m_lastUs = 0;
    float m_scores[kMaxLabels] = {};
};

}  // namespace mote::agent

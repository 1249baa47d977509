#pragma once
// Code generation for the impulse part of a model firmware: the DSP block
// configuration, window/stride, axes, input/output quantization and the
// static buffers of the on-device live inference engine
// (device_agent/core/inference/live_engine.h), as the constant
// `kMoteImpulse` (an agent::ImpulseSpec). Called by generateModel() when the
// .tflite carries Mote's "mote_impulse" metadata (models quantized by the
// studio do) or an impulse JSON is given. Pure functions; thread-safe.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mote::firmware {

struct ImpulseCodegenInput {
    nlohmann::json impulse;       // impulse JSON (impulse/impulse_config.h format)
    uint32_t modelInputElements = 0;
    float inputScale = 0;
    int32_t inputZeroPoint = 0;
    float outputScale = 0;
    int32_t outputZeroPoint = 0;
    uint32_t labelCount = 0;
};

struct GeneratedImpulse {
    std::string header;           // appended to mote_model.h
    std::string source;           // appended to mote_model.cpp
    uint32_t windowFrames = 0;
    uint32_t strideFrames = 0;
    uint32_t axisCount = 0;
    uint32_t featureCount = 0;
    size_t bufferBytes = 0;       // ring + window + features + DSP scratch (RAM)
    std::string sensor;
    float sampleRateHz = 0;
};

// Errors: invalid impulse JSON/DSP config, DSP output size != model input.
Result<GeneratedImpulse> generateImpulse(const ImpulseCodegenInput& input);

}  // namespace mote::firmware

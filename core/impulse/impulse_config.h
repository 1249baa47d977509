#pragma once
// ImpulseConfig: everything that turns recorded samples into a trained
// classifier — which sensor axes, how windows are cut, which DSP block with
// which parameters, the network's hidden layers, and the training settings.
// It is stored as JSON in the project database, one new version per change
// (SampleStore::addImpulseConfig), so every training run names the exact
// configuration it used.
//
// JSON form (format_version 1), see resources/impulses/*.json:
//   {"format_version":1, "name":"default", "sensor":"motion",
//    "input":{"sensor":"accelerometer","axes":["accX","accY","accZ"],"sample_rate_hz":100},
//    "window":{"size_ms":2000,"stride_ms":500,"zero_pad":true},
//    "dsp":{...DspConfig JSON, owned by core/dsp...},
//    "network":{"layers":[...hidden layers, nn/graph/layer_spec.h...]},
//    "training":{"epochs":30,"learning_rate":0.005,"batch_size":32,"seed":1,
//                "validation_fraction":0.2,"class_weighting":"none",
//                "augmentation":{"noise":0.0,"time_shift":0,"mask":0}}}
// The output head is not stored: modelSpec() appends dense(classes) and
// softmax, so adding a label never invalidates an impulse.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "dsp/dsp_config.h"
#include "nn/graph/layer_spec.h"

namespace mote::impulse {

inline constexpr int kImpulseFormatVersion = 1;

enum class SensorType { Motion, Audio, Other };
const char* sensorTypeName(SensorType type);  // "motion", "audio", "other"
Result<SensorType> sensorTypeFromName(const std::string& name);

enum class ClassWeighting { None, Balanced };

struct InputConfig {
    std::string sensor;             // sensor name as recorded ("accelerometer", "imu", "microphone"); empty = any
    std::vector<std::string> axes;  // axes used, in order; empty = every axis of the sample
    double sampleRateHz = 100.0;
    bool operator==(const InputConfig&) const = default;
};

struct WindowConfig {
    int sizeMs = 2000;
    int strideMs = 500;
    bool zeroPad = true;  // short samples give one zero-padded window
    bool operator==(const WindowConfig&) const = default;
};

struct Augmentation {
    double noise = 0.0;  // Gaussian noise, std as a fraction of each feature's std over the training set
    int timeShift = 0;   // max roll along the first (time) axis, in feature rows (inputs of rank >= 2)
    int mask = 0;        // max width of a zeroed band in time (and frequency for rank-3 inputs)
    bool operator==(const Augmentation&) const = default;
};

struct TrainingSettings {
    int epochs = 30;
    double learningRate = 0.005;
    int batchSize = 32;
    uint64_t seed = 1;
    double validationFraction = 0.2;  // of the training split, stratified by label
    ClassWeighting classWeighting = ClassWeighting::None;
    Augmentation augmentation;
    bool operator==(const TrainingSettings&) const = default;
};

struct ImpulseConfig {
    std::string name = "default";
    SensorType sensorType = SensorType::Motion;
    InputConfig input;
    WindowConfig window;
    nlohmann::json dsp = nlohmann::json::object();  // DspConfig JSON (dsp/dsp_config_json.h owns its schema)
    std::vector<nn::LayerSpec> layers;              // hidden layers, output head excluded
    TrainingSettings training;

    bool operator==(const ImpulseConfig&) const = default;

    // The DSP block and parameters; its sample rate is the input's.
    Result<dsp::DspConfig> dspConfig() const;

    // The network for `inputShape` features per window and `classCount`
    // classes: hidden layers + dense(classCount) + softmax. Errors name the
    // layer that cannot take its input.
    Result<nn::ModelSpec> modelSpec(const std::vector<int>& inputShape, int classCount) const;
};

nlohmann::json toJson(const ImpulseConfig& config);
// Strict: unknown sensor/block names, bad numbers and bad layers are errors
// naming the field. Missing sections take the sensor type's defaults.
Result<ImpulseConfig> impulseFromJson(const nlohmann::json& json);
Result<ImpulseConfig> impulseFromJsonText(const std::string& text);

// Checks ranges and the DSP JSON: window > 0, stride > 0, epochs 1..10000, 0 < lr <= 10,
// batch 1..65536, 0 <= validation_fraction < 1, augmentation >= 0.
Status validate(const ImpulseConfig& config);

nlohmann::json trainingToJson(const TrainingSettings& settings);
Result<TrainingSettings> trainingFromJson(const nlohmann::json& json, const TrainingSettings& defaults);

}  // namespace mote::impulse

#pragma once
// Quantizing a trained run inside a project (`mote quantize`, the Model
// page): the run's float Graph is rebuilt from its weights, turned into a
// float32 .tflite, calibrated on training windows, quantized to int8, both
// models written under artifacts/models/ and recorded in the project DB
// (int8 row's parent = the float row), and a QuantizationReport computed:
//
//   - float vs int8 accuracy (+ confusion matrices, per-class P/R/F1) on the
//     TEST split; when it is empty, on the run's validation windows
//     (`evaluatedOn` says which);
//   - the quantization debugger: for every op output, the error of the int8
//     tensor (dequantized) against the float model's tensor over the
//     calibration windows (RMSE, max |error|, SNR in dB), with the int8
//     scale/zero point;
//   - sizes (weights, .tflite flash bytes, arena and its liveness lower
//     bound), MACs per inference;
//   - a latency ESTIMATE per board profile: MACs x cycles-per-MAC / clock,
//     from the profile's "estimate": {"cycles_per_mac": x}. Not a
//     measurement; boards without a clock (host-sim) are "not applicable"
//     and the report carries the measured host inference time instead.
//
// The report is stored as JSON next to the int8 model (<model>.report.json)
// and in the int8 model row's metrics, so loadReport() finds it later.
//
// Threads: like SampleStore, one call at a time per Project; progress
// callbacks come on the calling thread, except the "features" stage's,
// which come from feature workers (never two at once). Setting *cancel
// stops at the next sample/window and returns Error "quantization
// cancelled" (no file written, no model recorded).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "nn/graph/metrics.h"
#include "project/project.h"
#include "train/project_training.h"

namespace mote::train {

struct QuantizeRunOptions {
    std::optional<int64_t> runId;         // default: the latest succeeded run
    int calibrationWindows = 200;         // taken evenly from the run's training windows
    double percentile = 100.0;            // 100 = min/max calibration; e.g. 99.99 clips outliers
    bool floatIo = false;                 // float32 input/output (QUANTIZE/DEQUANTIZE around the int8 graph)
    std::filesystem::path outputPath;     // int8 .tflite; empty = artifacts/models/run-<id>-int8[-n].tflite
    FeatureProvider features;             // empty = computeDatasetFeaturesWith (cached, all cores, progress, cancel)
    std::filesystem::path boardsDir;      // board profiles; empty = firmware::defaultBoardsDir()
};

// stage: "features", "calibrate", "quantize", "evaluate", "debug", "write";
// done/total within the stage (total 0 = unknown).
using QuantizeProgressFn = std::function<void(const std::string& stage, size_t done, size_t total)>;

// One op output of the int8 model compared with the float model.
struct LayerError {
    int opIndex = 0;            // operator index in the model
    std::string op;             // builtin name, e.g. "FULLY_CONNECTED"
    std::string tensor;         // output tensor name
    float scale = 0;            // int8 quantization of that tensor
    int32_t zeroPoint = 0;
    double floatMin = 0, floatMax = 0;  // range of the float values seen
    double rmse = 0;            // sqrt(mean((dequant(int8) - float)^2))
    double maxAbsError = 0;
    double snrDb = 0;           // 10*log10(sum float^2 / sum error^2); 200 when the error is 0
};

struct LatencyEstimate {
    std::string board;          // profile name
    std::string displayName;
    std::string core;
    uint32_t clockHz = 0;
    bool applicable = false;    // false: no clock or no cycles_per_mac in the profile
    double cyclesPerMac = 0;
    double estimatedMs = 0;     // MACs * cyclesPerMac / clockHz * 1000 (an estimate)
    std::string note;           // why not applicable / what the figure is
};

struct QuantizationReport {
    int64_t modelId = 0;        // int8 model row
    int64_t floatModelId = 0;   // float .tflite model row (parent of the int8 row)
    int64_t runId = 0;
    std::string path;           // int8 .tflite (relative to the project when inside it)
    std::string floatPath;      // float .tflite
    std::vector<std::string> labels;
    std::string evaluatedOn;    // "test", or "validation" when the test split is empty
    int64_t evaluatedWindows = 0;
    int calibrationWindows = 0;
    double percentile = 100.0;
    bool floatIo = false;
    // Input quantization the firmware applies: q = clamp(round(x / inputScale) + inputZeroPoint, -128, 127).
    float inputScale = 0;
    int32_t inputZeroPoint = 0;
    float outputScale = 0;
    int32_t outputZeroPoint = 0;

    nn::ClassificationMetrics floatMetrics, int8Metrics;
    double floatAccuracy = 0, int8Accuracy = 0;
    double accuracyDropPp = 0;  // (float - int8) * 100, percentage points

    std::vector<LayerError> layers;  // in execution order

    size_t weightsBytes = 0;    // constant tensors of the int8 model
    size_t flashBytes = 0;      // .tflite file size
    size_t floatFlashBytes = 0; // float .tflite file size
    size_t arenaBytes = 0;
    size_t arenaLowerBoundBytes = 0;
    int64_t macs = 0;
    double hostInferenceUs = 0; // measured: mean host int8 inference time
    std::vector<LatencyEstimate> latency;
    std::vector<std::string> warnings;  // e.g. the dataset changed since the run was trained
    int64_t createdMs = 0;
};

// Model kinds recorded in the project DB.
inline constexpr const char* kModelKindFloatTflite = "float-tflite";
inline constexpr const char* kModelKindInt8 = "int8";

// Errors: no succeeded run ("no trained run: run `mote train` first"),
// unknown/unfinished --run id, missing weights, feature errors, cancelled.
Result<QuantizationReport> quantizeRun(project::Project& project, const QuantizeRunOptions& options,
                                       const QuantizeProgressFn& progress = {},
                                       const std::atomic<bool>* cancel = nullptr);

// The stored report of an int8 model row (from the row's metrics, else the
// .report.json next to the model). Errors: unknown id, not a quantized model.
Result<QuantizationReport> loadReport(project::Project& project, int64_t modelId);

// The `mote quantize --json` object: model_id, path, run_id, labels,
// float_accuracy, int8_accuracy, accuracy_drop_pp, evaluated_on,
// confusion_float, confusion_int8 ({accuracy, confusion, per_class}),
// layers, weights_bytes, flash_bytes, arena_bytes, arena_lower_bound_bytes,
// macs, latency_estimates, plus the other fields above.
nlohmann::json reportToJson(const QuantizationReport& report);
Result<QuantizationReport> reportFromJson(const nlohmann::json& json);

// Layers sorted by SNR, worst first (the debugger's "where the error comes from").
std::vector<LayerError> worstLayers(const QuantizationReport& report, size_t count);

}  // namespace mote::train

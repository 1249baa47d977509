#pragma once
// On-device evaluation (hardware in the loop): every window of the
// project's TEST split goes through the board and through the host int8
// Executor, and the two predictions are compared window by window.
//
// Input path (chosen for exactness): the host computes each window's
// features with core/features (the cached feature path training used),
// quantizes them once to the model's input tensor (int8: q = clamp(round(x /
// scale) + zero_point, -128, 127)), and sends THE SAME BYTES to the board
// (ModelInput/RunModel/ModelOutput via BoardModelRunner) and to the host
// Executor. So the comparison isolates the board's model execution; any
// difference is a firmware/kernel bug and is listed with its window.
// (Streaming raw samples through the board's DSP is what live inference
// does; it is not used here.)
//
// The board is deployed with the model first when it does not already run
// it (hash check). Runs on the caller's thread; progress(done, total) after
// each window; `cancel` stops between windows ("evaluation cancelled").
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "firmware/board_model_runner.h"
#include "project/project.h"

namespace mote::firmware {

struct OnDeviceEvalOptions {
    std::optional<int64_t> modelId;   // int8 model row; default: the newest int8 model of the project
    BoardProfile board;
    FlasherOptions flasher;
    std::filesystem::path workDir;    // firmware build folder if a deploy is needed (default: temp)
    std::string port;                 // real boards
    size_t maxWindows = 0;            // 0 = every test window (else the first N, for quick checks)
};

struct EvalMismatch {
    int64_t sampleId = 0;
    uint32_t window = 0;              // window index within its sample
    int trueLabel = 0;
    int host = 0;                     // predicted class, host int8 Executor
    int device = 0;                   // predicted class, the board
};

struct OnDeviceEvalReport {
    int64_t modelId = 0;
    std::string modelPath;
    std::string modelHash;
    std::string board;
    bool emulated = false;            // cycle figures come from an emulator (QEMU -icount)
    bool deployed = false;            // the model had to be deployed first
    std::vector<std::string> labels;
    size_t windows = 0;
    double deviceAccuracy = 0;
    double hostInt8Accuracy = 0;
    double deviceMatchesHost = 0;     // fraction of windows with the same prediction
    std::vector<EvalMismatch> mismatches;
    std::vector<std::vector<int64_t>> confusionDevice;  // [true][predicted]
    std::vector<std::vector<int64_t>> confusionHost;
    double cyclesPerInference = 0;    // mean board cycles of one model invocation
    uint64_t minCycles = 0, maxCycles = 0;
    double meanBoardUs = 0;
    double seconds = 0;               // whole evaluation, host wall clock
};

using EvalProgressFn = std::function<void(size_t done, size_t total)>;

// Errors: no int8 model ("run `mote quantize` first"), empty test split,
// feature errors, deploy/connection errors, board errors, cancelled.
Result<OnDeviceEvalReport> evaluateOnDevice(project::Project& project, const OnDeviceEvalOptions& options,
                                            const LogFn& log = {}, const EvalProgressFn& progress = {},
                                            const std::atomic<bool>* cancel = nullptr);

// {windows, device_accuracy, host_int8_accuracy, device_matches_host,
//  mismatches:[{sample_id, window, true, host, device}], confusion_device,
//  confusion_host, cycles_per_inference, min_cycles, max_cycles, board,
//  emulated, model_id, model_hash, labels, deployed, seconds}
nlohmann::json onDeviceEvalToJson(const OnDeviceEvalReport& report);

}  // namespace mote::firmware

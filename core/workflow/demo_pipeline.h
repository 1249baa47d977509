#pragma once
// The whole TinyML loop, headless, on an emulated or simulated board
// (`mote demo`, and the studio's "Run the demo" action):
//
//   board    boot the stock agent (no model) on the board profile's flasher
//   collect  record one label per simulated motion pattern from its IMU
//   train    the project's impulse (motion default) with the external trainer
//   quantize int8 post-training quantization, float vs int8 on the test split
//   deploy   generate -> build -> flash -> verify the model hash (recorded)
//   live     run the board's live inference for a few seconds, cycling the patterns
//   evaluate the test split through the board vs the host int8 model
//
// Each stage reuses the library the CLI command of the same name uses; the
// pipeline only sequences them and collects one summary. The project folder
// keeps everything (samples, runs, models, deployments) for inspection.
//
// Threads: runs on the caller's thread for minutes; `cancel` may be set from
// any thread and is checked between and inside stages. Log lines and stage
// changes arrive on the calling thread (or, during collection and training,
// on worker threads of those stages: never two at once).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "firmware/board_profile.h"
#include "firmware/flasher.h"

namespace mote::workflow {

struct DemoOptions {
    std::filesystem::path projectDir;      // created when absent; an existing project gets new samples
    firmware::BoardProfile board;          // qemu-mps2-an386 or host-sim
    std::filesystem::path stockImage;      // the agent without a model (ELF / simulator binary)
    std::filesystem::path resourcesDir;    // trainer scripts (resources/)
    firmware::FlasherOptions flasher;
    std::vector<std::string> patterns = {"idle", "wave", "circle", "shake"};  // one label each
    double secondsPerLabel = 24;           // recorded continuously, cut into samples
    double sampleSeconds = 2;
    float rateHz = 100;
    int epochs = 40;
    double liveSeconds = 12;               // split evenly over the patterns (>= one window each)
    int calibrationWindows = 200;
    size_t maxEvalWindows = 0;             // 0 = the whole test split
};

struct DemoSummary {
    std::string board;
    bool emulated = false;
    std::string projectDir;
    int64_t samples = 0;
    int64_t runId = 0;
    int64_t modelId = 0;
    double valAccuracy = 0;                // trainer's validation accuracy
    double floatAccuracy = 0;              // test split (see evaluatedOn)
    double int8Accuracy = 0;
    std::string evaluatedOn;
    double deviceAccuracy = 0;
    double deviceMatchesHost = 0;          // fraction of windows with identical predictions
    size_t evalWindows = 0;
    uint64_t ramBytes = 0;                 // whole firmware, from the ELF
    uint64_t flashBytes = 0;
    uint64_t modelRamBytes = 0;            // arena
    uint64_t modelFlashBytes = 0;          // weights + requantization tables
    double cyclesPerInference = 0;         // model invocation on the board (emulated: QEMU -icount)
    size_t liveResults = 0;
    std::vector<std::string> liveLabels;   // top label of each live result, in order
    double liveDspCycles = 0, liveModelCycles = 0;  // means over the live results
    std::string modelHash;
    std::string firmwareHash;
    std::vector<std::pair<std::string, double>> stageSeconds;
    double seconds = 0;
};

// stage: one of "board", "collect", "train", "quantize", "deploy", "live", "evaluate", "done".
using DemoStageFn = std::function<void(const std::string& stage)>;
using DemoLogFn = std::function<void(const std::string& line)>;

// Errors name the stage that failed and why (the board, the trainer, the
// build...). Whatever was finished stays in the project.
Result<DemoSummary> runDemo(const DemoOptions& options, const DemoLogFn& log, const DemoStageFn& stage,
                            const std::atomic<bool>* cancel = nullptr);

// {board, emulated, project, samples, run_id, model_id, val_accuracy,
//  float_accuracy, int8_accuracy, evaluated_on, device_accuracy,
//  device_matches_host, eval_windows, ram_bytes, flash_bytes, model_ram_bytes,
//  model_flash_bytes, cycles_per_inference, live_results, live_labels,
//  live_dsp_cycles, live_model_cycles, model_hash, firmware_hash,
//  stage_seconds, seconds}
nlohmann::json demoSummaryToJson(const DemoSummary& summary);

}  // namespace mote::workflow

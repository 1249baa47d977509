#pragma once
// Runs an external trainer on a job folder and checks what it produced.
//
//   TrainingRunner runner;
//   TrainingOutcome out = runner.run(job, jobDir, options, callbacks);
//   if (out.status == RunStatus::Succeeded) ... out.coreAgreement ...
//
// Steps: write the job folder; build the trainer argv (default: the torch
// trainer under an interpreter that can import torch); run it with no shell,
// streaming its JSON-lines progress; then load its weights into the studio's
// own Graph, run the float forward pass over the validation windows and
// compare with the trainer's predictions. A run is Succeeded only if every
// step passed; anything else is Failed/Cancelled/TimedOut with one clear
// `error` line, and `log` keeps the trainer's full stdout/stderr either way.
//
// Threads: run() blocks; callbacks come on the calling thread. cancel() is
// safe from any thread or a signal handler.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nn/graph/graph.h"
#include "nn/graph/metrics.h"
#include "train/process_runner.h"
#include "train/training_job.h"

namespace mote::train {

enum class RunStatus { Succeeded, Failed, Cancelled, TimedOut };
const char* runStatusName(RunStatus status);  // "succeeded", "failed", "cancelled", "timed_out"

struct EpochReport {
    int epoch = 0;
    int epochs = 0;
    double loss = 0;
    double accuracy = 0;
    std::optional<double> valLoss;
    std::optional<double> valAccuracy;
};

struct TrainerOptions {
    // argv template; empty = default {"{python}", "{resources}/trainers/torch_trainer.py", "{job}"}.
    // Placeholders anywhere in an argument: {job} job folder, {python}
    // interpreter found by findTorchPython, {resources} resources folder.
    std::vector<std::string> command;
    std::string python;                      // configured interpreter (trainer.python), may be empty
    std::filesystem::path resourcesDir;      // holds trainers/torch_trainer.py
    std::chrono::milliseconds timeLimit{0};  // 0 = none
    std::chrono::milliseconds killGrace{3000};
    double minAgreement = 0.99;              // studio vs trainer predictions on validation
    double maxAccuracyGap = 0.005;           // |core - trainer| validation accuracy
};

struct TrainingCallbacks {
    std::function<void(const EpochReport&)> onEpoch;
    std::function<void(const nlohmann::json&)> onEvent;    // every JSON event (start, epoch, done, ...)
    std::function<void(const std::string&)> onStderrLine;  // the trainer's stderr, live
};

struct TrainingOutcome {
    RunStatus status = RunStatus::Failed;
    std::string error;                 // one line; empty when succeeded
    std::vector<std::string> argv;     // what was run
    std::string log;                   // the trainer's full stdout + stderr
    std::vector<EpochReport> history;
    nlohmann::json trainerSummary;     // the "done" event
    double trainAccuracy = 0, valAccuracy = 0, trainLoss = 0, valLoss = 0;  // as the trainer reported
    int epochs = 0;
    // The studio's own check on the validation set:
    double coreValAccuracy = 0;
    double coreAgreement = 0;
    nn::ClassificationMetrics coreMetrics;
    std::vector<int64_t> corePredictions, trainerPredictions;
    std::optional<nn::Graph> graph;    // with the trainer's weights (set when weights loaded)
    std::chrono::milliseconds elapsed{0};

    bool ok() const { return status == RunStatus::Succeeded; }
    // metrics JSON for the run row: trainer figures, core figures, confusion, per-class, history.
    nlohmann::json metricsJson(const std::vector<std::string>& classes) const;
};

// Expands the argv template (see TrainerOptions::command). Finds the Python
// interpreter only if the template uses {python}.
Result<std::vector<std::string>> buildTrainerArgv(const TrainerOptions& options, const std::filesystem::path& jobDir);

// Checks the trainer's outputs in jobDir against the job and computes the
// core forward pass figures into `outcome` (does not run anything).
Status verifyTrainerOutputs(const TrainingJob& job, const std::filesystem::path& jobDir, TrainingOutcome& outcome,
                            const TrainerOptions& options);

class TrainingRunner {
public:
    TrainingOutcome run(const TrainingJob& job, const std::filesystem::path& jobDir, const TrainerOptions& options,
                        const TrainingCallbacks& callbacks = {});
    void cancel() { m_process.cancel(); }

private:
    ProcessRunner m_process;
};

}  // namespace mote::train

#pragma once
// Training inside a project: the impulse stored and versioned in the project
// database, features computed for the dataset, the external trainer run,
// and the run recorded (config, dataset version, metrics, weights, log).
//
// Run rows go through SampleStore: created "running" before the trainer
// starts, then finished as "succeeded", "failed", "cancelled" or
// "timed_out" — a run is never left looking done when it is not. The job
// folder (arrays, weights, trainer.log) is artifacts/runs/run-<ms>/ and the
// float weights are registered as a model of kind "float".
//
// Threads: one call at a time per Project (SampleStore rules); callbacks
// come on the calling thread; cancel through the TrainingRunner.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "impulse/impulse_config.h"
#include "project/project.h"
#include "train/training_runner.h"

namespace mote::train {

inline constexpr const char* kSettingTrainerPython = "trainer.python";   // interpreter to try first
inline constexpr const char* kImpulseName = "default";

// The labelled feature matrices of a project's dataset for one impulse.
struct DatasetFeatures {
    std::vector<int> windowShape;      // features per window, channels-last
    std::vector<std::string> classes;  // sorted labels; index = class id
    FeatureSet train;                  // windows of Train-split samples (groups = sample ids)
    FeatureSet test;                   // windows of Test-split samples
};

// Computes features for every sample of the project matching the impulse
// (core/features provides the cached implementation).
using FeatureProvider = std::function<Result<DatasetFeatures>(project::Project&, const impulse::ImpulseConfig&)>;

// The project's current impulse: the latest stored version, or the default
// for the sensor type its samples suggest (audio when the first sample's
// sensor mentions "audio"/"mic" or its rate >= 8 kHz, else motion).
struct StoredImpulse {
    impulse::ImpulseConfig config;
    std::optional<int64_t> id;   // row id when stored
    int version = 0;             // 0 when not stored yet
};
Result<StoredImpulse> currentImpulse(project::Project& project);
impulse::SensorType guessSensorType(project::Project& project);

// Stores `config` as a new version unless it equals the latest one.
// Returns the row id of the version that holds it.
Result<StoredImpulse> saveImpulse(project::Project& project, const impulse::ImpulseConfig& config);

// TrainerOptions from project settings (trainer.command, trainer.python).
Result<TrainerOptions> trainerOptionsFor(project::Project& project, const std::filesystem::path& resourcesDir);

struct ProjectTrainingResult {
    int64_t runId = 0;
    int64_t impulseConfigId = 0;
    std::string datasetVersion;
    std::optional<int64_t> modelId;
    std::filesystem::path jobDir;
    std::vector<std::string> classes;
    TrainingOutcome outcome;
};

// Saves the impulse if changed, computes features, splits validation off the
// training split, runs the trainer and records the run. `trainingOverride`
// (e.g. `mote train --epochs 5`) applies to this run only: the run's
// settings record the effective values, the stored impulse is unchanged. Errors before the run
// row exists (no samples, bad network for the features, ...) come back as
// Error; once the row exists the result always comes back, with
// outcome.status saying how the run ended.
Result<ProjectTrainingResult> trainProject(project::Project& project, const impulse::ImpulseConfig& config,
                                           const FeatureProvider& features, TrainingRunner& runner,
                                           const TrainerOptions& options, const TrainingCallbacks& callbacks = {},
                                           const impulse::TrainingSettings* trainingOverride = nullptr);

// Runs left "running" by a process that died (crash, power loss, kill -9)
// are marked "failed" with error "interrupted". A run whose trainer is still
// going in another process is recognized by the lock it holds on its job
// folder and left alone. Returns how many runs were marked.
Result<int> recoverInterruptedRuns(project::Project& project);

// sha256 over the weight files in slot order (the model's identity).
Result<std::string> weightsHash(const nn::Graph& graph, const std::filesystem::path& weightsDir);

}  // namespace mote::train

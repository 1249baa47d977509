#pragma once
// A training job: the network, the settings, and the feature arrays, written
// as a job folder an external trainer reads (docs/trainer-contract.md):
//   job.json, X_train.npy (float32 [N, *input_shape]), y_train.npy (int32 [N]),
//   X_val.npy, y_val.npy
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "impulse/impulse_config.h"
#include "nn/graph/layer_spec.h"

namespace mote::train {

inline constexpr int kJobFormatVersion = 1;

// Windows x features, channels-last per window, plus one label per window.
struct FeatureSet {
    std::vector<float> values;     // windows * product(shape) floats
    std::vector<int32_t> labels;   // class index per window
    std::vector<int64_t> groups;   // optional: source sample id per window (keeps a sample's windows together)
    size_t windows() const { return labels.size(); }
};

struct TrainingJob {
    nn::ModelSpec model;                 // input shape + every layer, output head included
    std::vector<std::string> classes;    // index = label id
    impulse::TrainingSettings training;
    FeatureSet train;
    FeatureSet validation;
};

// Splits `all` into training and validation, stratified by class: within
// each class, groups (or windows, when groups are empty) are shuffled with
// `seed` and round(fraction * count) go to validation (at least one when the
// class has two or more groups and fraction > 0). Deterministic.
void splitValidation(const FeatureSet& all, size_t windowSize, double fraction, uint64_t seed, FeatureSet& train,
                     FeatureSet& validation);

nlohmann::json jobJson(const TrainingJob& job);

// Checks shapes, labels and classes; errors say what is wrong with the data.
Status validateJob(const TrainingJob& job);

// Writes the job folder (created if needed; existing job files replaced).
Status writeJobFolder(const TrainingJob& job, const std::filesystem::path& dir);

}  // namespace mote::train

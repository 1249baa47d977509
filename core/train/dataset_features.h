#pragma once
// Training features from a project's samples, through core/features (the
// one feature implementation: all cores, per-sample cache keyed by (sample
// hash, DSP+window hash)), so training, `mote features`, the GUI preview
// and the feature explorer compute exactly the same numbers.
//
// Threads: the provider blocks its caller while core/features runs its
// workers; `progress` is called from worker threads (never two at once).
#include <atomic>
#include <functional>

#include "features/feature_set.h"
#include "train/project_training.h"

namespace mote::train {

struct DatasetFeatureOptions {
    unsigned threads = 0;   // 0 = all cores
    bool useCache = true;   // cache under project.artifactsDir()/features
    std::function<void(size_t done, size_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;  // set -> Error "feature generation cancelled"
};

// Samples whose sensor matches input.sensor (when set); every one must have
// the impulse's axes and sample rate (else an Error naming the sample).
// Train-split windows go to `train`, Test-split windows to `test`; groups
// are the source sample ids; classes are the sorted labels of the samples.
Result<DatasetFeatures> computeDatasetFeaturesWith(project::Project& project, const impulse::ImpulseConfig& config,
                                                   const DatasetFeatureOptions& options);
// Same with default options (all cores, cache): usable as a FeatureProvider.
Result<DatasetFeatures> computeDatasetFeatures(project::Project& project, const impulse::ImpulseConfig& config);

// A FeatureProvider bound to `options` (e.g. a GUI's progress and cancel).
FeatureProvider featureProvider(DatasetFeatureOptions options);

// Regroups a core/features FeatureSet by split for the trainer.
DatasetFeatures toDatasetFeatures(const features::FeatureSet& set);

}  // namespace mote::train

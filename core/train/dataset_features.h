#pragma once
// Features for training from a project's samples: select the impulse's
// sensor/axes, cut windows, run the DSP block, and label each window.
//
// This is the straightforward single-threaded path the trainer needs;
// core/features adds caching and parallelism for the GUI's feature explorer.
#include "train/project_training.h"

namespace mote::train {

// Samples whose sensor matches input.sensor (when set) and which have every
// axis in input.axes (when set); at the impulse's sample rate (others are
// an error naming the sample, since resampling is not done here).
Result<DatasetFeatures> computeDatasetFeatures(project::Project& project, const impulse::ImpulseConfig& config);

}  // namespace mote::train

#pragma once
// The FeatureRequest an impulse configuration stands for, so the explorer,
// the GUI preview and training compute the same features.
#include "common/result.h"
#include "features/feature_set.h"
#include "impulse/impulse_config.h"

namespace mote::features {

// DSP config (rate = input.sampleRateHz), window, axes and sensor of `config`.
// Error when its DSP JSON is invalid.
Result<FeatureRequest> requestFromImpulse(const impulse::ImpulseConfig& config);

}  // namespace mote::features

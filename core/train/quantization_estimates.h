#pragma once
// Latency ESTIMATES per board profile for a model of a given MAC count:
// MACs x cycles-per-MAC / clock. cycles_per_mac comes from the profile's
// "estimate": {"cycles_per_mac": x} (a figure for Mote's portable int8
// kernels on that core); boards without a clock or without that figure are
// listed as not applicable, and the host-sim board carries the measured
// host time instead. Never a measurement of the board itself.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/result.h"
#include "train/project_quantization.h"

namespace mote::train {

// boardsDir empty = firmware::defaultBoardsDir(). Errors: unreadable or
// invalid profiles (named).
Result<std::vector<LatencyEstimate>> latencyEstimates(int64_t macs, double hostInferenceUs,
                                                      const std::filesystem::path& boardsDir);

}  // namespace mote::train

#pragma once
// Feature generation over a project's dataset: every matching sample is cut
// into windows and run through the DSP block, on all cores, with progress,
// cancel, and the per-sample FeatureCache.
//
// Threads: generateFeatures() blocks its caller and runs `threads` workers;
// each worker opens its own SampleStore connection on databaseFile (the
// store's one-connection-per-thread rule; WAL lets them read while another
// connection writes). `progress` is called from worker threads, never two
// calls at once, with (samples done, samples total). Setting *cancel makes
// every worker stop after its current sample; the call then returns an
// Error "feature generation cancelled" and the cache keeps what was done.
#include <atomic>
#include <filesystem>
#include <functional>

#include "common/result.h"
#include "features/feature_set.h"

namespace mote::features {

struct GenerateOptions {
    unsigned threads = 0;                  // 0 = all cores (std::thread::hardware_concurrency)
    std::filesystem::path cacheRoot;       // e.g. project.artifactsDir() / "features"; empty = no cache
    std::function<void(size_t done, size_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

// Windows come out grouped by sample, samples in id order, so the result is
// the same whatever the thread count. Errors: no matching samples, a sample
// at another rate / missing an axis / with another axis count, a DSP
// configuration the window cannot take, an unreadable store.
Result<FeatureSet> generateFeatures(const std::filesystem::path& databaseFile, const FeatureRequest& request,
                                    const GenerateOptions& options = {});

}  // namespace mote::features

#pragma once
// Features of ONE sample (all its windows), the unit of work of the
// generator and what the GUI shows for the selected sample (e.g. the MFCC
// image). Pure computation, thread-safe, no I/O.
#include <cstdint>
#include <vector>

#include "common/result.h"
#include "dataset/sample.h"
#include "features/feature_set.h"

namespace mote::features {

struct SampleFeatures {
    uint32_t windows = 0;
    dsp::OutputShape windowShape;
    std::vector<float> values;  // windows x windowShape.size()
};

// Checks the sample fits the request: sensor, axes present, sample rate
// within 1% of request.dsp.sampleRateHz. Returns the source axis index of
// each selected axis, or an Error naming the sample and the problem.
Result<std::vector<uint32_t>> axisMapFor(const dataset::Sample& sample, const FeatureRequest& request);

// Computes every window of `sample` (which must carry its data). A sample
// shorter than a window without zeroPad gives 0 windows.
Result<SampleFeatures> computeSampleFeatures(const dataset::Sample& sample, const FeatureRequest& request);

}  // namespace mote::features

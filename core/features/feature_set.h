#pragma once
// FeatureRequest: what to compute (DSP block + windowing + which samples);
// FeatureSet: the result, one row per window.
#include <cstdint>
#include <string>
#include <vector>

#include "dataset/sample.h"
#include "dataset/sample_store.h"
#include "dsp/dsp_block.h"
#include "dsp/dsp_config.h"

namespace mote::features {

struct WindowSpec {
    int windowMs = 2000;
    int strideMs = 500;
    bool zeroPad = true;             // samples shorter than a window give one zero-padded window (else skipped)
    std::vector<std::string> axes;   // axis names, in order; empty = every axis of the sample
    bool operator==(const WindowSpec&) const = default;
};

struct FeatureRequest {
    dsp::DspConfig dsp;              // dsp.sampleRateHz is the rate every sample must have (±1%)
    WindowSpec window;
    std::string sensor;              // only samples of this sensor; empty = any
    dataset::SampleFilter filter;    // further restriction (label, split, ids, ...)
};

// Why a sample contributes no windows (not an error: reported to the user).
struct SkippedSample {
    int64_t sampleId = 0;
    std::string reason;
};

struct FeatureSet {
    dsp::OutputShape windowShape;        // features of one window: rows x cols (see dsp_config.h layouts)
    uint32_t featureCount = 0;           // windowShape.size()
    std::vector<float> values;           // windows x featureCount, row-major
    std::vector<std::string> classes;    // sorted labels; index = class id
    std::vector<int32_t> labels;         // class id per window
    std::vector<dataset::Split> splits;  // split of the window's sample
    std::vector<int64_t> sampleIds;      // source sample per window
    std::vector<uint32_t> windowIndex;   // position of the window within its sample
    std::vector<SkippedSample> skipped;
    size_t samplesUsed = 0;
    size_t cacheHits = 0;                // samples read from the cache
    size_t samplesComputed = 0;          // samples run through the DSP

    size_t windows() const { return labels.size(); }
    const float* row(size_t window) const { return values.data() + window * featureCount; }
};

// Window length and stride in frames at `sampleRateHz` (rounded; stride >= 1).
uint32_t windowFrames(const WindowSpec& spec, double sampleRateHz);
uint32_t strideFrames(const WindowSpec& spec, double sampleRateHz);

// Key of the (DSP config, window spec) pair for the cache: 16 hex digits.
std::string featureConfigKey(const FeatureRequest& request);

}  // namespace mote::features

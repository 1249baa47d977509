#pragma once
// Butterworth low/high-pass filters as a cascade of biquads, designed from
// the analog prototype with a pre-warped bilinear transform (the same
// response scipy.signal.butter(order, cutoff, fs=rate) gives). Design is
// cheap (a few tan/sin calls), so blocks design at compute time from the
// config and nothing has to be stored in the firmware image.
#include <cstdint>

#include "dsp/dsp_config.h"
#include "dsp/dsp_status.h"

namespace mote::dsp {

struct Biquad {
    // y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]
    float b0 = 1.0f, b1 = 0.0f, b2 = 0.0f, a1 = 0.0f, a2 = 0.0f;
};

constexpr uint32_t kMaxBiquads = (kMaxFilterOrder + 1) / 2;

// Fills sections[0..*count) (at most kMaxBiquads). type must be kLowPass or
// kHighPass; order 1..8; 0 < cutoffHz < sampleRateHz / 2.
DspStatus designButterworth(FilterType type, uint32_t order, float cutoffHz, float sampleRateHz,
                            Biquad* sections, uint32_t* count);

// Runs x (n values, `stride` floats apart) through the cascade in place,
// starting from zero state (transposed direct form II per section).
void filterInPlace(const Biquad* sections, uint32_t count, float* x, uint32_t n, uint32_t stride = 1);

}  // namespace mote::dsp

#pragma once
// SOFTMAX over the last axis. int8 in, int8 out (scale 1/256, zero point
// -128), using TFLite's fixed-point exp / reciprocal algorithm exactly
// (5 integer bits for scaled differences, 12 for the sum). Float32 too.
// Portable: no heap, no exceptions; reentrant.
#include <cstdint>

namespace mote::nn::kernels {

struct SoftmaxInt8Params {
    int32_t inputMultiplier = 0;
    int inputLeftShift = 0;
    int32_t diffMin = 0;
};

// From the softmax beta and the input scale (TFLite's preparation).
SoftmaxInt8Params prepareSoftmaxInt8(double beta, double inputScale);

void softmaxInt8(const SoftmaxInt8Params& p, int32_t rows, int32_t depth, const int8_t* input,
                 int8_t* output);

void softmaxFloat(float beta, int32_t rows, int32_t depth, const float* input, float* output);

}  // namespace mote::nn::kernels

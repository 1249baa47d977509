#pragma once
// AVERAGE_POOL_2D and MAX_POOL_2D, int8 and float32, NHWC. Padded cells are
// excluded from the window (the average divides by the cells inside), as in
// TFLite. Portable: no heap, no exceptions; reentrant.
#include <cstdint>

#include "nn/kernels/shapes.h"

namespace mote::nn::kernels {

struct PoolParams {
    Window window;  // dilation ignored
    int32_t filterH = 1, filterW = 1;
    int32_t actMinInt = -128, actMaxInt = 127;  // int8 clamp
    float actMinFloat = 0.0f, actMaxFloat = 0.0f;  // float clamp
};

void averagePoolInt8(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                     int8_t* output);
void maxPoolInt8(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                 int8_t* output);
void averagePoolFloat(const PoolParams& p, const Dims4& in, const float* input, const Dims4& out,
                      float* output);
void maxPoolFloat(const PoolParams& p, const Dims4& in, const float* input, const Dims4& out,
                  float* output);

}  // namespace mote::nn::kernels

#pragma once
// DEPTHWISE_CONV_2D: int8 per-channel (TFLite's DepthwiseConvPerChannel
// reference) and float32. Layouts: input [N,H,W,Cin], filter [1,KH,KW,Cout]
// with Cout = Cin * depthMultiplier, bias [Cout] (may be null), output
// [N,OH,OW,Cout]. Portable: no heap, no exceptions; reentrant.
#include <cstdint>

#include "nn/kernels/shapes.h"

namespace mote::nn::kernels {

struct DepthwiseInt8Params {
    Window window;
    int32_t depthMultiplier = 1;
    int32_t inputOffset = 0;
    int32_t outputOffset = 0;
    int32_t actMin = -128, actMax = 127;
    const int32_t* multipliers = nullptr;  // [Cout]
    const int32_t* shifts = nullptr;       // [Cout]
};

// DSP core: depthwiseConvInt8Optimized (nn/kernels/optimized.h, byte-identical);
// elsewhere, or with MOTE_NN_REFERENCE_KERNELS, the reference loops.
void depthwiseConvInt8(const DepthwiseInt8Params& p, const Dims4& inShape, const int8_t* input,
                       const Dims4& filterShape, const int8_t* filter, const int32_t* bias,
                       const Dims4& outShape, int8_t* output);
void depthwiseConvInt8Reference(const DepthwiseInt8Params& p, const Dims4& inShape, const int8_t* input,
                                const Dims4& filterShape, const int8_t* filter, const int32_t* bias,
                                const Dims4& outShape, int8_t* output);

struct DepthwiseFloatParams {
    Window window;
    int32_t depthMultiplier = 1;
    float actMin, actMax;
};

void depthwiseConvFloat(const DepthwiseFloatParams& p, const Dims4& inShape, const float* input,
                        const Dims4& filterShape, const float* filter, const float* bias,
                        const Dims4& outShape, float* output);

}  // namespace mote::nn::kernels

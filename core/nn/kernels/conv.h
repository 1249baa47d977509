#pragma once
// CONV_2D: int8 with per-output-channel requantization (TFLite's
// ConvPerChannel reference), and float32.
// Layouts: input [N,H,W,Cin], filter [Cout,KH,KW,Cin], bias [Cout] (may be
// null), output [N,OH,OW,Cout]. Caller guarantees shapes are consistent.
// Portable: no heap, no exceptions; reentrant.
#include <cstdint>

#include "nn/kernels/shapes.h"

namespace mote::nn::kernels {

struct ConvInt8Params {
    Window window;
    int32_t inputOffset = 0;   // -input zero point
    int32_t outputOffset = 0;  // output zero point
    int32_t actMin = -128, actMax = 127;
    const int32_t* multipliers = nullptr;  // [Cout]
    const int32_t* shifts = nullptr;       // [Cout]
};

// On a core with the DSP extension this runs convInt8Optimized
// (nn/kernels/optimized.h, byte-identical results); elsewhere, or when built
// with MOTE_NN_REFERENCE_KERNELS, the reference loops below.
void convInt8(const ConvInt8Params& p, const Dims4& inShape, const int8_t* input,
              const Dims4& filterShape, const int8_t* filter, const int32_t* bias,
              const Dims4& outShape, int8_t* output);
// The reference (plain loops), the definition the optimized one is tested against.
void convInt8Reference(const ConvInt8Params& p, const Dims4& inShape, const int8_t* input,
                       const Dims4& filterShape, const int8_t* filter, const int32_t* bias,
                       const Dims4& outShape, int8_t* output);

struct ConvFloatParams {
    Window window;
    float actMin, actMax;
};

void convFloat(const ConvFloatParams& p, const Dims4& inShape, const float* input,
               const Dims4& filterShape, const float* filter, const float* bias,
               const Dims4& outShape, float* output);

}  // namespace mote::nn::kernels

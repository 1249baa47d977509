#pragma once
// Optimized int8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, written
// for cores with the Armv7E-M DSP extension (dual 16-bit multiply-
// accumulate). Same parameters, layouts and contracts as convInt8,
// depthwiseConvInt8 and fullyConnectedInt8, and byte-for-byte the same
// results (integer accumulation is exact; requantization is the reference's
// multiplyByQuantizedMultiplier). The public convInt8/... entry points call
// these on a DSP core and the reference loops elsewhere; they are exposed so
// tests can compare both on any machine (dsp_ops.h models the instructions
// on the host).
//
// How: no im2col and no scratch memory. Dot products run over contiguous
// runs of the NHWC input (a filter row's valid taps x input channels when
// the horizontal dilation is 1), four int8 at a time: SXTAB16 sign-extends
// two input bytes and adds the input offset in one instruction, SMLAD does
// two multiply-accumulates. Conv and fully connected compute 2 output pixels
// x 2 output channels per pass so every loaded word is used twice.
// Depthwise (depth multiplier 1) computes 4 channels x 2 pixels per pass.
// Cases without a fast path (depthwise with multiplier > 1, fully connected
// with a weights zero point) run the reference loops.
// Portable: no heap, no exceptions; reentrant.
#include <cstdint>

#include "nn/kernels/conv.h"
#include "nn/kernels/depthwise_conv.h"
#include "nn/kernels/fully_connected.h"

namespace mote::nn::kernels {

void convInt8Optimized(const ConvInt8Params& p, const Dims4& inShape, const int8_t* input,
                       const Dims4& filterShape, const int8_t* filter, const int32_t* bias,
                       const Dims4& outShape, int8_t* output);

void depthwiseConvInt8Optimized(const DepthwiseInt8Params& p, const Dims4& inShape, const int8_t* input,
                                const Dims4& filterShape, const int8_t* filter, const int32_t* bias,
                                const Dims4& outShape, int8_t* output);

void fullyConnectedInt8Optimized(const FullyConnectedInt8Params& p, int32_t batches, int32_t depth,
                                 int32_t units, const int8_t* input, const int8_t* weights,
                                 const int32_t* bias, int8_t* output);

// True when convInt8/depthwiseConvInt8/fullyConnectedInt8 dispatch to the
// optimized versions in this build (DSP core and not MOTE_NN_REFERENCE_KERNELS).
constexpr bool kOptimizedKernelsActive =
#if defined(__ARM_FEATURE_DSP) && !defined(MOTE_NN_REFERENCE_KERNELS)
    true;
#else
    false;
#endif

}  // namespace mote::nn::kernels

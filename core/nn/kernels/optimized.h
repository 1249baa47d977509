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
// How (all scratch on the stack, <= ~4 KB, no heap): SXTB16/SXTAB16 split
// int8 pairs into 16-bit lanes (adding the input offset), SMLAD does two
// multiply-accumulates. Fully connected and convs that miss the paths below
// compute 2 pixels x 2 channels per pass over the int8 data (gemm_int8.h).
// Depthwise 3x3 (multiplier 1, stride 1/2, channels a multiple of 4) and
// one-channel 3x3 conv run on planar 16-bit rows with SMLAD on tap pairs
// (depthwise_3x3_planar.h); pointwise and gathered convs on a GEMM over
// once-extended inputs (gemm_extended.h); requantization is one SMLAL
// (requant_fast.h). Cases without a fast path (other depthwise shapes,
// fully connected with a weights zero point) run the reference loops.
// Portable: no heap, no exceptions; reentrant.
#include "nn/kernels/conv_optimized.h"
#include "nn/kernels/depthwise_conv_optimized.h"
#include "nn/kernels/fully_connected_optimized.h"

namespace mote::nn::kernels {

// True when convInt8/depthwiseConvInt8/fullyConnectedInt8 dispatch to the
// optimized versions in this build (DSP core and not MOTE_NN_REFERENCE_KERNELS).
constexpr bool kOptimizedKernelsActive =
#if defined(__ARM_FEATURE_DSP) && !defined(MOTE_NN_REFERENCE_KERNELS)
    true;
#else
    false;
#endif

}  // namespace mote::nn::kernels

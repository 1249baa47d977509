#pragma once
// Internal to the optimized kernels: DEPTHWISE_CONV_2D for the common
// MobileNet/DS-CNN case - 3x3 filter, depth multiplier 1, stride 1 or 2,
// no dilation, channels a multiple of 4 - with SMLAD on PAIRS OF TAPS of
// the same channel (the NHWC layout only pairs different channels).
// How: per chunk of channels, the 3 input rows an output row needs are kept
// (ring of 3) as planar 16-bit rows, one per channel, with the input offset
// added and the padding stored as 0 (x + offset of the zero point), so the
// loops have no bounds checks. Building a row costs ~2 instructions per
// input byte (LDR, SXTAB16, PKHBT/PKHTB, STR for 4 channels x 2 pixels).
// Then 4 adjacent outputs of one channel and one filter row take 3 words
// {x0,x1} {x2,x3} {x4,x5} and the filter words {w0,w1} {w1,w2}:
//   out0 = SMLAD(x01, w01) + SMLABT(x23, w12)    out1 = SMLATB(x01, w01) + SMLAD(x23, w12)
//   out2 = SMLAD(x23, w01) + SMLABT(x45, w12)    out3 = SMLATB(x23, w01) + SMLAD(x45, w12)
// (stride 2: out_i = SMLAD(x[2i..], w01) + SMLABT(x[2i+2..], w12)).
// Requantization: FastRequant (requant_fast.h).
// Stack: <= ~3.5 KB. Portable: no heap; reentrant.
#include <cstdint>

#include "nn/kernels/conv.h"
#include "nn/kernels/depthwise_conv.h"

namespace mote::nn::kernels::detail {

// Also takes a depthwise layer with ONE input channel and any depth
// multiplier (person_detect's first layer): all outputs share one plane.
// Runs the layer and returns true, or returns false without writing
// anything when the layer is not of the supported kind (or its
// requantization does not fit FastRequant).
bool depthwise3x3Planar(const DepthwiseInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                        const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output);

// The same scheme for a 3x3 CONV_2D with 1 or 3 input channels (grayscale
// or RGB first layers): the input planes are shared by every output
// channel, which sums its 3x3 taps over all of them. Same conditions
// otherwise; false (nothing written) when it does not apply.
bool conv3x3FewChannelsPlanar(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                              const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output);

}  // namespace mote::nn::kernels::detail

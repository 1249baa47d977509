// DEPTHWISE_CONV_2D int8, DSP-extension version (see optimized.h): the
// planar 3x3 kernel (depthwise_3x3_planar.h) for 3x3 filters with depth
// multiplier 1, stride 1 or 2, no dilation and channels a multiple of 4 -
// every depthwise layer of the MobileNet / DS-CNN models. Other shapes run
// the reference loops: the earlier 4-channels-per-word kernel for them
// reached only ~0.1 MAC/instruction and cost 5 KB of flash.
#include "nn/kernels/depthwise_3x3_planar.h"
#include "nn/kernels/depthwise_conv_optimized.h"

namespace mote::nn::kernels {

void depthwiseConvInt8Optimized(const DepthwiseInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                                const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    if (detail::depthwise3x3Planar(p, in, input, f, filter, bias, out, output)) return;
    depthwiseConvInt8Reference(p, in, input, f, filter, bias, out, output);
}

}  // namespace mote::nn::kernels

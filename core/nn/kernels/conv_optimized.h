#pragma once
// The optimized int8 CONV_2D (see optimized.h for the contract). A header of
// its own so tools that follow "nn/kernels/x.h" -> x.cpp (the C++ library
// export) find the definition.
#include <cstdint>

#include "nn/kernels/conv.h"

namespace mote::nn::kernels {

void convInt8Optimized(const ConvInt8Params& p, const Dims4& inShape, const int8_t* input,
                       const Dims4& filterShape, const int8_t* filter, const int32_t* bias,
                       const Dims4& outShape, int8_t* output);

}  // namespace mote::nn::kernels

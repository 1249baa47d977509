#pragma once
// The optimized int8 FULLY_CONNECTED (see optimized.h for the contract). A header of
// its own so tools that follow "nn/kernels/x.h" -> x.cpp (the C++ library
// export) find the definition.
#include <cstdint>

#include "nn/kernels/fully_connected.h"

namespace mote::nn::kernels {

void fullyConnectedInt8Optimized(const FullyConnectedInt8Params& p, int32_t batches, int32_t depth,
                                 int32_t units, const int8_t* input, const int8_t* weights,
                                 const int32_t* bias, int8_t* output);

}  // namespace mote::nn::kernels

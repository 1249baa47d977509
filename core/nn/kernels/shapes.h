#pragma once
// Plain shape records passed to the kernels (NHWC activations).
// Portable: no heap, trivially copyable.
#include <cstdint>

namespace mote::nn::kernels {

struct Dims4 {
    int32_t n = 1, h = 1, w = 1, c = 1;
    int32_t elements() const { return n * h * w * c; }
};

// Spatial geometry shared by conv, depthwise conv and pooling.
struct Window {
    int32_t strideH = 1, strideW = 1;
    int32_t dilationH = 1, dilationW = 1;
    int32_t padH = 0, padW = 0;  // padding before the first row / column
};

}  // namespace mote::nn::kernels

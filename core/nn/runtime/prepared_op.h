#pragma once
// One operator resolved to a kernel call with all its parameters computed
// ahead of time (multipliers, shifts, clamps, geometry). A list of these in
// plan order is the "interpreter-free" program: the host executor walks it,
// and the firmware code generator emits the same calls with the same
// parameter values.
#include <cstdint>
#include <string>
#include <vector>

#include "nn/kernels/activations.h"
#include "nn/kernels/conv.h"
#include "nn/kernels/depthwise_conv.h"
#include "nn/kernels/elementwise.h"
#include "nn/kernels/fully_connected.h"
#include "nn/kernels/pooling.h"
#include "nn/kernels/quantize.h"
#include "nn/kernels/reshape_like.h"
#include "nn/kernels/softmax.h"

namespace mote::nn {

enum class KernelKind {
    ConvInt8, ConvFloat, DepthwiseInt8, DepthwiseFloat, FullyConnectedInt8, FullyConnectedFloat,
    AveragePoolInt8, AveragePoolFloat, MaxPoolInt8, MaxPoolFloat, SoftmaxInt8, SoftmaxFloat,
    LogisticInt8, LogisticFloat, TanhInt8, TanhFloat, AddInt8, AddFloat, MulInt8, MulFloat,
    Copy,  // RESHAPE (and any pure byte copy)
    Pad, Concatenation, MeanInt8, MeanFloat, QuantizeFloatToInt8, RequantizeInt8, DequantizeInt8,
};

const char* kernelKindName(KernelKind kind);

struct PreparedOp {
    KernelKind kind = KernelKind::Copy;
    int opIndex = 0;
    std::vector<int32_t> inputs;   // tensor indices (-1 = absent optional)
    std::vector<int32_t> outputs;

    kernels::Dims4 in, filter, out;
    int32_t batches = 0, depth = 0, units = 0;  // FC; softmax rows/depth in batches/depth
    int32_t size = 0;                           // element count for elementwise ops

    kernels::ConvInt8Params conv;
    kernels::ConvFloatParams convF{};
    kernels::DepthwiseInt8Params dw;
    kernels::DepthwiseFloatParams dwF{};
    kernels::FullyConnectedInt8Params fc;
    float actMinF = 0, actMaxF = 0;
    kernels::PoolParams pool;
    kernels::SoftmaxInt8Params softmax;
    float beta = 1.0f;
    kernels::SigmoidInt8Params sigmoid;
    kernels::AddInt8Params add;
    kernels::MulInt8Params mul;
    kernels::Broadcast broadcast{};
    kernels::MeanInt8Params mean;
    kernels::RequantizeParams requant;
    float scale = 0;
    int32_t zeroPoint = 0;

    // Pad / mean / concatenation geometry.
    int rank = 0;
    int32_t dims[kernels::kMaxCopyRank] = {};
    int32_t before[kernels::kMaxCopyRank] = {};
    int32_t outDims[kernels::kMaxCopyRank] = {};
    bool reduce[kernels::kMaxCopyRank] = {};
    size_t elementSize = 1;
    uint8_t padValue[4] = {};
    int32_t outer = 1;
    std::vector<size_t> chunkBytes;

    // Owned per-channel requantization tables (conv/dw/fc point into these).
    std::vector<int32_t> multipliers;
    std::vector<int32_t> shifts;

    int64_t macs = 0;
};

}  // namespace mote::nn

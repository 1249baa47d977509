// FULLY_CONNECTED int8, DSP-extension version (see optimized.h): the GEMM
// of gemm_int8.h, 2 batch rows x 2 units per pass over the depth. A weights
// zero point (rare; TFLite int8 weights are symmetric) takes the reference
// loops.
#include "nn/kernels/gemm_int8.h"
#include "nn/kernels/fully_connected_optimized.h"

namespace mote::nn::kernels {

void fullyConnectedInt8Optimized(const FullyConnectedInt8Params& p, int32_t batches, int32_t depth, int32_t units,
                                 const int8_t* input, const int8_t* weights, const int32_t* bias, int8_t* output) {
    if (p.filterOffset != 0) {
        fullyConnectedInt8Reference(p, batches, depth, units, input, weights, bias, output);
        return;
    }
    detail::Requant q;
    q.bias = bias;
    q.multipliers = p.multipliers;
    q.shifts = p.shifts;
    q.perChannel = p.perChannel;
    q.outputOffset = p.outputOffset;
    q.actMin = p.actMin;
    q.actMax = p.actMax;
    // One row: the offset rides along in SXTAB16 (no weight sums needed).
    // Several rows: weight sums per chunk of units, then row pairs.
    constexpr int32_t kChunk = 128;
    int32_t offsetSums[kChunk];
    const int32_t pairs = batches / 2;
    for (int32_t u0 = 0; u0 < units && pairs > 0; u0 += kChunk) {
        const int32_t u1 = u0 + kChunk < units ? u0 + kChunk : units;
        detail::weightOffsetSums(weights, depth, u0, u1, p.inputOffset, offsetSums);
        for (int32_t b = 0; b + 2 <= batches; b += 2)
            detail::gemmRowPair(input + b * depth, depth, weights, u0, u1, offsetSums, q, output + b * units,
                                output + (b + 1) * units);
    }
    if (batches % 2)
        detail::gemmRow(input + (batches - 1) * depth, depth, weights, 0, units, p.inputOffset, q,
                        output + (batches - 1) * units);
}

}  // namespace mote::nn::kernels

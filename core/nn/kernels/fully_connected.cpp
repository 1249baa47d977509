#include "nn/kernels/fully_connected.h"

#include "nn/kernels/fixed_point.h"
#include "nn/kernels/fully_connected_optimized.h"  // (also brings its .cpp into library exports)
#include "nn/kernels/optimized.h"

namespace mote::nn::kernels {

void fullyConnectedInt8(const FullyConnectedInt8Params& p, int32_t batches, int32_t depth,
                        int32_t units, const int8_t* input, const int8_t* weights,
                        const int32_t* bias, int8_t* output) {
    if constexpr (kOptimizedKernelsActive)
        fullyConnectedInt8Optimized(p, batches, depth, units, input, weights, bias, output);
    else
        fullyConnectedInt8Reference(p, batches, depth, units, input, weights, bias, output);
}

void fullyConnectedInt8Reference(const FullyConnectedInt8Params& p, int32_t batches, int32_t depth,
                                 int32_t units, const int8_t* input, const int8_t* weights,
                                 const int32_t* bias, int8_t* output) {
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t* in = input + b * depth;
        for (int32_t u = 0; u < units; ++u) {
            const int8_t* wRow = weights + u * depth;
            int32_t acc = 0;
            for (int32_t d = 0; d < depth; ++d)
                acc += (static_cast<int32_t>(wRow[d]) + p.filterOffset) *
                       (static_cast<int32_t>(in[d]) + p.inputOffset);
            if (bias) acc += bias[u];
            const int32_t k = p.perChannel ? u : 0;
            acc = multiplyByQuantizedMultiplier(acc, p.multipliers[k], p.shifts[k]);
            acc += p.outputOffset;
            acc = acc < p.actMin ? p.actMin : (acc > p.actMax ? p.actMax : acc);
            output[b * units + u] = static_cast<int8_t>(acc);
        }
    }
}

void fullyConnectedFloat(float actMin, float actMax, int32_t batches, int32_t depth, int32_t units,
                         const float* input, const float* weights, const float* bias,
                         float* output) {
    for (int32_t b = 0; b < batches; ++b) {
        const float* in = input + b * depth;
        for (int32_t u = 0; u < units; ++u) {
            const float* wRow = weights + u * depth;
            float total = 0.0f;
            for (int32_t d = 0; d < depth; ++d) total += in[d] * wRow[d];
            const float v = total + (bias ? bias[u] : 0.0f);
            output[b * units + u] = v < actMin ? actMin : (v > actMax ? actMax : v);
        }
    }
}

}  // namespace mote::nn::kernels

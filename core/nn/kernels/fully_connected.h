#pragma once
// FULLY_CONNECTED: int8 (TFLite reference: per-tensor, or per-channel when a
// multiplier per output unit is given) and float32.
// input: `batches` rows of `depth` values; weights [units, depth];
// bias [units] (may be null); output [batches, units].
// Portable: no heap, no exceptions; reentrant.
#include <cstdint>

namespace mote::nn::kernels {

struct FullyConnectedInt8Params {
    int32_t inputOffset = 0;   // -input zero point
    int32_t filterOffset = 0;  // -weights zero point (0 for symmetric weights)
    int32_t outputOffset = 0;  // output zero point
    int32_t actMin = -128, actMax = 127;
    const int32_t* multipliers = nullptr;  // [1] or [units]
    const int32_t* shifts = nullptr;
    bool perChannel = false;
};

// DSP core: fullyConnectedInt8Optimized (nn/kernels/optimized.h, byte-identical);
// elsewhere, or with MOTE_NN_REFERENCE_KERNELS, the reference loop.
void fullyConnectedInt8(const FullyConnectedInt8Params& p, int32_t batches, int32_t depth,
                        int32_t units, const int8_t* input, const int8_t* weights,
                        const int32_t* bias, int8_t* output);
void fullyConnectedInt8Reference(const FullyConnectedInt8Params& p, int32_t batches, int32_t depth,
                                 int32_t units, const int8_t* input, const int8_t* weights,
                                 const int32_t* bias, int8_t* output);

void fullyConnectedFloat(float actMin, float actMax, int32_t batches, int32_t depth, int32_t units,
                         const float* input, const float* weights, const float* bias,
                         float* output);

}  // namespace mote::nn::kernels

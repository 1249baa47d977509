// FULLY_CONNECTED int8, DSP-extension version (see optimized.h): 2 batch
// rows x 2 units per pass over the depth. A weights zero point (rare; TFLite
// int8 weights are symmetric) takes the reference loops.
#include "nn/kernels/dot_block.h"
#include "nn/kernels/optimized.h"

namespace mote::nn::kernels {
namespace {

template <int P>
void fcRows(const FullyConnectedInt8Params& p, int32_t b, int32_t depth, int32_t units, const int8_t* input,
            const int8_t* weights, const int32_t* bias, int8_t* output) {
    const int8_t* in0 = input + b * depth;
    const int8_t* in1 = in0 + depth;
    int8_t* out0 = output + b * units;
    int8_t* out1 = out0 + units;
    auto store = [&](int8_t* out, int32_t u, int32_t acc) {
        const int32_t k = p.perChannel ? u : 0;
        if (bias) acc += bias[u];
        acc = multiplyByQuantizedMultiplier(acc, p.multipliers[k], p.shifts[k]);
        acc += p.outputOffset;
        out[u] = static_cast<int8_t>(acc < p.actMin ? p.actMin : (acc > p.actMax ? p.actMax : acc));
    };
    int32_t u = 0;
    for (; u + 2 <= units; u += 2) {
        int32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0;
        const int8_t* w0 = weights + u * depth;
        detail::dotBlock<P, 2>(in0, in1, w0, w0 + depth, depth, p.inputOffset, a00, a01, a10, a11);
        store(out0, u, a00);
        store(out0, u + 1, a01);
        if constexpr (P == 2) {
            store(out1, u, a10);
            store(out1, u + 1, a11);
        }
    }
    if (u < units) {
        int32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0;
        const int8_t* w0 = weights + u * depth;
        detail::dotBlock<P, 1>(in0, in1, w0, w0, depth, p.inputOffset, a00, a01, a10, a11);
        store(out0, u, a00);
        if constexpr (P == 2) store(out1, u, a10);
    }
}

}  // namespace

void fullyConnectedInt8Optimized(const FullyConnectedInt8Params& p, int32_t batches, int32_t depth, int32_t units,
                                 const int8_t* input, const int8_t* weights, const int32_t* bias, int8_t* output) {
    if (p.filterOffset != 0) {
        fullyConnectedInt8Reference(p, batches, depth, units, input, weights, bias, output);
        return;
    }
    int32_t b = 0;
    for (; b + 2 <= batches; b += 2) fcRows<2>(p, b, depth, units, input, weights, bias, output);
    if (b < batches) fcRows<1>(p, b, depth, units, input, weights, bias, output);
}

}  // namespace mote::nn::kernels

#include "nn/kernels/reshape_like.h"

#include <cstring>

#include "nn/kernels/fixed_point.h"

namespace mote::nn::kernels {

void padBytes(int rank, const int32_t* inDims, const int32_t* before, const int32_t* outDims,
              size_t elementSize, const void* padValue, const uint8_t* input, uint8_t* output) {
    int32_t total = 1;
    for (int d = 0; d < rank; ++d) total *= outDims[d];
    int32_t idx[kMaxCopyRank] = {0, 0, 0, 0, 0, 0};
    for (int32_t o = 0; o < total; ++o) {
        bool inside = true;
        int32_t inIndex = 0;
        for (int d = 0; d < rank; ++d) {
            const int32_t i = idx[d] - before[d];
            if (i < 0 || i >= inDims[d]) {
                inside = false;
                break;
            }
            inIndex = inIndex * inDims[d] + i;
        }
        uint8_t* dst = output + static_cast<size_t>(o) * elementSize;
        if (inside)
            std::memcpy(dst, input + static_cast<size_t>(inIndex) * elementSize, elementSize);
        else
            std::memcpy(dst, padValue, elementSize);
        for (int d = rank - 1; d >= 0; --d) {
            if (++idx[d] < outDims[d]) break;
            idx[d] = 0;
        }
    }
}

void concatenateBytes(int numInputs, const uint8_t* const* inputs, const size_t* chunkBytes,
                      int32_t outer, uint8_t* output) {
    for (int32_t o = 0; o < outer; ++o)
        for (int k = 0; k < numInputs; ++k) {
            std::memcpy(output, inputs[k] + static_cast<size_t>(o) * chunkBytes[k], chunkBytes[k]);
            output += chunkBytes[k];
        }
}

namespace {

// Calls f(inIndex, outIndex) for every input element.
template <typename F>
void forEachReduced(int rank, const int32_t* inDims, const bool* reduceAxis, F&& f) {
    int32_t total = 1;
    for (int d = 0; d < rank; ++d) total *= inDims[d];
    int32_t idx[kMaxCopyRank] = {0, 0, 0, 0, 0, 0};
    for (int32_t i = 0; i < total; ++i) {
        int32_t outIndex = 0;
        for (int d = 0; d < rank; ++d)
            if (!reduceAxis[d]) outIndex = outIndex * inDims[d] + idx[d];
        f(i, outIndex);
        for (int d = rank - 1; d >= 0; --d) {
            if (++idx[d] < inDims[d]) break;
            idx[d] = 0;
        }
    }
}

int32_t outputCount(int rank, const int32_t* inDims, const bool* reduceAxis, int32_t* perOutput) {
    int32_t outputs = 1;
    *perOutput = 1;
    for (int d = 0; d < rank; ++d) {
        if (reduceAxis[d])
            *perOutput *= inDims[d];
        else
            outputs *= inDims[d];
    }
    return outputs;
}

}  // namespace

void meanInt8(const MeanInt8Params& p, int rank, const int32_t* inDims, const bool* reduceAxis,
              const int8_t* input, int8_t* output) {
    int32_t count = 0;
    const int32_t outputs = outputCount(rank, inDims, reduceAxis, &count);
    // Accumulate in the output buffer's own walk: first pass sums per output
    // into a running int32, one output at a time would need a scratch buffer,
    // so sum per output by re-walking (outputs are few for MEAN in practice).
    for (int32_t o = 0; o < outputs; ++o) {
        int32_t sum = 0;
        forEachReduced(rank, inDims, reduceAxis, [&](int32_t i, int32_t outIndex) {
            if (outIndex == o) sum += static_cast<int32_t>(input[i]) - p.inputZeroPoint;
        });
        int32_t v = multiplyByQuantizedMultiplier(sum, p.multiplier, p.shift) + p.outputZeroPoint;
        v = v < -128 ? -128 : (v > 127 ? 127 : v);
        output[o] = static_cast<int8_t>(v);
    }
}

void meanFloat(int rank, const int32_t* inDims, const bool* reduceAxis, const float* input,
               float* output) {
    int32_t count = 0;
    const int32_t outputs = outputCount(rank, inDims, reduceAxis, &count);
    for (int32_t o = 0; o < outputs; ++o) output[o] = 0.0f;
    forEachReduced(rank, inDims, reduceAxis,
                   [&](int32_t i, int32_t outIndex) { output[outIndex] += input[i]; });
    for (int32_t o = 0; o < outputs; ++o) output[o] /= static_cast<float>(count);
}

}  // namespace mote::nn::kernels

#pragma once
// Data-movement kernels that work on raw bytes whatever the element type:
// PAD, CONCATENATION, and MEAN (int8 / float32) over a set of axes.
// Shapes are given with rank <= kMaxCopyRank. Portable: no heap, no
// exceptions; reentrant.
#include <cstddef>
#include <cstdint>

namespace mote::nn::kernels {

constexpr int kMaxCopyRank = 6;

// out[i] = in[i - before] inside the input, else `padValue` (elementSize
// bytes). outDims[d] = inDims[d] + before[d] + after[d].
void padBytes(int rank, const int32_t* inDims, const int32_t* before, const int32_t* outDims,
              size_t elementSize, const void* padValue, const uint8_t* input, uint8_t* output);

// Concatenation along an axis: `outer` repetitions; for each, input k
// contributes chunkBytes[k] bytes in input order.
void concatenateBytes(int numInputs, const uint8_t* const* inputs, const size_t* chunkBytes,
                      int32_t outer, uint8_t* output);

struct MeanInt8Params {
    int32_t inputZeroPoint = 0;
    int32_t outputZeroPoint = 0;
    int32_t multiplier = 0;  // in_scale / (out_scale * count)
    int shift = 0;
};

// Reduces the axes flagged in `reduceAxis` (keep_dims layout is the
// caller's business: output is the input shape with reduced axes = 1).
void meanInt8(const MeanInt8Params& p, int rank, const int32_t* inDims, const bool* reduceAxis,
              const int8_t* input, int8_t* output);
void meanFloat(int rank, const int32_t* inDims, const bool* reduceAxis, const float* input,
               float* output);

}  // namespace mote::nn::kernels

#pragma once
// Internal building block of the optimized kernels (optimized.h): an int8
// matrix product where every operand row is a contiguous run of `len`
// bytes, followed by the reference requantization.
//   out_r[c] = requant(sum_i (a_r[i] + inputOffset) * w_c[i]),  w_c = w + c*len
// Row pairs use the SMLAD 2x2 kernel without the offset in the inner loop
// (acc starts at inputOffset * sum(w_c), precomputed once per call with
// weightOffsetSums); single rows add the offset with SXTAB16. Integer
// arithmetic is exact, so both give the reference's sums.
// Portable: no heap; reentrant.
#include <cstdint>

namespace mote::nn::kernels::detail {

struct Requant {
    const int32_t* bias = nullptr;  // [cols] or null
    const int32_t* multipliers = nullptr;
    const int32_t* shifts = nullptr;
    bool perChannel = true;  // false: multipliers[0]/shifts[0] for every column
    int32_t outputOffset = 0, actMin = -128, actMax = 127;
};

// sums[c - c0] = inputOffset * sum_i w_c[i] for c in [c0, c1).
void weightOffsetSums(const int8_t* w, int32_t len, int32_t c0, int32_t c1, int32_t inputOffset, int32_t* sums);

// Rows a and a + len (two pixels / batch rows), columns [c0, c1);
// offsetSums from weightOffsetSums for the same columns. Writes out0[c],
// out1[c].
void gemmRowPair(const int8_t* a, int32_t len, const int8_t* w, int32_t c0, int32_t c1, const int32_t* offsetSums,
                 const Requant& q, int8_t* out0, int8_t* out1);

// One row a, columns [c0, c1).
void gemmRow(const int8_t* a, int32_t len, const int8_t* w, int32_t c0, int32_t c1, int32_t inputOffset,
             const Requant& q, int8_t* out0);

}  // namespace mote::nn::kernels::detail

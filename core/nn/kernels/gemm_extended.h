#pragma once
// Internal to the optimized kernels: the int8 GEMM for a PAIR of operand
// rows (two output pixels / batch rows) that were sign-extended to 16 bits,
// with the input offset added, ONCE (extendPair) - instead of once per
// output-channel pair, as gemm_int8.h does. The extended words of both rows
// are interleaved so one LDM brings 4 inputs of each row:
//   quad q (inputs 4q..4q+3):  words 4q..4q+3 =
//     {x0[4q], x0[4q+2]} {x0[4q+1], x0[4q+3]} {x1[4q], x1[4q+2]} {x1[4q+1], x1[4q+3]}
//   (lo/hi int16 lanes of (x + inputOffset)), i.e. exactly the lanes SXTB16
//   and SXTB16 ROR #8 make of a weight word, so each SMLAD pairs them;
//   then, when len % 4 != 0, one zero-padded quad in the same form and the
//   len % 4 tail words of row 0 and of row 1 (one int32 x + offset each).
//   Column pairs whose weight reads may run up to 3 bytes into the next
//   filter row (every pair but the last one of the call) take the padded
//   quad - the padded inputs are 0, so the bytes read add nothing - and the
//   last pair the exact scalar tail.
// Inner loop per 4 inputs x 2 rows x 2 output channels (16 MACs): LDM,
// 2 LDR, 4 SXTB16, 8 SMLAD, loop = 17 instructions. Accumulators start at
// the bias; requantization is FastRequant (requant_fast.h).
// Portable: no heap; reentrant.
#include <cstdint>

#include "nn/kernels/requant_fast.h"

namespace mote::nn::kernels::detail {

// Columns per gemmExtendedPair pass (raw accumulators on the stack).
constexpr int32_t kMaxGemmColumns = 64;

// Words extendPair writes for rows of `len` inputs.
constexpr int32_t extendedWords(int32_t len) { return 4 * ((len + 3) / 4) + 2 * (len % 4); }

void extendPair(const int8_t* row0, const int8_t* row1, int32_t len, int32_t inputOffset, uint32_t* dst);

struct GemmOut {
    const int32_t* bias;     // [cols] or null
    const FastRequant* q;    // q[c - c0]
    int32_t actMin, actMax;
    bool allFast;            // every q in the one-multiply form (FastRequantKind::kAllFast)
};

// out0[c] / out1[c] for c in [c0, c1) from the extended pair xb (w: filter
// rows of `len` bytes, row c at w + c*len). out1 may be null: only row 0 is
// stored (an odd last pixel extended twice).
void gemmExtendedPair(const uint32_t* xb, int32_t len, const int8_t* w, int32_t c0, int32_t c1, const GemmOut& o,
                      int8_t* out0, int8_t* out1);

}  // namespace mote::nn::kernels::detail

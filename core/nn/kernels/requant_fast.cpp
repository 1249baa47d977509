#include "nn/kernels/requant_fast.h"

namespace mote::nn::kernels::detail {

bool prepareFastRequant(const int32_t* multipliers, const int32_t* shifts, bool perChannel, int32_t outputOffset,
                        int32_t c0, int32_t c1, FastRequant* q) {
    if (outputOffset < -256 || outputOffset > 255) return false;  // keeps |P + K| < 2^63
    for (int32_t c = c0; c < c1; ++c) {
        const int32_t i = perChannel ? c : 0;
        const int32_t m = multipliers[i];
        const int32_t r = -shifts[i];
        if (m < 0 || r < 1 || r > 22) return false;
        FastRequant& f = q[c - c0];
        f.multiplier = m;
        f.shift = r - 1;
        // outputOffset * 2^(31+r) via multiplication: left-shifting a
        // negative value is not portable C++17.
        f.round = (int64_t{1} << 30) + (int64_t{1} << (30 + r)) + int64_t{outputOffset} * (int64_t{1} << (31 + r));
    }
    return true;
}

}  // namespace mote::nn::kernels::detail

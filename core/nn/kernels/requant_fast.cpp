#include "nn/kernels/requant_fast.h"

#include "nn/kernels/fixed_point.h"

namespace mote::nn::kernels::detail {

FastRequantKind prepareFastRequant(const int32_t* multipliers, const int32_t* shifts, bool perChannel,
                                   int32_t outputOffset, int32_t c0, int32_t c1, FastRequant* q) {
    // |outputOffset| <= 256 keeps |P + K| < 2^63 in the one-multiply form.
    const bool offsetFits = outputOffset >= -256 && outputOffset <= 255;
    FastRequantKind kind = FastRequantKind::kAllFast;
    for (int32_t c = c0; c < c1; ++c) {
        const int32_t i = perChannel ? c : 0;
        const int32_t m = multipliers[i];
        const int32_t r = -shifts[i];
        if (m < 0) return FastRequantKind::kNone;
        FastRequant& f = q[c - c0];
        f.multiplier = m;
        if (r > 22 && r <= 31) {
            // Large r (vww's dead depthwise channels have r = 31): the same
            // form without the offset in K (it would overflow), the offset
            // added after the shift; see fastRequant.
            f.shift = 21 - r;  // -2 .. -10
            f.round = outputOffset;
            kind = FastRequantKind::kMixed;
            continue;
        }
        if (r < 1 || r > 22 || !offsetFits) {
            f.shift = -1;
            f.round = static_cast<int64_t>(static_cast<uint64_t>(static_cast<uint32_t>(shifts[i])) |
                                           (static_cast<uint64_t>(static_cast<uint32_t>(outputOffset)) << 32));
            kind = FastRequantKind::kMixed;
            continue;
        }
        f.shift = r - 1;
        // outputOffset * 2^(31+r) via multiplication: left-shifting a
        // negative value is not portable C++17.
        f.round = (int64_t{1} << 30) + (int64_t{1} << (30 + r)) + int64_t{outputOffset} * (int64_t{1} << (31 + r));
    }
    return kind;
}

int32_t literalRequant(int32_t acc, const FastRequant& q) {
    const uint64_t packed = static_cast<uint64_t>(q.round);
    const int32_t shift = static_cast<int32_t>(static_cast<uint32_t>(packed));
    const int32_t offset = static_cast<int32_t>(static_cast<uint32_t>(packed >> 32));
    return wrapAdd(multiplyByQuantizedMultiplier(acc, q.multiplier, shift), offset);
}

}  // namespace mote::nn::kernels::detail

#pragma once
// Internal to the optimized kernels: the reference requantization
//   clamp(roundingDivideByPot(srdhm(acc, m), r) + outputOffset)
// (multiplyByQuantizedMultiplier with shift = -r, double rounding) folded
// into ONE 64-bit multiply-accumulate and one shift of its high word:
//   v = floor((P + 2^30) / 2^31)                     P = acc * m
//   out = floor((v + 2^(r-1) - [v < 0]) / 2^r) + outputOffset
//       = (P + K - [acc < 0] * 2^31) >> (31 + r)
//   with K = 2^30 + 2^(30+r) + outputOffset * 2^(31+r), a per-channel constant.
// (Nested floor divisions merge: floor((floor(a/b) + c)/d) = floor((a + cb)/(bd)).)
// [v < 0] may be replaced by [acc < 0] because m >= 0: they differ only when
// acc < 0 and -2^30 <= P, and then both forms give 0 + outputOffset (checked
// bit for bit against the reference in nn_optimized_kernels_test and on the
// M4). Valid for 1 <= r <= 22 and 0 <= m (no left shift, no saturation case,
// and |P + K| < 2^63); prepareFastRequant reports whether every channel of a
// layer qualifies, otherwise the kernels keep the literal sequence
// (RequantLocal in dot_block.h). TFLite-converted models have r in ~[5, 12].
// On the M4 this is LDRD + SMLAL + LSR + SMLAL + ASR instead of ~30
// instructions with branches. Portable; no state.
#include <cstdint>

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

namespace mote::nn::kernels::detail {

struct FastRequant {  // one output channel
    int64_t round;       // K above
    int32_t multiplier;  // m
    int32_t shift;       // r - 1: the arithmetic right shift of the high word
};

// Fills q[0 .. c1-c0) for channels [c0, c1) (perChannel false: channel 0's
// multiplier/shift for all). Returns false, leaving q unspecified, when some
// channel is outside the valid range above.
bool prepareFastRequant(const int32_t* multipliers, const int32_t* shifts, bool perChannel, int32_t outputOffset,
                        int32_t c0, int32_t c1, FastRequant* q);

// Requantized value with the output offset added, before the clamp.
inline int32_t fastRequant(int32_t acc, const FastRequant& q) {
#if defined(__ARM_FEATURE_DSP)
    // GCC turned the correction below into 6 instructions; this is 2
    // (LDRD, SMLAL, LSR, SMLAL, ASR in all).
    int64_t t = q.round;
    uint32_t sign;
    __asm__("smlal %Q[t], %R[t], %[acc], %[m]\n\t"
            "lsr %[sign], %[acc], #31\n\t"
            "smlal %Q[t], %R[t], %[sign], %[min]"
            : [t] "+&r"(t), [sign] "=&r"(sign)
            : [acc] "r"(acc), [m] "r"(q.multiplier), [min] "r"(INT32_MIN));
    return static_cast<int32_t>(static_cast<uint64_t>(t) >> 32) >> q.shift;
#else
    int64_t t = q.round + int64_t{acc} * q.multiplier;
    // -2^31 when acc < 0: a second SMLAL of (acc >>> 31) by INT32_MIN.
    t += int64_t{static_cast<int32_t>(static_cast<uint32_t>(acc) >> 31)} * INT32_MIN;
    return static_cast<int32_t>(static_cast<uint64_t>(t) >> 32) >> q.shift;
#endif
}

// Clamp to [-128, 127] (SSAT on a DSP core).
inline int8_t saturateInt8(int32_t v) {
#if defined(__ARM_FEATURE_DSP)
    return static_cast<int8_t>(__ssat(v, 8));
#else
    return static_cast<int8_t>(v < -128 ? -128 : (v > 127 ? 127 : v));
#endif
}

inline int8_t clampInt8(int32_t v, int32_t lo, int32_t hi) {
    v = v < lo ? lo : v;
    v = v > hi ? hi : v;
    return static_cast<int8_t>(v);
}

}  // namespace mote::nn::kernels::detail

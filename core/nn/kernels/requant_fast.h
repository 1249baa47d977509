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
// and |P + K| < 2^63). Channels outside that range (real models have them:
// dead depthwise channels with r = 31, large multipliers with r = 0 and a
// left shift) are marked (shift < 0): 23 <= r <= 31 keep the one-multiply
// form with the offset added after the shift, the rest take the literal
// reference sequence; prepareFastRequant says whether a layer has any.
// Negative multipliers (never produced by TFLite) make the layer fall back
// to the other kernels. On the M4 the fast form is LDRD + SMLAL + LSR +
// SMLAL + ASR instead of ~30 instructions with branches. Portable; no state.
#include <cstdint>

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

namespace mote::nn::kernels::detail {

struct FastRequant {  // one output channel
    int64_t round;       // K above; literal channels: {lo: the shift, hi: the output offset};
                         // 23 <= r <= 31: the output offset
    int32_t multiplier;  // m
    int32_t shift;       // r - 1: the arithmetic right shift of the high word; -1: literal
                         // channel; -2 .. -10: r = 21 - shift in 23 .. 31 (offset after the shift)
};

enum class FastRequantKind {
    kNone,     // some multiplier < 0: use the other kernels
    kAllFast,  // every channel in the one-multiply form (the asm may requantize inline)
    kMixed,    // some channels use the literal sequence (fastRequant branches)
};

// Fills q[0 .. c1-c0) for channels [c0, c1) (perChannel false: channel 0's
// multiplier/shift for all). q is unspecified when kNone is returned.
FastRequantKind prepareFastRequant(const int32_t* multipliers, const int32_t* shifts, bool perChannel,
                                   int32_t outputOffset, int32_t c0, int32_t c1, FastRequant* q);

// The literal reference sequence for a marked channel.
int32_t literalRequant(int32_t acc, const FastRequant& q);

// Requantized value with the output offset added, before the clamp; q must
// be in the one-multiply form (shift >= 0).
inline int32_t oneMultiplyRequant(int32_t acc, const FastRequant& q) {
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

// The same for any channel (literal channels take the reference sequence).
inline int32_t fastRequant(int32_t acc, const FastRequant& q) {
    if (__builtin_expect(q.shift < 0, 0)) {
        if (q.shift == -1) return literalRequant(acc, q);
        // 23 <= r <= 31: K = 2^30 + 2^(30+r) without the offset (|P + K| < 2^63),
        // the offset (in round) added after the shift.
        const int32_t r = 21 - q.shift;
        int64_t t = (int64_t{1} << 30) + (int64_t{1} << (30 + r)) + int64_t{acc} * q.multiplier;
        t -= int64_t{static_cast<int32_t>(static_cast<uint32_t>(acc) >> 31)} * (int64_t{1} << 31);
        return (static_cast<int32_t>(static_cast<uint64_t>(t) >> 32) >> (r - 1)) + static_cast<int32_t>(q.round);
    }
    return oneMultiplyRequant(acc, q);
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

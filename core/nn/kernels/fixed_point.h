#pragma once
// Fixed-point arithmetic with TFLite's reference rounding rules.
//
// These are the primitives TFLite's integer kernels are defined with (the
// "gemmlowp" fixed-point conventions): a Q-format value is a raw int32 with
// `31 - IntegerBits` fractional bits. Bit-exactness with TensorFlow Lite
// Micro depends on every rounding here matching, so each function states the
// exact rule it implements.
//
// Portable: header-only, C++17, no heap, no exceptions; safe from any thread.
#include <cstdint>
#include <limits>

namespace mote::nn::kernels {

constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();

// round(a * b / 2^31) with ties away from zero, saturating the one overflow
// case (INT32_MIN * INT32_MIN).
inline int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
    if (a == kInt32Min && b == kInt32Min) return kInt32Max;
    const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
    // The reference rule is trunc((ab + nudge) / 2^31) with nudge = 2^30 for
    // ab >= 0 and 1 - 2^30 for ab < 0. For ab < 0 the dividend is always
    // negative, and trunc(v / 2^31) = floor((v + 2^31 - 1) / 2^31), which is
    // floor((ab + 2^30) / 2^31) - the same expression as for ab >= 0. So one
    // arithmetic shift gives the identical result without the sign branch
    // and the 64-bit division fix-up (SMULL, ADDS, ADC, 2 shifts on the M4);
    // kernels_test checks the identity against the literal rule.
    return static_cast<int32_t>((ab + (int64_t{1} << 30)) >> 31);
}

// x / 2^exponent rounded to nearest, ties away from zero. 0 <= exponent <= 31.
inline int32_t roundingDivideByPot(int32_t x, int exponent) {
    const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// x * multiplier * 2^shift (multiplier is Q0.31), TFLite's default
// "double rounding" requantization: left shift first, then high-mul, then a
// rounding right shift.
inline int32_t multiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int shift) {
    const int leftShift = shift > 0 ? shift : 0;
    const int rightShift = shift > 0 ? 0 : -shift;
    const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << leftShift);
    return roundingDivideByPot(saturatingRoundingDoublingHighMul(shifted, multiplier), rightShift);
}

// Variant for multipliers known to be < 1 (shift <= 0).
inline int32_t multiplyByQuantizedMultiplierSmallerThanOneExp(int32_t x, int32_t multiplier,
                                                              int leftShift) {
    return roundingDivideByPot(saturatingRoundingDoublingHighMul(x, multiplier), -leftShift);
}

// Variant for multipliers known to be >= 1 (shift >= 0).
inline int32_t multiplyByQuantizedMultiplierGreaterThanOne(int32_t x, int32_t multiplier,
                                                           int leftShift) {
    const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << leftShift);
    return saturatingRoundingDoublingHighMul(shifted, multiplier);
}

// x * 2^exponent with saturation (exponent > 0) or rounding (exponent < 0).
inline int32_t saturatingRoundingMultiplyByPot(int32_t x, int exponent) {
    if (exponent == 0) return x;
    if (exponent < 0) return roundingDivideByPot(x, -exponent);
    const int32_t threshold = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
    if (x > threshold) return kInt32Max;
    if (x < -threshold) return kInt32Min;
    return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

// Wrapping add/sub: the fixed-point algorithms rely on two's complement
// wrap-around semantics, which signed overflow in C++ does not guarantee.
inline int32_t wrapAdd(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t wrapSub(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

// (a + b) / 2 rounded half away from zero, in 64 bits.
inline int32_t roundingHalfSum(int32_t a, int32_t b) {
    const int64_t sum = static_cast<int64_t>(a) + static_cast<int64_t>(b);
    const int64_t sign = sum >= 0 ? 1 : -1;
    return static_cast<int32_t>((sum + sign) / 2);
}

// Q-format helpers on raw int32 values. "One" in Q0 saturates to INT32_MAX.
constexpr int32_t fixedOne(int integerBits) {
    return integerBits == 0 ? kInt32Max : static_cast<int32_t>(int64_t{1} << (31 - integerBits));
}

// Raw value of 2^exponent in a format with `integerBits` integer bits.
constexpr int32_t fixedConstantPot(int integerBits, int exponent) {
    return static_cast<int32_t>(int64_t{1} << (31 - integerBits + exponent));
}

// exp(a) for a in [-1/4, 0), a in Q0.31; result in Q0.31. Taylor series
// around -1/8 (TFLite/gemmlowp constants).
int32_t expOnIntervalNegQuarterToZero(int32_t a);

// exp(a) for a <= 0, `a` with `integerBits` integer bits; result Q0.31.
int32_t expOnNegativeValues(int32_t a, int integerBits);

// 1 / (1 + x) for x in [0, 1), Q0.31 in and out (Newton-Raphson, 3 steps).
int32_t oneOverOnePlusXForXIn01(int32_t a);

// (1 - x) / (1 + x) for x in [0, 1), Q0.31 in and out.
int32_t oneMinusXOverOnePlusXForXIn01(int32_t a);

// logistic(a) and tanh(a); `a` with `integerBits` integer bits, result Q0.31.
int32_t fixedLogistic(int32_t a, int integerBits);
int32_t fixedTanh(int32_t a, int integerBits);

// Number of leading zero bits of x (32 for 0).
inline int countLeadingZeros(uint32_t x) {
    if (x == 0) return 32;
    return __builtin_clz(x);
}

}  // namespace mote::nn::kernels

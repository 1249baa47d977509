// The fixed-point transcendental functions TFLite's integer softmax, logistic
// and tanh are defined with. Constants are the published gemmlowp ones; the
// sequence of roundings follows the reference exactly (see fixed_point.h).
#include "nn/kernels/fixed_point.h"

namespace mote::nn::kernels {
namespace {

// Q0 * Q0 -> Q0, Q0 * Q2 -> Q2 etc.: a fixed-point product is the rounding
// doubling high multiply of the raw values whatever the formats.
inline int32_t mul(int32_t a, int32_t b) { return saturatingRoundingDoublingHighMul(a, b); }

// Shared Newton-Raphson for 1/(1+x) on x in [0,1): returns 2/(1+x)-ish in Q2.
int32_t reciprocalNewtonQ2(int32_t halfDenominator) {
    constexpr int32_t k48Over17 = 1515870810;       // Q2
    constexpr int32_t kNeg32Over17 = -1010580540;   // Q2
    constexpr int32_t kOneQ2 = fixedOne(2);
    int32_t x = wrapAdd(k48Over17, mul(halfDenominator, kNeg32Over17));
    for (int i = 0; i < 3; ++i) {
        const int32_t halfDenominatorTimesX = mul(halfDenominator, x);         // Q2
        const int32_t oneMinus = wrapSub(kOneQ2, halfDenominatorTimesX);      // Q2
        // Q2 * Q2 = Q4, rescaled back to Q2 (multiply by 2^2, saturating).
        x = wrapAdd(x, saturatingRoundingMultiplyByPot(mul(x, oneMinus), 2));
    }
    return x;
}

}  // namespace

int32_t expOnIntervalNegQuarterToZero(int32_t a) {
    constexpr int32_t kConstantTerm = 1895147668;  // exp(-1/8), Q0
    constexpr int32_t kOneThird = 715827883;       // Q0
    const int32_t x = wrapAdd(a, fixedConstantPot(0, -3));
    const int32_t x2 = mul(x, x);
    const int32_t x3 = mul(x2, x);
    const int32_t x4 = mul(x2, x2);
    const int32_t x4Over4 = saturatingRoundingMultiplyByPot(x4, -2);
    const int32_t poly = saturatingRoundingMultiplyByPot(
        wrapAdd(mul(wrapAdd(x4Over4, x3), kOneThird), x2), -1);
    return wrapAdd(kConstantTerm, mul(kConstantTerm, wrapAdd(x, poly)));
}

int32_t expOnNegativeValues(int32_t a, int integerBits) {
    const int fractionalBits = 31 - integerBits;
    const int32_t oneQuarter = fixedConstantPot(integerBits, -2);
    const int32_t mask = oneQuarter - 1;
    const int32_t aModQuarterMinusQuarter = wrapSub(a & mask, oneQuarter);
    int32_t result = expOnIntervalNegQuarterToZero(
        saturatingRoundingMultiplyByPot(aModQuarterMinusQuarter, integerBits));
    const int32_t remainder = wrapSub(aModQuarterMinusQuarter, a);

    // exp(-2^e) for e = -2..4, Q0; applied for every bit set in the remainder.
    struct Barrel {
        int exponent;
        int32_t multiplier;
    };
    constexpr Barrel kBarrel[] = {{-2, 1672461947}, {-1, 1302514674}, {0, 790015084},
                                  {1, 290630308},   {2, 39332535},    {3, 720401},
                                  {4, 242}};
    for (const Barrel& b : kBarrel) {
        if (integerBits > b.exponent) {
            const int shift = fractionalBits + b.exponent;
            if (remainder & static_cast<int32_t>(uint32_t{1} << shift))
                result = mul(result, b.multiplier);
        }
    }
    if (integerBits > 5) {
        const int32_t clamp = -static_cast<int32_t>(int64_t{1} << (36 - integerBits));  // -32
        if (a < clamp) result = 0;
    }
    if (a == 0) result = fixedOne(0);
    return result;
}

int32_t oneOverOnePlusXForXIn01(int32_t a) {
    const int32_t halfDenominator = roundingHalfSum(a, fixedOne(0));
    const int32_t x = reciprocalNewtonQ2(halfDenominator);
    // Reinterpret Q2 as Q1 (exact halving), then rescale Q1 -> Q0.
    return saturatingRoundingMultiplyByPot(x, 1);
}

int32_t oneMinusXOverOnePlusXForXIn01(int32_t a) {
    const int32_t halfDenominator = roundingHalfSum(a, fixedOne(0));
    const int32_t x = reciprocalNewtonQ2(halfDenominator);
    return saturatingRoundingMultiplyByPot(wrapSub(x, fixedOne(2)), 2);
}

int32_t fixedLogistic(int32_t a, int integerBits) {
    if (a == 0) return int32_t{1} << 30;  // one half
    const bool positive = a > 0;
    const int32_t absInput = positive ? a : wrapSub(0, a);
    const int32_t resultIfPositive =
        oneOverOnePlusXForXIn01(expOnNegativeValues(wrapSub(0, absInput), integerBits));
    return positive ? resultIfPositive : wrapSub(fixedOne(0), resultIfPositive);
}

int32_t fixedTanh(int32_t a, int integerBits) {
    if (a == 0) return 0;
    const bool negative = a < 0;
    const int32_t n = negative ? a : wrapSub(0, a);
    // n * 2, exactly: same raw value read with one more integer bit.
    const int32_t t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(n, integerBits + 1));
    return negative ? wrapSub(0, t) : t;
}

}  // namespace mote::nn::kernels

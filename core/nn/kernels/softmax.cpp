#include "nn/kernels/softmax.h"

#include <cmath>

#include "nn/kernels/fixed_point.h"
#include "nn/kernels/quant_util.h"

namespace mote::nn::kernels {
namespace {
constexpr int kScaledDiffIntegerBits = 5;
constexpr int kAccumulationIntegerBits = 12;
}  // namespace

SoftmaxInt8Params prepareSoftmaxInt8(double beta, double inputScale) {
    SoftmaxInt8Params p;
    preprocessSoftmaxScaling(beta, inputScale, kScaledDiffIntegerBits, &p.inputMultiplier,
                             &p.inputLeftShift);
    p.diffMin = -calculateInputRadius(kScaledDiffIntegerBits, p.inputLeftShift);
    return p;
}

void softmaxInt8(const SoftmaxInt8Params& p, int32_t rows, int32_t depth, const int8_t* input,
                 int8_t* output) {
    for (int32_t r = 0; r < rows; ++r) {
        const int8_t* in = input + r * depth;
        int8_t* out = output + r * depth;
        int32_t maxInRow = -128;
        for (int32_t c = 0; c < depth; ++c)
            if (in[c] > maxInRow) maxInRow = in[c];

        // Sum of exp(diff) in Q12.19.
        int32_t sumOfExps = 0;
        for (int32_t c = 0; c < depth; ++c) {
            const int32_t diff = static_cast<int32_t>(in[c]) - maxInRow;
            if (diff >= p.diffMin) {
                const int32_t rescaled =
                    multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
                const int32_t e = expOnNegativeValues(rescaled, kScaledDiffIntegerBits);  // Q0.31
                sumOfExps = wrapAdd(sumOfExps, saturatingRoundingMultiplyByPot(e, -kAccumulationIntegerBits));
            }
        }

        // 1 / sum as a Q0.31 value in [0.5, 1) and a power-of-two exponent.
        const int headroomPlusOne = countLeadingZeros(static_cast<uint32_t>(sumOfExps));
        const int numBitsOverUnit = kAccumulationIntegerBits - headroomPlusOne;
        const int32_t shiftedSumMinusOne = static_cast<int32_t>(
            (static_cast<uint32_t>(sumOfExps) << headroomPlusOne) - (uint32_t{1} << 31));
        const int32_t shiftedScale = oneOverOnePlusXForXIn01(shiftedSumMinusOne);

        for (int32_t c = 0; c < depth; ++c) {
            const int32_t diff = static_cast<int32_t>(in[c]) - maxInRow;
            if (diff >= p.diffMin) {
                const int32_t rescaled =
                    multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
                const int32_t e = expOnNegativeValues(rescaled, kScaledDiffIntegerBits);
                const int32_t unsat = roundingDivideByPot(
                    saturatingRoundingDoublingHighMul(shiftedScale, e), numBitsOverUnit + 31 - 8);
                int32_t v = unsat - 128;
                v = v < -128 ? -128 : (v > 127 ? 127 : v);
                out[c] = static_cast<int8_t>(v);
            } else {
                out[c] = -128;
            }
        }
    }
}

void softmaxFloat(float beta, int32_t rows, int32_t depth, const float* input, float* output) {
    for (int32_t r = 0; r < rows; ++r) {
        const float* in = input + r * depth;
        float* out = output + r * depth;
        float maxV = in[0];
        for (int32_t c = 1; c < depth; ++c)
            if (in[c] > maxV) maxV = in[c];
        float sum = 0.0f;
        for (int32_t c = 0; c < depth; ++c) {
            out[c] = std::exp((in[c] - maxV) * beta);
            sum += out[c];
        }
        for (int32_t c = 0; c < depth; ++c) out[c] = out[c] / sum;
    }
}

}  // namespace mote::nn::kernels

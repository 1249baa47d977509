#include "nn/kernels/activations.h"

#include <cmath>

#include "nn/kernels/fixed_point.h"
#include "nn/kernels/quant_util.h"

namespace mote::nn::kernels {
namespace {
constexpr int kInputIntegerBits = 4;
}

SigmoidInt8Params prepareSigmoidInt8(double inputScale, int32_t inputZeroPoint) {
    SigmoidInt8Params p;
    p.inputZeroPoint = inputZeroPoint;
    const double real = inputScale * static_cast<double>(1 << (31 - kInputIntegerBits));
    // TFLite uses frexp + round directly here (no 2^31 carry fix-up).
    const double q = std::frexp(real, &p.inputLeftShift);
    p.inputMultiplier = static_cast<int32_t>(std::round(q * static_cast<double>(int64_t{1} << 31)));
    p.inputRangeRadius = calculateInputRadius(kInputIntegerBits, p.inputLeftShift, 31);
    return p;
}

void logisticInt8(const SigmoidInt8Params& p, int32_t size, const int8_t* input, int8_t* output) {
    for (int32_t i = 0; i < size; ++i) {
        const int32_t x = static_cast<int32_t>(input[i]) - p.inputZeroPoint;
        if (x <= -p.inputRangeRadius) {
            output[i] = -128;
        } else if (x >= p.inputRangeRadius) {
            output[i] = 127;
        } else {
            const int32_t q4 = multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift);
            const int32_t q0 = fixedLogistic(q4, kInputIntegerBits);
            int32_t v = roundingDivideByPot(q0, 31 - 8) - 128;
            v = v < -128 ? -128 : (v > 127 ? 127 : v);
            output[i] = static_cast<int8_t>(v);
        }
    }
}

void tanhInt8(const SigmoidInt8Params& p, int32_t size, const int8_t* input, int8_t* output) {
    for (int32_t i = 0; i < size; ++i) {
        const int32_t x = static_cast<int32_t>(input[i]) - p.inputZeroPoint;
        if (x <= -p.inputRangeRadius) {
            output[i] = -128;
        } else if (x >= p.inputRangeRadius) {
            output[i] = 127;
        } else {
            const int32_t q4 = multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift);
            const int32_t q0 = fixedTanh(q4, kInputIntegerBits);
            int32_t v = roundingDivideByPot(q0, 31 - 7);
            v = v < -128 ? -128 : (v > 127 ? 127 : v);
            output[i] = static_cast<int8_t>(v);
        }
    }
}

void logisticFloat(int32_t size, const float* input, float* output) {
    for (int32_t i = 0; i < size; ++i) output[i] = 1.0f / (1.0f + std::exp(-input[i]));
}

void tanhFloat(int32_t size, const float* input, float* output) {
    for (int32_t i = 0; i < size; ++i) output[i] = std::tanh(input[i]);
}

}  // namespace mote::nn::kernels

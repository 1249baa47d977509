#include "nn/kernels/quant_util.h"

#include <cmath>
#include <limits>

namespace mote::nn::kernels {

void quantizeMultiplier(double realMultiplier, int32_t* multiplier, int* shift) {
    if (realMultiplier == 0.0) {
        *multiplier = 0;
        *shift = 0;
        return;
    }
    const double q = std::frexp(realMultiplier, shift);
    auto fixed = static_cast<int64_t>(std::round(q * static_cast<double>(int64_t{1} << 31)));
    if (fixed == (int64_t{1} << 31)) {
        fixed /= 2;
        ++*shift;
    }
    // Shifting more than 31 bits right leaves nothing: represent as zero.
    if (*shift < -31) {
        *shift = 0;
        fixed = 0;
    }
    *multiplier = static_cast<int32_t>(fixed);
}

void preprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits,
                              int32_t* multiplier, int* leftShift) {
    const double maxReal = static_cast<double>((int64_t{1} << 31) - 1);
    double real = beta * inputScale * static_cast<double>(int64_t{1} << (31 - inputIntegerBits));
    if (real > maxReal) real = maxReal;
    quantizeMultiplier(real, multiplier, leftShift);
}

int32_t calculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits) {
    const double maxInputRescaled = 1.0 * static_cast<double>((1 << inputIntegerBits) - 1) *
                                    static_cast<double>(int64_t{1} << (totalSignedBits - inputIntegerBits)) /
                                    static_cast<double>(int64_t{1} << inputLeftShift);
    return static_cast<int32_t>(std::floor(maxInputRescaled));
}

void activationRangeQuantized(Activation activation, float outputScale, int32_t outputZeroPoint,
                              int32_t qmin, int32_t qmax, int32_t* actMin, int32_t* actMax) {
    // Float division and round-half-away in float, as TFLite does.
    auto quantize = [&](float x) {
        return outputZeroPoint + static_cast<int32_t>(std::round(x / outputScale));
    };
    int32_t lo = qmin;
    int32_t hi = qmax;
    switch (activation) {
        case Activation::Relu:
            lo = quantize(0.0f) > qmin ? quantize(0.0f) : qmin;
            break;
        case Activation::Relu6:
            lo = quantize(0.0f) > qmin ? quantize(0.0f) : qmin;
            hi = quantize(6.0f) < qmax ? quantize(6.0f) : qmax;
            break;
        case Activation::ReluN1To1:
            lo = quantize(-1.0f) > qmin ? quantize(-1.0f) : qmin;
            hi = quantize(1.0f) < qmax ? quantize(1.0f) : qmax;
            break;
        default:
            break;
    }
    *actMin = lo;
    *actMax = hi;
}

void activationRangeFloat(Activation activation, float* actMin, float* actMax) {
    *actMin = std::numeric_limits<float>::lowest();
    *actMax = std::numeric_limits<float>::max();
    switch (activation) {
        case Activation::Relu:
            *actMin = 0.0f;
            break;
        case Activation::Relu6:
            *actMin = 0.0f;
            *actMax = 6.0f;
            break;
        case Activation::ReluN1To1:
            *actMin = -1.0f;
            *actMax = 1.0f;
            break;
        default:
            break;
    }
}

int32_t computeOutSize(Padding padding, int32_t inSize, int32_t filterSize, int32_t stride,
                       int32_t dilation) {
    if (stride <= 0 || dilation <= 0) return 0;
    const int32_t effectiveFilter = (filterSize - 1) * dilation + 1;
    if (padding == Padding::Same) return (inSize + stride - 1) / stride;
    return (inSize + stride - effectiveFilter) / stride;
}

int32_t computePadding(int32_t stride, int32_t dilation, int32_t inSize, int32_t filterSize,
                       int32_t outSize) {
    const int32_t effectiveFilter = (filterSize - 1) * dilation + 1;
    int32_t total = (outSize - 1) * stride + effectiveFilter - inSize;
    if (total < 0) total = 0;
    return total / 2;
}

}  // namespace mote::nn::kernels

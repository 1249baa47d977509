#include "nn/kernels/quantize.h"

#include <cmath>

#include "nn/kernels/fixed_point.h"
#include "nn/kernels/quant_util.h"

namespace mote::nn::kernels {

void quantizeFloatToInt8(int32_t size, const float* input, float scale, int32_t zeroPoint,
                         int8_t* output) {
    for (int32_t i = 0; i < size; ++i) {
        const float q = std::round(input[i] / scale);
        // Clamp in float first so huge inputs cannot overflow the int cast.
        const float clampedF = q < -1.0e9f ? -1.0e9f : (q > 1.0e9f ? 1.0e9f : q);
        int32_t v = static_cast<int32_t>(clampedF) + zeroPoint;
        v = v < -128 ? -128 : (v > 127 ? 127 : v);
        output[i] = static_cast<int8_t>(v);
    }
}

RequantizeParams prepareRequantize(double inScale, int32_t inZp, double outScale, int32_t outZp) {
    RequantizeParams p;
    p.inputZeroPoint = inZp;
    p.outputZeroPoint = outZp;
    quantizeMultiplier(inScale / outScale, &p.multiplier, &p.shift);
    return p;
}

void requantizeInt8(const RequantizeParams& p, int32_t size, const int8_t* input, int8_t* output) {
    for (int32_t i = 0; i < size; ++i) {
        int32_t v = multiplyByQuantizedMultiplier(static_cast<int32_t>(input[i]) - p.inputZeroPoint,
                                                  p.multiplier, p.shift) +
                    p.outputZeroPoint;
        v = v < -128 ? -128 : (v > 127 ? 127 : v);
        output[i] = static_cast<int8_t>(v);
    }
}

void dequantizeInt8ToFloat(int32_t size, const int8_t* input, float scale, int32_t zeroPoint,
                           float* output) {
    const double s = static_cast<double>(scale);
    for (int32_t i = 0; i < size; ++i)
        output[i] = static_cast<float>(s * (static_cast<int32_t>(input[i]) - zeroPoint));
}

}  // namespace mote::nn::kernels

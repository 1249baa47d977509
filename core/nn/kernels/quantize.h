#pragma once
// QUANTIZE (float32 -> int8, int8 -> int8 requantization) and DEQUANTIZE
// (int8 -> float32), with TFLite's rounding: quantize divides in float and
// rounds half away from zero; dequantize multiplies in double.
// Portable: no heap, no exceptions; reentrant.
#include <cstdint>

namespace mote::nn::kernels {

void quantizeFloatToInt8(int32_t size, const float* input, float scale, int32_t zeroPoint,
                         int8_t* output);

struct RequantizeParams {
    int32_t inputZeroPoint = 0, outputZeroPoint = 0;
    int32_t multiplier = 0;  // in_scale / out_scale
    int shift = 0;
};
RequantizeParams prepareRequantize(double inScale, int32_t inZp, double outScale, int32_t outZp);
void requantizeInt8(const RequantizeParams& p, int32_t size, const int8_t* input, int8_t* output);

void dequantizeInt8ToFloat(int32_t size, const int8_t* input, float scale, int32_t zeroPoint,
                           float* output);

}  // namespace mote::nn::kernels

#pragma once
// LOGISTIC and TANH. int8 uses TFLite's integer algorithms: rescale the
// input to Q4.27, evaluate the gemmlowp fixed-point function, round to the
// output (logistic: scale 1/256, zero point -128; tanh: scale 1/128, zero
// point 0). Inputs beyond the radius saturate. Float32 versions too.
// Portable: no heap, no exceptions; reentrant.
#include <cstdint>

namespace mote::nn::kernels {

struct SigmoidInt8Params {
    int32_t inputZeroPoint = 0;
    int32_t inputRangeRadius = 0;
    int32_t inputMultiplier = 0;
    int inputLeftShift = 0;
};

// Same preparation for both ops (4 integer bits).
SigmoidInt8Params prepareSigmoidInt8(double inputScale, int32_t inputZeroPoint);

void logisticInt8(const SigmoidInt8Params& p, int32_t size, const int8_t* input, int8_t* output);
void tanhInt8(const SigmoidInt8Params& p, int32_t size, const int8_t* input, int8_t* output);

void logisticFloat(int32_t size, const float* input, float* output);
void tanhFloat(int32_t size, const float* input, float* output);

}  // namespace mote::nn::kernels

#pragma once
// Parameter preparation shared by the int8 kernels: turning real-valued
// scales into (multiplier, shift) pairs, activation clamps in the quantized
// domain, and SAME/VALID padding geometry. All follow TFLite's definitions.
//
// Portable (C++17, no heap, no exceptions). Pure functions, thread-safe.
#include <cstdint>

namespace mote::nn::kernels {

// Values match TFLite's ActivationFunctionType.
enum class Activation : uint8_t { None = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4, SignBit = 5 };

// Values match TFLite's Padding.
enum class Padding : uint8_t { Same = 0, Valid = 1 };

// real ~= multiplier * 2^(shift - 31), multiplier in [2^30, 2^31) (or 0).
// Uses frexp and round-half-away, like TFLite's QuantizeMultiplier.
void quantizeMultiplier(double realMultiplier, int32_t* multiplier, int* shift);

// TFLite's PreprocessSoftmaxScaling: beta * inputScale * 2^(31-integerBits),
// capped at INT32_MAX, quantized as a multiplier >= 1.
void preprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits,
                              int32_t* multiplier, int* leftShift);

// Largest |input| (in the rescaled domain) that does not saturate.
int32_t calculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits = 31);

// The [min, max] clamp of an int8/int16 output implementing a fused
// activation, given the output's scale and zero point.
void activationRangeQuantized(Activation activation, float outputScale, int32_t outputZeroPoint,
                              int32_t qmin, int32_t qmax, int32_t* actMin, int32_t* actMax);

// The same clamp for float outputs.
void activationRangeFloat(Activation activation, float* actMin, float* actMax);

// Output size along one spatial axis.
int32_t computeOutSize(Padding padding, int32_t inSize, int32_t filterSize, int32_t stride,
                       int32_t dilation);

// Padding before the first element along one axis (TFLite: total / 2).
int32_t computePadding(int32_t stride, int32_t dilation, int32_t inSize, int32_t filterSize,
                       int32_t outSize);

}  // namespace mote::nn::kernels

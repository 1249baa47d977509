#pragma once
// Float views of int8/float32 tensors for host-side tools (evaluation,
// the quantization debugger): quantize a float window into an input tensor
// with TFLite's rule q = clamp(round(x / scale) + zero_point, -128, 127)
// (round half away from zero), and read any tensor back as floats
// ((q - zero_point) * scale for int8). Not for the firmware: it quantizes
// in its own code, with the same formula.
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.h"
#include "nn/tflite/model.h"

namespace mote::nn {

// Writes `values` into `dst` (tensor.bytes() bytes) as the tensor's type.
// Errors: size mismatch, a type other than float32/int8.
Status storeFloats(const Tensor& tensor, std::span<const float> values, uint8_t* dst);

// Reads tensor.elements() values of the tensor's type from `src`.
std::vector<float> loadFloats(const Tensor& tensor, const uint8_t* src);

// The int8 quantization of one value with per-tensor parameters.
int8_t quantizeValue(float x, float scale, int32_t zeroPoint);

}  // namespace mote::nn

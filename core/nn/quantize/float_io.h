#pragma once
// Float32 input/output around an int8 model: a QUANTIZE op turns a new
// float32 input into the int8 input, a DEQUANTIZE op turns the int8 output
// into a new float32 output (what TFLite's converter does with
// inference_input_type=float32). The int8 graph in between is unchanged, so
// its outputs stay bit-exact. Thread-safe (pure).
#include "common/result.h"
#include "nn/tflite/model.h"

namespace mote::nn {

// Errors: inputs/outputs that are not quantized int8.
Result<Model> wrapFloatIo(const Model& int8Model);

}  // namespace mote::nn

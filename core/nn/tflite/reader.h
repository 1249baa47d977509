#pragma once
// Loading .tflite files made by anyone. The bytes are first checked by the
// flatbuffers Verifier, then every field Mote uses is validated (indices,
// shapes, buffer sizes, quantization parameters, option types); anything
// inconsistent is rejected with an Error that names the tensor/operator and
// the problem. Never trusts a field. Thread-safe (no shared state).
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/result.h"
#include "nn/tflite/model.h"

namespace mote::nn {

// Hard limits that keep hostile files from making Mote allocate absurdly.
constexpr size_t kMaxTensorBytes = size_t{1} << 30;
constexpr int kMaxTensorRank = 8;

Result<Model> readModel(const uint8_t* data, size_t size);
Result<Model> readModelFile(const std::string& path);

}  // namespace mote::nn

#pragma once
// The preflight report of a model ("mote model inspect", the Model page):
// operators, tensors with quantization, unsupported ops, arena plan vs lower
// bound, weights bytes and MACs. Works on models with unsupported ops too
// (their MACs count as 0). Thread-safe (pure).
#include <cstddef>

#include <nlohmann/json.hpp>

#include "nn/tflite/model.h"

namespace mote::nn {

// Keys: ops (unique builtin names, in first-use order), unsupported_ops,
// arena_bytes, arena_lower_bound_bytes, arena_alignment, weights_bytes, macs,
// operators[], tensors[], inputs[], outputs[], description, plan_error (only
// when the graph cannot be planned).
nlohmann::json inspectModel(const Model& model, size_t alignment = 16);

}  // namespace mote::nn

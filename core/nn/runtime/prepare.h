#pragma once
// Resolving a validated Model's operators to kernels (TFLite's "Prepare"
// step): checks types, shapes and quantization each kernel needs, computes
// all fixed-point parameters. Thread-safe (pure).
#include <string>
#include <vector>

#include "common/result.h"
#include "nn/runtime/prepared_op.h"
#include "nn/tflite/model.h"

namespace mote::nn {

// True when Mote has a kernel for this builtin code (types aside).
bool isSupportedBuiltin(int32_t builtin);

// Names of the model's operators Mote has no kernel for (unique, in order).
std::vector<std::string> unsupportedOps(const Model& model);

// Prepares one operator; the error names the operator and the problem.
Result<PreparedOp> prepareOp(const Model& model, int opIndex);

// Prepares every operator in `order`; fails on the first problem.
Result<std::vector<PreparedOp>> prepareOps(const Model& model, const std::vector<int>& order);

}  // namespace mote::nn

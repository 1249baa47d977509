#pragma once
// The studio's float Graph as a float32 TFLite Model: batch norm folded into
// the preceding dense/conv layer, ReLU/ReLU6 fused, tanh/sigmoid as their own
// ops, dropout dropped, flatten/reshape as RESHAPE. Rank-2 activations
// [time, channels] become [1, 1, time, channels] (1-D layers are 2-D layers
// of height 1, as in TFLite). Thread-safe (pure).
#include "common/result.h"
#include "nn/graph/graph.h"
#include "nn/tflite/model.h"

namespace mote::nn {

// Errors: missing weights, a batch norm that cannot be folded (not right
// after a dense/conv layer without activation).
Result<Model> floatModelFromGraph(const Graph& graph);

}  // namespace mote::nn

#pragma once
// Execution plan and static memory plan for a validated Model.
// - order: operators in a topological order (file order when it is one).
// - every non-constant tensor gets an arena offset, chosen greedily (best of
//   a few placement orders, biggest first among them) beside tensors whose
//   lifetimes (first..last step that needs them)
//   overlap; model inputs live from the start, outputs and variable tensors
//   to the end.
// - lowerBoundBytes: the largest total size of tensors live at one step (no
//   alignment, no in-place reuse) - no plan without in-place execution goes
//   below it.
// - in-place execution: an operator whose output may be written over its
//   input (RESHAPE: same bytes; same-shape ADD, MUL, LOGISTIC, TANH and
//   int8->int8 QUANTIZE: element i is read before element i is written) gets
//   its output placed on its input when that input (and everything already
//   sharing its bytes) is not needed after the operator. Such tensors form
//   a group sharing one arena slot (`sharedWith`); the arena can then go
//   below lowerBoundBytes. Model inputs are only shared by RESHAPE (the
//   caller's input bytes are never overwritten).
// The same plan drives the host runtime and the generated firmware.
// Pure function of the model; thread-safe.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/result.h"
#include "nn/tflite/model.h"

namespace mote::nn {

struct TensorLifetime {
    int firstStep = -1;  // -1: tensor not in the arena (constant or unused)
    int lastStep = -1;
};

struct Plan {
    std::vector<int> order;                 // operator indices, execution order
    std::vector<TensorLifetime> lifetimes;  // per tensor
    std::vector<int64_t> offsets;           // per tensor; -1 = not in the arena
    size_t arenaBytes = 0;
    size_t lowerBoundBytes = 0;
    size_t inPlaceLowerBoundBytes = 0;  // the same bound counting each group once
    std::vector<int> sharedWith;        // per tensor: first tensor of its in-place group (itself if alone), -1 = not in the arena
    size_t alignment = 16;
};

// Errors: an operator reads a tensor nobody writes, or the graph has a cycle.
// `inPlace` false: every tensor gets its own bytes (no groups).
// Default alignment 4: enough for every int32/float tensor; the int8
// kernels need none (the M4 does unaligned word loads), and finer
// alignment keeps small models' arenas at their lower bound.
Result<Plan> planModel(const Model& model, size_t alignment = 4, bool inPlace = true);

}  // namespace mote::nn

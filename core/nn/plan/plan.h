#pragma once
// Execution plan and static memory plan for a validated Model.
// - order: operators in a topological order (file order when it is one).
// - every non-constant tensor gets an arena offset, chosen greedily (best of
//   a few placement orders, biggest first among them) beside tensors whose
//   lifetimes (first..last step that needs them)
//   overlap; model inputs live from the start, outputs and variable tensors
//   to the end.
// - lowerBoundBytes: the largest total size of tensors live at one step (no
//   alignment, no in-place reuse) - no plan with these lifetimes goes below.
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
    size_t alignment = 16;
};

// Errors: an operator reads a tensor nobody writes, or the graph has a cycle.
Result<Plan> planModel(const Model& model, size_t alignment = 16);

}  // namespace mote::nn

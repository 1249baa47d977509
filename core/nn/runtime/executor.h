#pragma once
// Host executor: runs a validated Model through its Plan and the portable
// kernels, with every activation in one arena at the planned offsets.
// Usage: auto ex = Executor::create(model); copy bytes into inputData(i);
// ex->invoke(); read outputData(j). Not thread-safe: one invoke at a time
// per Executor (create one per thread).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "common/result.h"
#include "nn/plan/plan.h"
#include "nn/runtime/prepared_op.h"
#include "nn/tflite/model.h"

namespace mote::nn {

class Executor {
public:
    // Plans and prepares; fails (naming the op) on unsupported ops/types.
    static Result<std::unique_ptr<Executor>> create(Model model, size_t alignment = 16);

    size_t inputCount() const { return m_model.inputs.size(); }
    size_t outputCount() const { return m_model.outputs.size(); }
    const Tensor& inputTensor(size_t i) const;
    const Tensor& outputTensor(size_t j) const;
    uint8_t* inputData(size_t i);
    const uint8_t* outputData(size_t j) const;

    // Any tensor's current bytes (constants or arena); null if not placed.
    const uint8_t* tensorData(int32_t tensor) const;

    void invoke();
    // Same, calling afterEach(op) once each operator has run (its outputs
    // are valid then; later ops may reuse their memory). For debugging tools.
    void invoke(const std::function<void(const PreparedOp&)>& afterEach);

    const Model& model() const { return m_model; }
    const Plan& plan() const { return m_plan; }
    const std::vector<PreparedOp>& ops() const { return m_ops; }
    int64_t macs() const;

private:
    Executor() = default;
    uint8_t* mut(int32_t tensor);
    void run(const PreparedOp& op);

    Model m_model;
    Plan m_plan;
    std::vector<PreparedOp> m_ops;
    std::vector<uint8_t> m_arenaStorage;
    uint8_t* m_arena = nullptr;
};

}  // namespace mote::nn

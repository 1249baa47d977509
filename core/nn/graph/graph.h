#pragma once
// The studio's own model graph, built from a ModelSpec, holding float
// weights, with a float reference forward pass. It checks the trainer's
// weights before anything is quantized: if a layout is wrong, the
// predictions disagree with the trainer's and the run says so.
//
// Weight tensors per layer (file weights/<layer index>_<name>.npy, float32,
// C order; equal to TFLite's layouts so the quantizer never transposes):
//   dense             kernel [units, in]                bias [units]
//   conv1d            kernel [filters, k, in]           bias [filters]
//   conv2d            kernel [filters, kh, kw, in]      bias [filters]
//   depthwise_conv2d  kernel [1, kh, kw, in*m]          bias [in*m]   (out channel c*m+j reads input c)
//   batch_norm        gamma, beta, mean, var   each [channels]  (y = gamma*(x-mean)/sqrt(var+eps)+beta)
// Other layers have no weights; dropout is the identity at inference.
//
// Thread-safety: a built Graph is immutable apart from setWeight/loadWeights;
// forward() is const and may run on several threads at once.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "nn/graph/layer_spec.h"

namespace mote::nn {

struct WeightSlot {
    int layer = 0;            // index into ModelSpec::layers
    std::string name;         // "kernel", "bias", "gamma", "beta", "mean", "var"
    std::vector<int> shape;   // expected shape
    std::string fileName() const { return std::to_string(layer) + "_" + name + ".npy"; }
};

class Graph {
public:
    // Validates the spec (shape inference); errors name the bad layer.
    static Result<Graph> build(ModelSpec spec);

    const ModelSpec& spec() const { return m_spec; }
    const std::vector<int>& inputShape() const { return m_spec.inputShape; }
    const std::vector<int>& outputShape() const { return m_shapes.back(); }
    // Output shape of layer i.
    const std::vector<int>& layerOutputShape(size_t i) const { return m_shapes[i]; }
    const std::vector<WeightSlot>& weightSlots() const { return m_slots; }

    // Sets one tensor; `values.size()` must match the slot's shape.
    Status setWeight(int layer, const std::string& name, std::vector<float> values);
    // Reads every slot from dir/<layer>_<name>.npy; errors name the file and
    // the expected vs found shape. On error the graph's weights are unchanged.
    Status loadWeights(const std::filesystem::path& dir);
    bool hasAllWeights() const;
    // The float values of a slot (empty if not set). For the quantizer.
    std::span<const float> weight(int layer, const std::string& name) const;

    // Runs one window (inputShape elements, channels-last). Returns the last
    // layer's output (class probabilities when the model ends in softmax).
    Result<std::vector<float>> forward(std::span<const float> input) const;

    size_t inputSize() const;
    size_t parameterCount() const;

private:
    Graph() = default;
    int slotIndex(int layer, const std::string& name) const;

    ModelSpec m_spec;
    std::vector<std::vector<int>> m_shapes;
    std::vector<WeightSlot> m_slots;
    std::vector<std::vector<float>> m_values;  // parallel to m_slots
};

// Index of the largest value (first on ties).
int argmax(std::span<const float> values);

}  // namespace mote::nn

#include "nn/graph/graph.h"

#include <algorithm>
#include <cmath>

#include "nn/graph/float_ops.h"
#include "nn/graph/npy.h"

namespace mote::nn {
namespace {

size_t product(const std::vector<int>& shape) {
    size_t n = 1;
    for (int d : shape) n *= static_cast<size_t>(d);
    return n;
}

// A 1-D activation [t, c] seen as the 2-D [1, t, c] the ops work on.
std::vector<int> as3D(const std::vector<int>& shape) {
    if (shape.size() == 2) return {1, shape[0], shape[1]};
    return shape;
}

}  // namespace

int argmax(std::span<const float> values) {
    int best = 0;
    for (size_t i = 1; i < values.size(); ++i)
        if (values[i] > values[static_cast<size_t>(best)]) best = static_cast<int>(i);
    return best;
}

Result<Graph> Graph::build(ModelSpec spec) {
    auto shapes = inferShapes(spec);
    if (!shapes) return shapes.error();
    Graph g;
    g.m_spec = std::move(spec);
    g.m_shapes = std::move(*shapes);
    for (size_t i = 0; i < g.m_spec.layers.size(); ++i) {
        const LayerSpec& l = g.m_spec.layers[i];
        const std::vector<int>& in = i == 0 ? g.m_spec.inputShape : g.m_shapes[i - 1];
        const int layer = static_cast<int>(i);
        const int inC = in.back();
        switch (l.type) {
            case LayerType::Dense:
                g.m_slots.push_back({layer, "kernel", {l.units, in[0]}});
                g.m_slots.push_back({layer, "bias", {l.units}});
                break;
            case LayerType::Conv1D:
                g.m_slots.push_back({layer, "kernel", {l.filters, l.kernel[1], inC}});
                g.m_slots.push_back({layer, "bias", {l.filters}});
                break;
            case LayerType::Conv2D:
                g.m_slots.push_back({layer, "kernel", {l.filters, l.kernel[0], l.kernel[1], inC}});
                g.m_slots.push_back({layer, "bias", {l.filters}});
                break;
            case LayerType::DepthwiseConv2D:
                g.m_slots.push_back({layer, "kernel", {1, l.kernel[0], l.kernel[1], inC * l.depthMultiplier}});
                g.m_slots.push_back({layer, "bias", {inC * l.depthMultiplier}});
                break;
            case LayerType::BatchNorm:
                for (const char* name : {"gamma", "beta", "mean", "var"}) g.m_slots.push_back({layer, name, {inC}});
                break;
            default: break;
        }
    }
    g.m_values.resize(g.m_slots.size());
    return g;
}

int Graph::slotIndex(int layer, const std::string& name) const {
    for (size_t i = 0; i < m_slots.size(); ++i)
        if (m_slots[i].layer == layer && m_slots[i].name == name) return static_cast<int>(i);
    return -1;
}

Status Graph::setWeight(int layer, const std::string& name, std::vector<float> values) {
    const int idx = slotIndex(layer, name);
    if (idx < 0)
        return makeError("layer " + std::to_string(layer) + " has no weight tensor named '" + name + "'");
    const WeightSlot& slot = m_slots[static_cast<size_t>(idx)];
    if (values.size() != product(slot.shape))
        return makeError("weight " + slot.fileName() + ": expected " + std::to_string(product(slot.shape)) +
                         " values for shape " + shapeToString(slot.shape) + ", got " + std::to_string(values.size()));
    for (float v : values)
        if (!std::isfinite(v)) return makeError("weight " + slot.fileName() + " holds NaN or infinity (training diverged?)");
    m_values[static_cast<size_t>(idx)] = std::move(values);
    return {};
}

Status Graph::loadWeights(const std::filesystem::path& dir) {
    std::vector<std::vector<float>> loaded(m_slots.size());
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const WeightSlot& slot = m_slots[i];
        const auto path = dir / slot.fileName();
        const std::string layerName = layerTypeName(m_spec.layers[static_cast<size_t>(slot.layer)].type);
        if (!std::filesystem::exists(path))
            return makeError("trainer output is missing weight file " + path.string() + " (layer " +
                             std::to_string(slot.layer) + ", " + layerName + ", " + slot.name + " " +
                             shapeToString(slot.shape) + ")");
        auto array = readNpy(path);
        if (!array) return array.error();
        if (array->dtype != NpyDType::Float32 && array->dtype != NpyDType::Float64)
            return makeError("weight file " + path.string() + " has dtype " + npyDTypeName(array->dtype) +
                             ", expected float32");
        std::vector<int64_t> expected(slot.shape.begin(), slot.shape.end());
        if (array->shape != expected) {
            std::vector<int> found(array->shape.begin(), array->shape.end());
            return makeError("weight file " + path.string() + " has shape " + shapeToString(found) + ", expected " +
                             shapeToString(slot.shape) + " for layer " + std::to_string(slot.layer) + " (" +
                             layerName + " " + slot.name + "); see docs/trainer-contract.md for the layout");
        }
        loaded[i] = array->toFloat32();
        for (float v : loaded[i])
            if (!std::isfinite(v))
                return makeError("weight file " + path.string() + " holds NaN or infinity (training diverged?)");
    }
    m_values = std::move(loaded);
    return {};
}

bool Graph::hasAllWeights() const {
    for (size_t i = 0; i < m_slots.size(); ++i)
        if (m_values[i].size() != product(m_slots[i].shape)) return false;
    return true;
}

std::span<const float> Graph::weight(int layer, const std::string& name) const {
    const int idx = slotIndex(layer, name);
    if (idx < 0) return {};
    return m_values[static_cast<size_t>(idx)];
}

size_t Graph::inputSize() const { return product(m_spec.inputShape); }

size_t Graph::parameterCount() const {
    size_t n = 0;
    for (const auto& slot : m_slots) n += product(slot.shape);
    return n;
}

Result<std::vector<float>> Graph::forward(std::span<const float> input) const {
    if (input.size() != inputSize())
        return makeError("input has " + std::to_string(input.size()) + " values, the model expects " +
                         std::to_string(inputSize()) + " " + shapeToString(m_spec.inputShape));
    if (!hasAllWeights()) return makeError("the model's weights are not loaded");

    std::vector<float> cur(input.begin(), input.end());
    std::vector<float> next;
    for (size_t i = 0; i < m_spec.layers.size(); ++i) {
        const LayerSpec& l = m_spec.layers[i];
        const std::vector<int>& inShape = i == 0 ? m_spec.inputShape : m_shapes[i - 1];
        const int layer = static_cast<int>(i);
        next.assign(product(m_shapes[i]), 0.0f);
        switch (l.type) {
            case LayerType::Dense:
                ops::dense(cur, weight(layer, "kernel"), weight(layer, "bias"), inShape[0], l.units, next);
                ops::applyActivation(next, l.activation);
                break;
            case LayerType::Conv1D:
            case LayerType::Conv2D: {
                const auto g = ops::geometry(as3D(inShape), l.kernel, l.stride, l.padding, l.filters);
                ops::conv2d(g, cur, weight(layer, "kernel"), weight(layer, "bias"), next);
                ops::applyActivation(next, l.activation);
                break;
            }
            case LayerType::DepthwiseConv2D: {
                const auto g =
                    ops::geometry(inShape, l.kernel, l.stride, l.padding, inShape[2] * l.depthMultiplier);
                ops::depthwiseConv2d(g, l.depthMultiplier, cur, weight(layer, "kernel"), weight(layer, "bias"), next);
                ops::applyActivation(next, l.activation);
                break;
            }
            case LayerType::AvgPool1D:
            case LayerType::AvgPool2D:
            case LayerType::MaxPool1D:
            case LayerType::MaxPool2D: {
                const auto s3 = as3D(inShape);
                const auto g = ops::geometry(s3, l.kernel, l.stride, l.padding, s3[2]);
                if (l.type == LayerType::MaxPool1D || l.type == LayerType::MaxPool2D)
                    ops::maxPool2d(g, cur, next);
                else
                    ops::avgPool2d(g, cur, next);
                break;
            }
            case LayerType::BatchNorm:
                ops::batchNorm(cur, inShape.back(), weight(layer, "gamma"), weight(layer, "beta"),
                               weight(layer, "mean"), weight(layer, "var"), l.epsilon, next);
                break;
            case LayerType::Softmax: ops::softmax(cur, next); break;
            case LayerType::Flatten:
            case LayerType::Dropout:
            case LayerType::Reshape: next = cur; break;  // channels-last row-major: data unchanged
        }
        cur.swap(next);
    }
    return cur;
}

}  // namespace mote::nn

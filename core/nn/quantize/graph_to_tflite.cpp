#include "nn/quantize/graph_to_tflite.h"

#include <cmath>
#include <cstring>

namespace mote::nn {
namespace {

std::vector<int32_t> tfliteShape(const std::vector<int>& s) {
    if (s.size() == 1) return {1, s[0]};
    if (s.size() == 2) return {1, 1, s[0], s[1]};
    std::vector<int32_t> out = {1};
    out.insert(out.end(), s.begin(), s.end());
    return out;
}

std::vector<uint8_t> floatBytes(const std::vector<float>& v) {
    std::vector<uint8_t> b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return b;
}

struct Builder {
    Model m;
    int32_t addTensor(const std::string& name, std::vector<int32_t> shape, std::vector<float> data = {}) {
        Tensor t;
        t.name = name;
        t.type = DType::Float32;
        t.shape = std::move(shape);
        t.data = floatBytes(data);
        m.tensors.push_back(std::move(t));
        return static_cast<int32_t>(m.tensors.size() - 1);
    }
    void addOp(BuiltinOp code, std::vector<int32_t> in, int32_t out, OpOptions options = {}) {
        Operator op;
        op.builtin = static_cast<int32_t>(code);
        op.inputs = std::move(in);
        op.outputs = {out};
        op.options = options;
        m.operators.push_back(std::move(op));
    }
};

int8_t fusedActivation(Activation a) {
    if (a == Activation::Relu) return 1;
    if (a == Activation::Relu6) return 3;
    return 0;
}

}  // namespace

Result<Model> floatModelFromGraph(const Graph& graph) {
    if (!graph.hasAllWeights()) return Error{"the graph has no trained weights yet: train the model first"};
    const ModelSpec& spec = graph.spec();
    Builder b;
    int32_t cur = b.addTensor("input", tfliteShape(spec.inputShape));
    b.m.inputs = {cur};
    std::vector<int> curShape = spec.inputShape;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& L = spec.layers[i];
        const int li = static_cast<int>(i);
        const std::vector<int>& outShape = graph.layerOutputShape(i);
        const std::string name = std::to_string(i) + "_" + layerTypeName(L.type);
        auto w = [&](const char* slot) {
            auto s = graph.weight(li, slot);
            return std::vector<float>(s.begin(), s.end());
        };
        const bool hasWeights = L.type == LayerType::Dense || L.type == LayerType::Conv1D ||
                                L.type == LayerType::Conv2D || L.type == LayerType::DepthwiseConv2D;
        if (hasWeights) {
            std::vector<float> kernel = w("kernel"), bias = w("bias");
            const int channels = static_cast<int>(bias.size());
            Activation act = L.activation;
            // Fold a following batch norm: y = g*(x-mean)/sqrt(var+eps)+beta.
            if (i + 1 < spec.layers.size() && spec.layers[i + 1].type == LayerType::BatchNorm) {
                if (act != Activation::None)
                    return Error{"layer " + std::to_string(i + 1) +
                                 " (batch_norm) follows an activation and cannot be folded: put the activation after it"};
                const int bn = li + 1;
                auto gs = graph.weight(bn, "gamma"), bs = graph.weight(bn, "beta"), ms = graph.weight(bn, "mean"),
                     vs = graph.weight(bn, "var");
                const float eps = spec.layers[i + 1].epsilon;
                const size_t per = kernel.size() / static_cast<size_t>(channels);
                for (int c = 0; c < channels; ++c) {
                    const float k = gs[size_t(c)] / std::sqrt(vs[size_t(c)] + eps);
                    if (L.type == LayerType::DepthwiseConv2D) {
                        for (size_t j = size_t(c); j < kernel.size(); j += size_t(channels)) kernel[j] *= k;
                    } else {
                        for (size_t j = 0; j < per; ++j) kernel[size_t(c) * per + j] *= k;
                    }
                    bias[size_t(c)] = k * (bias[size_t(c)] - ms[size_t(c)]) + bs[size_t(c)];
                }
                ++i;  // consumed
            }
            std::vector<int32_t> kshape;
            OpOptions o;
            BuiltinOp code = BuiltinOp::FullyConnected;
            if (L.type == LayerType::Dense) {
                kshape = {channels, static_cast<int32_t>(kernel.size() / size_t(channels))};
            } else {
                code = L.type == LayerType::DepthwiseConv2D ? BuiltinOp::DepthwiseConv2D : BuiltinOp::Conv2D;
                o.padding = L.padding == Padding::Same ? 0 : 1;
                o.strideH = L.stride[0];
                o.strideW = L.stride[1];
                o.depthMultiplier = L.depthMultiplier;
                const int32_t kh = L.kernel[0], kw = L.kernel[1];
                const int32_t inC = curShape.back();
                kshape = code == BuiltinOp::DepthwiseConv2D ? std::vector<int32_t>{1, kh, kw, channels}
                                                           : std::vector<int32_t>{channels, kh, kw, inC};
            }
            o.activation = fusedActivation(act);
            const int32_t kt = b.addTensor(name + "/kernel", kshape, kernel);
            const int32_t bt = b.addTensor(name + "/bias", {channels}, bias);
            const int32_t out = b.addTensor(name, tfliteShape(graph.layerOutputShape(i)));
            b.addOp(code, {cur, kt, bt}, out, o);
            cur = out;
            if (act == Activation::Tanh || act == Activation::Sigmoid) {
                const int32_t a = b.addTensor(name + "/act", tfliteShape(graph.layerOutputShape(i)));
                b.addOp(act == Activation::Tanh ? BuiltinOp::Tanh : BuiltinOp::Logistic, {cur}, a);
                cur = a;
            }
            curShape = graph.layerOutputShape(i);
            continue;
        }
        switch (L.type) {
            case LayerType::AvgPool1D:
            case LayerType::AvgPool2D:
            case LayerType::MaxPool1D:
            case LayerType::MaxPool2D: {
                OpOptions o;
                o.padding = L.padding == Padding::Same ? 0 : 1;
                o.strideH = L.stride[0];
                o.strideW = L.stride[1];
                o.filterH = L.kernel[0];
                o.filterW = L.kernel[1];
                const bool avg = L.type == LayerType::AvgPool1D || L.type == LayerType::AvgPool2D;
                const int32_t out = b.addTensor(name, tfliteShape(outShape));
                b.addOp(avg ? BuiltinOp::AveragePool2D : BuiltinOp::MaxPool2D, {cur}, out, o);
                cur = out;
                break;
            }
            case LayerType::Flatten:
            case LayerType::Reshape: {
                OpOptions o;
                o.newShape = tfliteShape(outShape);
                const int32_t out = b.addTensor(name, o.newShape);
                b.addOp(BuiltinOp::Reshape, {cur}, out, o);
                cur = out;
                break;
            }
            case LayerType::Softmax: {
                const int32_t out = b.addTensor(name, tfliteShape(outShape));
                b.addOp(BuiltinOp::Softmax, {cur}, out);
                cur = out;
                break;
            }
            case LayerType::Dropout:
                break;
            case LayerType::BatchNorm:
                return Error{"layer " + std::to_string(i) +
                             " (batch_norm) does not follow a dense or conv layer; Mote can only fold it into one"};
            default:
                return Error{"layer " + std::to_string(i) + " (" + layerTypeName(L.type) + ") cannot be exported"};
        }
        curShape = outShape;
    }
    b.m.outputs = {cur};
    return b.m;
}

}  // namespace mote::nn

#pragma once
// A small studio Graph (conv1d+relu, max pool, flatten, dense, batch norm,
// dense+relu6, dense, softmax) with deterministic weights, its float TFLite
// model and its int8 quantization: a real model for the quantization tools
// and the library export tests, built without the trainer.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "nn/graph/graph.h"
#include "nn/quantize/graph_to_tflite.h"
#include "nn/quantize/quantizer.h"
#include "nn/tflite/writer.h"

namespace mote::test {

struct Lcg {
    uint32_t s;
    float next() {  // uniform [-1, 1)
        s = s * 1664525u + 1013904223u;
        return static_cast<float>(s >> 8) / 8388608.0f - 1.0f;
    }
};

// `hiddenUnits`: width of the relu6 dense layer.
inline nn::Graph tinyGraph(int hiddenUnits = 8) {
    using namespace mote::nn;
    ModelSpec spec;
    spec.inputShape = {16, 3};
    LayerSpec conv;
    conv.type = LayerType::Conv1D;
    conv.filters = 6;
    conv.kernel = {1, 3};
    conv.padding = Padding::Same;
    conv.activation = Activation::Relu;
    LayerSpec pool;
    pool.type = LayerType::MaxPool1D;
    pool.kernel = {1, 2};
    pool.stride = {1, 2};
    LayerSpec flat;
    flat.type = LayerType::Flatten;
    LayerSpec dense;
    dense.type = LayerType::Dense;
    dense.units = 10;
    LayerSpec bn;
    bn.type = LayerType::BatchNorm;
    LayerSpec dense2;
    dense2.type = LayerType::Dense;
    dense2.units = hiddenUnits;
    dense2.activation = Activation::Relu6;
    LayerSpec out;
    out.type = LayerType::Dense;
    out.units = 3;
    LayerSpec sm;
    sm.type = LayerType::Softmax;
    spec.layers = {conv, pool, flat, dense, bn, dense2, out, sm};
    auto g = Graph::build(spec);
    EXPECT_TRUE(g.ok()) << g.message();
    Lcg r{42};
    for (const WeightSlot& slot : g->weightSlots()) {
        size_t n = 1;
        for (int d : slot.shape) n *= static_cast<size_t>(d);
        std::vector<float> v(n);
        for (float& x : v) x = r.next() * (slot.name == "kernel" ? 0.6f : 0.2f);
        if (slot.name == "var")
            for (float& x : v) x = 0.5f + std::fabs(x);
        if (slot.name == "gamma")
            for (float& x : v) x = 1.0f + x;
        EXPECT_TRUE(g->setWeight(slot.layer, slot.name, v).ok());
    }
    return std::move(*g);
}

inline std::vector<std::vector<float>> tinyWindows(size_t count, uint32_t seed, size_t size = 48) {
    Lcg r{seed};
    std::vector<std::vector<float>> out(count, std::vector<float>(size));
    for (auto& s : out)
        for (float& x : s) x = 2.0f * r.next();
    return out;
}

struct TinyModels {
    nn::Model floatModel;
    nn::Model int8Model;
};

inline TinyModels tinyModels() {
    TinyModels m;
    auto f = nn::floatModelFromGraph(tinyGraph());
    EXPECT_TRUE(f.ok()) << f.message();
    m.floatModel = *f;
    auto q = nn::quantizeModel(m.floatModel, tinyWindows(100, 5));
    EXPECT_TRUE(q.ok()) << q.message();
    m.int8Model = q->model;
    nn::stampMoteMetadata(m.int8Model, "{}", {"left", "right", "still"});
    return m;
}

}  // namespace mote::test

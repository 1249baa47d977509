// Quantizer: studio Graph -> float TFLite (BN folded, activations fused)
// agrees with the graph's own forward pass; int8 post-training quantization
// tracks the float model; the int8 file round-trips through writer/reader.
#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "common/tiny_int8_model.h"
#include "nn/graph/graph.h"
#include "nn/quantize/graph_to_tflite.h"
#include "nn/quantize/quantizer.h"
#include "nn/runtime/executor.h"
#include "nn/tflite/reader.h"
#include "nn/tflite/writer.h"

namespace {

using namespace mote::nn;


// The shared tiny graph with a narrow (4-unit) relu6 layer.
Graph makeGraph() { return mote::test::tinyGraph(4); }

std::vector<std::vector<float>> samples(size_t count, size_t size, uint32_t seed) {
    return mote::test::tinyWindows(count, seed, size);
}

TEST(Quantize, FloatExportMatchesGraphForward) {
    const Graph g = makeGraph();
    auto model = floatModelFromGraph(g);
    ASSERT_TRUE(model.ok()) << model.message();
    // Batch norm was folded: no op for it.
    EXPECT_EQ(model->operators.size(), 7u);  // conv, pool, reshape, fc, fc, fc, softmax
    auto ex = Executor::create(*model);
    ASSERT_TRUE(ex.ok()) << ex.message();
    for (const auto& x : samples(20, g.inputSize(), 7)) {
        std::memcpy((*ex)->inputData(0), x.data(), x.size() * 4);
        (*ex)->invoke();
        auto want = g.forward(x);
        ASSERT_TRUE(want.ok());
        const float* got = reinterpret_cast<const float*>((*ex)->outputData(0));
        for (size_t i = 0; i < want->size(); ++i) EXPECT_NEAR(got[i], (*want)[i], 1e-5);
    }
}

TEST(Quantize, Int8TracksFloatAndRoundTrips) {
    const Graph g = makeGraph();
    auto fmodel = floatModelFromGraph(g);
    ASSERT_TRUE(fmodel.ok());
    auto q = quantizeModel(*fmodel, samples(200, g.inputSize(), 11));
    ASSERT_TRUE(q.ok()) << q.message();
    const Model& m = q->model;
    const Tensor& in = m.tensors[size_t(m.inputs[0])];
    const Tensor& out = m.tensors[size_t(m.outputs[0])];
    ASSERT_EQ(in.type, DType::Int8);
    EXPECT_EQ(out.quant.zeroPoint(), -128);
    EXPECT_FLOAT_EQ(out.quant.scale(), 1.0f / 256);
    // Conv weights per channel (6 scales), FC per tensor.
    EXPECT_EQ(m.tensors[size_t(m.operators[0].inputs[1])].quant.scales.size(), 6u);
    EXPECT_EQ(m.tensors[size_t(m.operators[3].inputs[1])].quant.scales.size(), 1u);

    auto bytes = writeModel(m);
    ASSERT_TRUE(bytes.ok());
    auto back = readModel(bytes->data(), bytes->size());
    ASSERT_TRUE(back.ok()) << back.message();
    auto ex = Executor::create(*back);
    ASSERT_TRUE(ex.ok()) << ex.message();
    int agree = 0, total = 0;
    double err = 0;
    for (const auto& x : samples(300, g.inputSize(), 99)) {
        std::vector<int8_t> qx(x.size());
        for (size_t i = 0; i < x.size(); ++i)
            qx[i] = int8_t(std::clamp<long>(std::lround(x[i] / in.quant.scale()) + in.quant.zeroPoint(), -128, 127));
        std::memcpy((*ex)->inputData(0), qx.data(), qx.size());
        (*ex)->invoke();
        const int8_t* qy = reinterpret_cast<const int8_t*>((*ex)->outputData(0));
        std::vector<float> y(3);
        for (int i = 0; i < 3; ++i) y[size_t(i)] = (qy[i] + 128) / 256.0f;
        auto want = g.forward(x);
        ASSERT_TRUE(want.ok());
        agree += argmax(y) == argmax(*want);
        for (int i = 0; i < 3; ++i) err += std::fabs(y[size_t(i)] - (*want)[size_t(i)]);
        ++total;
    }
    EXPECT_GE(agree, total * 9 / 10) << agree << "/" << total;
    EXPECT_LT(err / (3 * total), 0.03);
}

TEST(Quantize, RejectsBadCalibration) {
    const Graph g = makeGraph();
    auto fmodel = floatModelFromGraph(g);
    ASSERT_TRUE(fmodel.ok());
    auto none = quantizeModel(*fmodel, {});
    ASSERT_FALSE(none.ok());
    auto wrong = quantizeModel(*fmodel, {std::vector<float>(5, 0.0f)});
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.message().find("has 5 values"), std::string::npos) << wrong.message();
}

}  // namespace

// nn/quantize tools: float I/O wrapping keeps the int8 graph bit-exact,
// the quantization debugger measures real per-layer error, tensor float
// views follow TFLite's quantize/dequantize rules.
#include <cstring>

#include <gtest/gtest.h>

#include "nn/quantize/float_io.h"
#include "nn/quantize/layer_error.h"
#include "nn/quantize/tensor_float.h"
#include "nn/runtime/executor.h"
#include "nn/tflite/reader.h"
#include "nn/tflite/writer.h"
#include "common/tiny_int8_model.h"

using namespace mote;
using namespace mote::nn;

TEST(TensorFloat, QuantizeRoundsHalfAwayFromZeroAndSaturates) {
    EXPECT_EQ(quantizeValue(0.5f, 1.0f, 0), 1);
    EXPECT_EQ(quantizeValue(-0.5f, 1.0f, 0), -1);
    EXPECT_EQ(quantizeValue(1000.0f, 0.1f, 0), 127);
    EXPECT_EQ(quantizeValue(-1000.0f, 0.1f, 0), -128);
    EXPECT_EQ(quantizeValue(0.0f, 0.5f, -128), -128);
    Tensor t;
    t.name = "x";
    t.type = DType::Int8;
    t.shape = {1, 3};
    t.quant.scales = {0.5f};
    t.quant.zeroPoints = {10};
    std::vector<uint8_t> bytes(3);
    const std::vector<float> values = {1.0f, -2.0f, 100.0f};
    ASSERT_TRUE(storeFloats(t, values, bytes.data()));
    EXPECT_EQ(static_cast<int8_t>(bytes[0]), 12);
    EXPECT_EQ(static_cast<int8_t>(bytes[1]), 6);
    EXPECT_EQ(static_cast<int8_t>(bytes[2]), 127);
    const auto back = loadFloats(t, bytes.data());
    EXPECT_FLOAT_EQ(back[0], 1.0f);
    EXPECT_FLOAT_EQ(back[1], -2.0f);
    EXPECT_FLOAT_EQ(back[2], 58.5f);
    const std::vector<float> two = {1.0f, 2.0f};
    EXPECT_FALSE(storeFloats(t, two, bytes.data()));
}

TEST(FloatIo, WrappedModelGivesTheSameInt8ResultsThroughFloat) {
    const auto models = test::tinyModels();
    auto wrapped = wrapFloatIo(models.int8Model);
    ASSERT_TRUE(wrapped) << wrapped.message();
    EXPECT_EQ(wrapped->operators.size(), models.int8Model.operators.size() + 2);
    // Survives the file format.
    auto bytes = writeModel(*wrapped);
    ASSERT_TRUE(bytes);
    auto back = readModel(bytes->data(), bytes->size());
    ASSERT_TRUE(back) << back.message();
    EXPECT_EQ(back->tensors[size_t(back->inputs[0])].type, DType::Float32);
    EXPECT_EQ(back->tensors[size_t(back->outputs[0])].type, DType::Float32);

    auto fx = Executor::create(*back);
    ASSERT_TRUE(fx) << fx.message();
    auto qx = Executor::create(models.int8Model);
    ASSERT_TRUE(qx) << qx.message();
    for (const auto& w : test::tinyWindows(20, 77)) {
        ASSERT_TRUE(storeFloats((*fx)->inputTensor(0), w, (*fx)->inputData(0)));
        ASSERT_TRUE(storeFloats((*qx)->inputTensor(0), w, (*qx)->inputData(0)));
        (*fx)->invoke();
        (*qx)->invoke();
        EXPECT_EQ(loadFloats((*fx)->outputTensor(0), (*fx)->outputData(0)),
                  loadFloats((*qx)->outputTensor(0), (*qx)->outputData(0)));
    }
    // A float model cannot be wrapped.
    auto bad = wrapFloatIo(models.floatModel);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.message().find("float I/O needs a quantized int8 input"), std::string::npos) << bad.message();
}

TEST(LayerError, MeasuresEveryActivationAndSeesInjectedError) {
    const auto models = test::tinyModels();
    const auto windows = test::tinyWindows(50, 5);
    auto rows = compareLayers(models.floatModel, models.int8Model, windows);
    ASSERT_TRUE(rows) << rows.message();
    // conv, pool, reshape, fc, fc, fc, softmax: one row each.
    ASSERT_EQ(rows->size(), models.int8Model.operators.size());
    for (const auto& r : *rows) {
        EXPECT_GT(r.snrDb, 15.0) << r.op << " " << r.tensorName;
        EXPECT_GT(r.rmse, 0.0) << r.op;  // int8 is never exactly float here
        // Error of a rounding quantizer stays around the step size.
        EXPECT_LE(r.rmse, 4.0 * r.scale) << r.op;
        EXPECT_LE(r.floatMin, r.floatMax);
    }
    EXPECT_EQ(rows->back().op, "SOFTMAX");

    // Break the scale of the first FC's weights: that layer's SNR collapses
    // and the debugger shows where the error starts.
    Model broken = models.int8Model;
    int fc = -1;
    for (size_t i = 0; i < broken.operators.size(); ++i)
        if (broken.operators[i].builtin == static_cast<int32_t>(BuiltinOp::FullyConnected)) {
            fc = static_cast<int>(i);
            break;
        }
    ASSERT_GE(fc, 0);
    Tensor& w = broken.tensors[size_t(broken.operators[size_t(fc)].inputs[1])];
    for (auto& b : w.data) b = static_cast<uint8_t>(static_cast<int8_t>(static_cast<int8_t>(b) / 4));
    auto brokenRows = compareLayers(models.floatModel, broken, windows);
    ASSERT_TRUE(brokenRows) << brokenRows.message();
    for (size_t i = 0; i < brokenRows->size(); ++i) {
        if ((*brokenRows)[i].opIndex < fc) {
            EXPECT_DOUBLE_EQ((*brokenRows)[i].snrDb, (*rows)[i].snrDb);
        }
        if ((*brokenRows)[i].opIndex == fc) {
            EXPECT_LT((*brokenRows)[i].snrDb, 6.0);
        }
    }

    // Windows of the wrong size are refused with the window named.
    auto wrong = compareLayers(models.floatModel, models.int8Model, {std::vector<float>(5, 0.0f)});
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.message().find("window 0"), std::string::npos) << wrong.message();
}

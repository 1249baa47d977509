// Reader/writer: round trips (studio-built and shared models), the
// deprecated op-code rule, metadata, and malformed files rejected cleanly.
#include <cstring>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "common/shared_dir.h"
#include "nn/runtime/executor.h"
#include "nn/tflite/reader.h"
#include "nn/tflite/tflite_subset_generated.h"
#include "nn/tflite/writer.h"
#include "tiny_models.h"

namespace {

namespace fb = mote::tflite::fb;
using mote::nn::Model;

std::vector<uint8_t> readBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<uint8_t> runOnce(const Model& model, const std::vector<std::vector<uint8_t>>& inputs) {
    auto ex = mote::nn::Executor::create(model);
    EXPECT_TRUE(ex.ok()) << ex.message();
    if (!ex) return {};
    for (size_t i = 0; i < inputs.size(); ++i) std::memcpy((*ex)->inputData(i), inputs[i].data(), inputs[i].size());
    (*ex)->invoke();
    std::vector<uint8_t> out;
    for (size_t j = 0; j < (*ex)->outputCount(); ++j)
        out.insert(out.end(), (*ex)->outputData(j), (*ex)->outputData(j) + (*ex)->outputTensor(j).bytes());
    return out;
}

void expectSameModel(const Model& a, const Model& b) {
    ASSERT_EQ(a.tensors.size(), b.tensors.size());
    for (size_t i = 0; i < a.tensors.size(); ++i) {
        EXPECT_EQ(a.tensors[i].name, b.tensors[i].name);
        EXPECT_EQ(a.tensors[i].type, b.tensors[i].type);
        EXPECT_EQ(a.tensors[i].shape, b.tensors[i].shape);
        EXPECT_EQ(a.tensors[i].data, b.tensors[i].data) << "tensor " << i;
        EXPECT_EQ(a.tensors[i].quant.scales, b.tensors[i].quant.scales);
        EXPECT_EQ(a.tensors[i].quant.zeroPoints, b.tensors[i].quant.zeroPoints);
    }
    ASSERT_EQ(a.operators.size(), b.operators.size());
    for (size_t i = 0; i < a.operators.size(); ++i) {
        EXPECT_EQ(a.operators[i].builtin, b.operators[i].builtin);
        EXPECT_EQ(a.operators[i].inputs, b.operators[i].inputs);
        EXPECT_EQ(a.operators[i].outputs, b.operators[i].outputs);
        EXPECT_EQ(a.operators[i].options.activation, b.operators[i].options.activation);
        EXPECT_EQ(a.operators[i].options.strideW, b.operators[i].options.strideW);
        EXPECT_EQ(a.operators[i].options.padding, b.operators[i].options.padding);
        EXPECT_EQ(a.operators[i].options.depthMultiplier, b.operators[i].options.depthMultiplier);
    }
    EXPECT_EQ(a.inputs, b.inputs);
    EXPECT_EQ(a.outputs, b.outputs);
}

TEST(TfliteWriter, StudioInt8ModelRoundTripsAndRunsIdentically) {
    Model m = mote::test::tinyInt8Model();
    mote::nn::stampMoteMetadata(m, R"({"dsp":"mfe"})", {"idle", "wave", "shake"});
    auto bytes = mote::nn::writeModel(m);
    ASSERT_TRUE(bytes.ok()) << bytes.message();
    EXPECT_EQ(0, std::memcmp(bytes->data() + 4, "TFL3", 4));
    auto back = mote::nn::readModel(bytes->data(), bytes->size());
    ASSERT_TRUE(back.ok()) << back.message();
    expectSameModel(m, *back);
    EXPECT_EQ(back->version, 3u);
    EXPECT_NE(back->description.find("Mote Studio"), std::string::npos);
    bool labels = false;
    for (const auto& md : back->metadata)
        if (md.name == "mote_labels") labels = std::string(md.data.begin(), md.data.end()) == "idle\nwave\nshake\n";
    EXPECT_TRUE(labels);
    // Raw flatbuffer facts: buffer 0 empty, op codes with the 8-bit rule.
    const fb::Model* raw = fb::GetModel(bytes->data());
    ASSERT_GT(raw->buffers()->size(), 1u);
    EXPECT_TRUE(!raw->buffers()->Get(0)->data() || raw->buffers()->Get(0)->data()->size() == 0);
    for (const auto* code : *raw->operator_codes())
        EXPECT_EQ(code->deprecated_builtin_code(), static_cast<int8_t>(code->builtin_code()));

    for (int x = -128; x <= 127; x += 17) {
        std::vector<uint8_t> in = {uint8_t(x), uint8_t(x + 5), uint8_t(-x), 7};
        EXPECT_EQ(runOnce(m, {in}), runOnce(*back, {in}));
    }
}

TEST(TfliteWriter, CodesAbove126UseThePlaceholderInTheDeprecatedField) {
    Model m = mote::test::tinyFloatModel();
    m.operators[0].builtin = static_cast<int32_t>(mote::nn::BuiltinOp::Quantize);  // 114 < 127
    Model big = m;
    big.operators[0].builtin = 130;  // BROADCAST_TO
    auto b1 = mote::nn::writeModel(m);
    auto b2 = mote::nn::writeModel(big);
    ASSERT_TRUE(b1.ok() && b2.ok());
    EXPECT_EQ(fb::GetModel(b1->data())->operator_codes()->Get(0)->deprecated_builtin_code(), 114);
    EXPECT_EQ(fb::GetModel(b2->data())->operator_codes()->Get(0)->deprecated_builtin_code(), 127);
    auto back = mote::nn::readModel(b2->data(), b2->size());
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(back->operators[0].builtin, 130);
    EXPECT_EQ(back->operators[0].name(), "BROADCAST_TO");
}

TEST(TfliteWriter, FloatModelRoundTrip) {
    Model m = mote::test::tinyFloatModel();
    auto bytes = mote::nn::writeModel(m);
    ASSERT_TRUE(bytes.ok());
    auto back = mote::nn::readModel(bytes->data(), bytes->size());
    ASSERT_TRUE(back.ok()) << back.message();
    expectSameModel(m, *back);
    auto out = runOnce(*back, {mote::test::floatBytes({1.0f, 2.0f})});
    float y[2];
    std::memcpy(y, out.data(), 8);
    EXPECT_FLOAT_EQ(y[0], 1.0f + 4.0f + 0.25f);
    EXPECT_FLOAT_EQ(y[1], -3.0f + 1.0f - 1.0f);
}

class SharedRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(SharedRoundTrip, WrittenCopyGivesTflmGoldenOutputs) {
    MOTE_REQUIRE_SHARED("golden");
    const std::string name = GetParam();
    const auto dir = mote::test::sharedDir() / "golden" / name;
    std::string modelPath;
    for (const char* group : {"tflm", "mlperf_tiny"}) {
        auto p = mote::test::sharedDir() / "models" / group / (name + ".tflite");
        if (std::filesystem::exists(p)) modelPath = p.string();
    }
    auto original = mote::nn::readModelFile(modelPath);
    ASSERT_TRUE(original.ok()) << original.message();
    auto bytes = mote::nn::writeModel(*original);
    ASSERT_TRUE(bytes.ok()) << bytes.message();
    auto back = mote::nn::readModel(bytes->data(), bytes->size());
    ASSERT_TRUE(back.ok()) << back.message();
    expectSameModel(*original, *back);
    std::vector<std::vector<uint8_t>> inputs;
    for (size_t i = 0; i < back->inputs.size(); ++i)
        inputs.push_back(readBytes(dir / ("case_0_input_" + std::to_string(i) + ".bin")));
    std::vector<uint8_t> want;
    for (size_t j = 0; j < back->outputs.size(); ++j) {
        auto o = readBytes(dir / ("case_0_output_" + std::to_string(j) + ".bin"));
        want.insert(want.end(), o.begin(), o.end());
    }
    EXPECT_EQ(runOnce(*back, inputs), want);
}

INSTANTIATE_TEST_SUITE_P(Models, SharedRoundTrip,
                         ::testing::Values("hello_world_int8", "kws_ref_model", "test_conv_model", "pretrainedResnet_quant"),
                         [](const auto& info) { return std::string(info.param); });

// ---- malformed files ------------------------------------------------------

struct Forge {
    std::vector<int32_t> shape = {1, 4};
    uint32_t bufferIndex = 1;
    size_t bufferBytes = 4;
    int32_t opInput = 0;
    uint32_t opcodeIndex = 0;
    uint32_t version = 3;
    std::vector<float> scales = {0.5f};
    std::vector<int64_t> zeroPoints = {0};
};

// A one-op (RESHAPE) int8 model with tensor 0 constant, built field by field
// so each test can make exactly one field lie.
std::vector<uint8_t> forge(const Forge& f) {
    flatbuffers::FlatBufferBuilder b;
    std::vector<uint8_t> data(f.bufferBytes, 1);
    std::vector<flatbuffers::Offset<fb::Buffer>> buffers = {fb::CreateBuffer(b), fb::CreateBuffer(b, b.CreateVector(data))};
    auto q = fb::CreateQuantizationParameters(b, 0, 0, b.CreateVector(f.scales), b.CreateVector(f.zeroPoints));
    std::vector<flatbuffers::Offset<fb::Tensor>> tensors = {
        fb::CreateTensor(b, b.CreateVector(f.shape), fb::TensorType::INT8, f.bufferIndex, b.CreateString("w"), q),
        fb::CreateTensor(b, b.CreateVector(std::vector<int32_t>{4}), fb::TensorType::INT8, 0, b.CreateString("y"))};
    std::vector<int32_t> ins = {f.opInput}, outs = {1}, graphOuts = {1};
    auto op = fb::CreateOperator(b, f.opcodeIndex, b.CreateVector(ins), b.CreateVector(outs));
    auto code = fb::CreateOperatorCode(b, 22, 0, 1, fb::BuiltinOperator::RESHAPE);
    auto sg = fb::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(std::vector<int32_t>{}),
                                 b.CreateVector(graphOuts), b.CreateVector(&op, 1));
    auto model = fb::CreateModel(b, f.version, b.CreateVector(&code, 1), b.CreateVector(&sg, 1), 0, b.CreateVector(buffers));
    fb::FinishModelBuffer(b, model);
    return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

std::string rejection(const std::vector<uint8_t>& bytes) {
    auto r = mote::nn::readModel(bytes.data(), bytes.size());
    return r.ok() ? std::string("ACCEPTED") : r.message();
}

TEST(TfliteReaderMalformed, ForgedBaselineIsAccepted) { EXPECT_EQ(rejection(forge({})), "ACCEPTED"); }

TEST(TfliteReaderMalformed, TruncatedFiles) {
    const auto good = forge({});
    for (size_t n : {size_t{0}, size_t{3}, size_t{7}, good.size() / 3, good.size() / 2, good.size() - 9}) {
        std::vector<uint8_t> cut(good.begin(), good.begin() + static_cast<long>(n));
        const std::string msg = rejection(cut);
        EXPECT_NE(msg, "ACCEPTED") << n;
        EXPECT_TRUE(msg.find("too small") != std::string::npos || msg.find("verification") != std::string::npos ||
                    msg.find("identifier") != std::string::npos)
            << msg;
    }
}

TEST(TfliteReaderMalformed, WrongIdentifier) {
    auto bytes = forge({});
    std::memcpy(bytes.data() + 4, "ABCD", 4);
    EXPECT_NE(rejection(bytes).find("file identifier is 'ABCD', expected 'TFL3'"), std::string::npos);
}

TEST(TfliteReaderMalformed, OutOfRangeIndices) {
    Forge f;
    f.opInput = 7;
    EXPECT_NE(rejection(forge(f)).find("refers to tensor 7 but there are 2 tensors"), std::string::npos);
    f = {};
    f.bufferIndex = 9;
    EXPECT_NE(rejection(forge(f)).find("points at buffer 9"), std::string::npos);
    f = {};
    f.opcodeIndex = 3;
    EXPECT_NE(rejection(forge(f)).find("uses opcode 3"), std::string::npos);
}

TEST(TfliteReaderMalformed, BufferSizeLies) {
    Forge f;
    f.bufferBytes = 3;  // tensor [1,4] int8 needs 4
    EXPECT_NE(rejection(forge(f)).find("needs 4 bytes but its buffer 1 holds 3"), std::string::npos);
}

TEST(TfliteReaderMalformed, AbsurdShapes) {
    Forge f;
    f.shape = {1 << 20, 1 << 20, 1 << 20};
    EXPECT_NE(rejection(forge(f)).find("absurd shape"), std::string::npos);
    f.shape = {1, -4};
    EXPECT_NE(rejection(forge(f)).find("negative dimension"), std::string::npos);
    f.shape = {1, 1, 1, 1, 1, 1, 1, 1, 4};
    EXPECT_NE(rejection(forge(f)).find("rank 9"), std::string::npos);
}

TEST(TfliteReaderMalformed, BadQuantizationAndVersion) {
    Forge f;
    f.zeroPoints = {0, 0};
    EXPECT_NE(rejection(forge(f)).find("1 scales but 2 zero points"), std::string::npos);
    f = {};
    f.zeroPoints = {300};
    EXPECT_NE(rejection(forge(f)).find("zero point 300 outside the range of int8"), std::string::npos);
    f = {};
    f.scales = {-1.0f};
    EXPECT_NE(rejection(forge(f)).find("invalid quantization scale"), std::string::npos);
    f = {};
    f.scales = {0.1f, 0.2f, 0.3f};
    f.zeroPoints = {0, 0, 0};
    EXPECT_NE(rejection(forge(f)).find("per-channel scales"), std::string::npos);
    f = {};
    f.version = 2;
    EXPECT_NE(rejection(forge(f)).find("schema version 2"), std::string::npos);
}

TEST(TfliteReaderMalformed, RandomByteFlipsNeverCrash) {
    // Every corruption must give a Model or an Error, never a crash.
    const auto good = forge({});
    uint32_t state = 12345;
    int rejected = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        auto bytes = good;
        for (int k = 0; k < 3; ++k) {
            state = state * 1664525u + 1013904223u;
            bytes[(state >> 8) % bytes.size()] ^= static_cast<uint8_t>(state >> 24 | 1);
        }
        auto r = mote::nn::readModel(bytes.data(), bytes.size());
        if (!r) {
            ++rejected;
            EXPECT_FALSE(r.message().empty());
        } else {
            // Accepted models must also be safe to plan and prepare.
            auto ex = mote::nn::Executor::create(*r);
            (void)ex;
        }
    }
    EXPECT_GT(rejected, 100);
}

}  // namespace

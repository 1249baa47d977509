// Conformance with TensorFlow Lite Micro: every case of every golden model in
// ../shared/golden is run through Mote's reader, planner and kernels and
// compared byte for byte (float models within 1e-5). SVDF/LSTM models must be
// refused with the name of the unsupported op.
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/shared_dir.h"
#include "nn/runtime/executor.h"
#include "nn/runtime/prepare.h"
#include "nn/tflite/reader.h"

namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> readBytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

nlohmann::json manifest(const std::string& name) {
    std::ifstream in(mote::test::sharedDir() / "golden" / name / "manifest.json");
    return nlohmann::json::parse(in);
}

// Runs every case; returns the number of mismatching bytes (float: values
// off by more than tolerance).
void runGolden(const std::string& name, double floatTolerance = 0.0) {
    const fs::path dir = mote::test::sharedDir() / "golden" / name;
    const auto m = manifest(name);
    auto model = mote::nn::readModelFile((mote::test::sharedDir() / m["model"].get<std::string>()).string());
    ASSERT_TRUE(model.ok()) << model.message();
    auto ex = mote::nn::Executor::create(std::move(*model));
    ASSERT_TRUE(ex.ok()) << ex.message();
    auto& e = **ex;
    const int cases = m["cases"].get<int>();
    int matched = 0;
    for (int k = 0; k < cases; ++k) {
        for (size_t i = 0; i < e.inputCount(); ++i) {
            auto bytes = readBytes(dir / ("case_" + std::to_string(k) + "_input_" + std::to_string(i) + ".bin"));
            ASSERT_EQ(bytes.size(), e.inputTensor(i).bytes()) << name << " input " << i;
            std::memcpy(e.inputData(i), bytes.data(), bytes.size());
        }
        e.invoke();
        bool caseOk = true;
        for (size_t j = 0; j < e.outputCount(); ++j) {
            auto want = readBytes(dir / ("case_" + std::to_string(k) + "_output_" + std::to_string(j) + ".bin"));
            const auto& t = e.outputTensor(j);
            ASSERT_EQ(want.size(), t.bytes()) << name << " output " << j;
            const uint8_t* got = e.outputData(j);
            if (t.type == mote::nn::DType::Float32 && floatTolerance > 0) {
                for (size_t x = 0; x < want.size() / 4; ++x) {
                    float a, b;
                    std::memcpy(&a, got + 4 * x, 4);
                    std::memcpy(&b, want.data() + 4 * x, 4);
                    if (std::fabs(a - b) > floatTolerance) {
                        caseOk = false;
                        ADD_FAILURE() << name << " case " << k << " output " << j << "[" << x << "]: " << a
                                      << " vs TFLM " << b;
                        break;
                    }
                }
            } else {
                size_t bad = 0, first = want.size();
                for (size_t x = 0; x < want.size(); ++x)
                    if (got[x] != want[x]) {
                        if (!bad) first = x;
                        ++bad;
                    }
                if (bad) {
                    caseOk = false;
                    ADD_FAILURE() << name << " case " << k << " output " << j << ": " << bad << " of " << want.size()
                                  << " bytes differ (first at " << first << ": " << int(int8_t(got[first])) << " vs TFLM "
                                  << int(int8_t(want[first])) << ")";
                }
            }
        }
        matched += caseOk;
    }
    EXPECT_EQ(matched, cases) << name;
}

// Case 0, layer by layer: every operator's output right after it ran must
// equal TFLM's dump of that tensor (names the first diverging layer).
void checkIntermediates(const std::string& name) {
    const fs::path dir = mote::test::sharedDir() / "golden" / name;
    const auto m = manifest(name);
    auto model = mote::nn::readModelFile((mote::test::sharedDir() / m["model"].get<std::string>()).string());
    ASSERT_TRUE(model.ok()) << model.message();
    auto ex = mote::nn::Executor::create(std::move(*model));
    ASSERT_TRUE(ex.ok()) << ex.message();
    auto& e = **ex;
    for (size_t i = 0; i < e.inputCount(); ++i) {
        auto bytes = readBytes(dir / ("case_0_input_" + std::to_string(i) + ".bin"));
        std::memcpy(e.inputData(i), bytes.data(), bytes.size());
    }
    int compared = 0;
    e.invoke([&](const mote::nn::PreparedOp& op) {
        for (int32_t t : op.outputs) {
            const auto want = readBytes(dir / "intermediates" / ("case_0_tensor_" + std::to_string(t) + ".bin"));
            if (want.empty()) continue;
            ++compared;
            EXPECT_EQ(0, std::memcmp(want.data(), e.tensorData(t), want.size()))
                << name << ": operator " << op.opIndex << " (" << e.model().operators[size_t(op.opIndex)].name()
                << ") output tensor " << t << " differs from TFLM";
        }
    });
    EXPECT_EQ(compared, static_cast<int>(e.ops().size())) << "every operator output should have a TFLM dump";
}

class Golden : public ::testing::TestWithParam<const char*> {};

TEST_P(Golden, EveryCaseMatchesTflmByteForByte) {
    MOTE_REQUIRE_SHARED("golden");
    runGolden(GetParam());
}

TEST_P(Golden, Case0EveryLayerMatchesTflm) {
    MOTE_REQUIRE_SHARED("golden");
    checkIntermediates(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Tflm, Golden,
                         ::testing::Values("hello_world_int8", "micro_speech_quantized", "person_detect",
                                           "test_conv_model", "simple_add_model", "kws_ref_model", "ad01_int8",
                                           "vww_96_int8", "pretrainedResnet_quant"),
                         [](const auto& info) { return std::string(info.param); });

TEST(GoldenFloat, HelloWorldFloatWithin1e5) {
    MOTE_REQUIRE_SHARED("golden/hello_world_float");
    runGolden("hello_world_float", 1e-5);
}

class Unsupported : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(Unsupported, RefusedNamingTheOp) {
    MOTE_REQUIRE_SHARED("golden");
    const auto [name, op] = GetParam();
    const auto m = manifest(name);
    auto model = mote::nn::readModelFile((mote::test::sharedDir() / m["model"].get<std::string>()).string());
    ASSERT_TRUE(model.ok()) << model.message();
    const auto unsupported = mote::nn::unsupportedOps(*model);
    ASSERT_FALSE(unsupported.empty());
    EXPECT_EQ(unsupported[0], op);
    auto ex = mote::nn::Executor::create(std::move(*model));
    ASSERT_FALSE(ex.ok());
    EXPECT_NE(ex.message().find(op), std::string::npos) << ex.message();
    EXPECT_NE(ex.message().find("not supported"), std::string::npos) << ex.message();
}

INSTANTIATE_TEST_SUITE_P(
    Tflm, Unsupported,
    ::testing::Values(std::make_pair("keyword_scrambled", "SVDF"), std::make_pair("keyword_scrambled_8bit", "SVDF"),
                      std::make_pair("mnist_lstm_int8", "UNIDIRECTIONAL_SEQUENCE_LSTM"),
                      std::make_pair("mnist_lstm_float", "UNIDIRECTIONAL_SEQUENCE_LSTM"),
                      std::make_pair("dtln_noise_suppression", "UNIDIRECTIONAL_SEQUENCE_LSTM")),
    [](const auto& info) { return std::string(info.param.first); });

}  // namespace

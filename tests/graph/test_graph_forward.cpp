// The float reference forward pass against PyTorch, layer type by layer type.
// make_layer_case.py builds each network with the trainer's own Model class,
// randomizes the weights, and writes inputs, torch's outputs and the
// exported weights; we load those weights into Graph and must reproduce the
// outputs. A wrong weight layout or padding rule fails here.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/shared_dir.h"
#include "nn/graph/graph.h"
#include "nn/graph/npy.h"
#include "python_helper.h"

namespace fs = std::filesystem;
using namespace mote::nn;

namespace {

struct ForwardCase {
    const char* name;
    const char* json;  // {"input_shape": [...], "layers": [...]}
};

void PrintTo(const ForwardCase& c, std::ostream* os) { *os << c.name; }

const ForwardCase kCases[] = {
    {"dense_relu_softmax",
     R"({"input_shape":[6],"layers":[{"type":"dense","params":{"units":5,"activation":"relu"}},
         {"type":"dense","params":{"units":3}},{"type":"softmax"}]})"},
    {"dense_activations",
     R"({"input_shape":[7],"layers":[{"type":"dense","params":{"units":6,"activation":"relu6"}},
         {"type":"dense","params":{"units":5,"activation":"tanh"}},
         {"type":"dense","params":{"units":4,"activation":"sigmoid"}}]})"},
    {"conv1d_valid",
     R"({"input_shape":[10,3],"layers":[{"type":"conv1d","params":{"filters":4,"kernel_size":3,"activation":"relu"}},
         {"type":"flatten"},{"type":"dense","params":{"units":3}},{"type":"softmax"}]})"},
    {"conv1d_same_stride2",
     R"({"input_shape":[9,2],"layers":[{"type":"conv1d","params":{"filters":3,"kernel_size":4,"stride":2,"padding":"same"}},
         {"type":"flatten"}]})"},
    {"conv2d_valid_rect",
     R"({"input_shape":[6,5,2],"layers":[{"type":"conv2d","params":{"filters":3,"kernel_size":[3,2],"stride":[1,2]}},
         {"type":"flatten"}]})"},
    {"conv2d_same_stride2",
     R"({"input_shape":[7,6,3],"layers":[{"type":"conv2d","params":{"filters":4,"kernel_size":3,"stride":2,"padding":"same","activation":"relu"}},
         {"type":"flatten"}]})"},
    {"depthwise_same_mult2",
     R"({"input_shape":[5,5,3],"layers":[{"type":"depthwise_conv2d","params":{"kernel_size":3,"depth_multiplier":2,"padding":"same"}},
         {"type":"flatten"}]})"},
    {"depthwise_valid_stride2",
     R"({"input_shape":[7,6,2],"layers":[{"type":"depthwise_conv2d","params":{"kernel_size":[3,2],"stride":2,"activation":"relu6"}},
         {"type":"flatten"}]})"},
    {"pool1d_max_avg_same",
     R"({"input_shape":[9,2],"layers":[{"type":"max_pool1d","params":{"pool_size":2}},
         {"type":"avg_pool1d","params":{"pool_size":3,"stride":2,"padding":"same"}},{"type":"flatten"}]})"},
    {"pool2d_max_same_avg_valid",
     R"({"input_shape":[5,5,2],"layers":[{"type":"max_pool2d","params":{"pool_size":2,"padding":"same"}},
         {"type":"avg_pool2d","params":{"pool_size":[2,1]}},{"type":"flatten"}]})"},
    {"avg_pool2d_same_stride2",
     R"({"input_shape":[6,7,3],"layers":[{"type":"avg_pool2d","params":{"pool_size":3,"stride":2,"padding":"same"}},
         {"type":"flatten"}]})"},
    {"batch_norm_1d_and_flat",
     R"({"input_shape":[8,3],"layers":[{"type":"batch_norm","params":{"epsilon":0.001}},{"type":"flatten"},
         {"type":"dense","params":{"units":5}},{"type":"batch_norm"},{"type":"dense","params":{"units":2}},{"type":"softmax"}]})"},
    {"reshape_dropout_conv",
     R"({"input_shape":[24],"layers":[{"type":"reshape","params":{"shape":[-1,3]}},{"type":"dropout","params":{"rate":0.5}},
         {"type":"conv1d","params":{"filters":2,"kernel_size":3,"padding":"same","activation":"relu"}},
         {"type":"reshape","params":{"shape":[4,2,2]}},{"type":"conv2d","params":{"filters":2,"kernel_size":2}},
         {"type":"flatten"},{"type":"dense","params":{"units":3}},{"type":"softmax"}]})"},
    {"audio_like_cnn",
     R"({"input_shape":[260],"layers":[{"type":"reshape","params":{"shape":[20,13,1]}},
         {"type":"conv2d","params":{"filters":4,"kernel_size":3,"padding":"same","activation":"relu"}},
         {"type":"max_pool2d","params":{"pool_size":2,"padding":"same"}},
         {"type":"depthwise_conv2d","params":{"kernel_size":3,"padding":"same","activation":"relu"}},
         {"type":"batch_norm"},{"type":"avg_pool2d","params":{"pool_size":2}},{"type":"flatten"},
         {"type":"dropout","params":{"rate":0.25}},{"type":"dense","params":{"units":4}},{"type":"softmax"}]})"},
};

fs::path caseDir(const ForwardCase& c) { return mote::test::binaryDir() / "test-tmp" / "graph" / c.name; }

class GraphForward : public ::testing::TestWithParam<ForwardCase> {
protected:
    // One Python run computes every case (torch's import dominates the time).
    // ctest runs each case in its own process, so the results are reused
    // while the cases, the trainer and the script are unchanged; a file lock
    // keeps parallel ctest processes from generating at the same time.
    static void SetUpTestSuite() {
        const auto trainer = mote::test::sourceDir() / "resources" / "trainers" / "torch_trainer.py";
        const auto script = mote::test::sourceDir() / "tests" / "graph" / "make_layer_case.py";
        const auto root = mote::test::binaryDir() / "test-tmp" / "graph";
        fs::create_directories(root);
        const int lock = ::open((root / "lock").c_str(), O_CREAT | O_RDWR, 0644);
        if (lock >= 0) ::flock(lock, LOCK_EX);
        std::string key = std::to_string(fs::last_write_time(trainer).time_since_epoch().count()) + "/" +
                          std::to_string(fs::last_write_time(script).time_since_epoch().count());
        for (const auto& c : kCases) key += std::string("\n") + c.name + c.json;
        std::string previous;
        if (std::ifstream in(root / "key.txt"); in) previous.assign(std::istreambuf_iterator<char>(in), {});
        if (previous == key) {
            s_pythonOk = true;
        } else {
            std::vector<std::string> args = {script.string(), trainer.string()};
            for (const auto& c : kCases) {
                const fs::path dir = caseDir(c);
                fs::remove_all(dir);
                fs::create_directories(dir);
                auto caseJson = nlohmann::json::parse(c.json);
                caseJson["windows"] = 5;
                std::ofstream(dir / "case.json") << caseJson.dump();
                args.push_back((dir / "case.json").string());
                args.push_back(dir.string());
            }
            auto r = mote::test::runPython(args);
            s_pythonOk = r.exitCode == 0;
            s_pythonOut = r.out;
            if (s_pythonOk) std::ofstream(root / "key.txt") << key;
        }
        if (lock >= 0) ::close(lock);  // releases the lock
    }
    static inline bool s_pythonOk = false;
    static inline std::string s_pythonOut;
};

TEST_P(GraphForward, MatchesTorch) {
    const ForwardCase& c = GetParam();
    ASSERT_TRUE(s_pythonOk) << "torch reference failed: " << s_pythonOut;
    const fs::path dir = caseDir(c);
    const auto caseJson = nlohmann::json::parse(c.json);
    auto layers = layersFromJson(caseJson["layers"]);
    ASSERT_TRUE(layers) << layers.message();
    ModelSpec spec{caseJson["input_shape"].get<std::vector<int>>(), *layers};
    auto graph = Graph::build(spec);
    ASSERT_TRUE(graph) << graph.message();
    // torch and the studio agree on the output shape.
    std::ifstream shapeFile(dir / "output_shape.json");
    EXPECT_EQ(nlohmann::json::parse(shapeFile).get<std::vector<int>>(), graph->outputShape());
    auto loaded = graph->loadWeights(dir / "weights");
    ASSERT_TRUE(loaded) << loaded.message();

    auto x = readNpy(dir / "X.npy");
    auto y = readNpy(dir / "Y.npy");
    ASSERT_TRUE(x && y);
    const auto xs = x->toFloat32(), ys = y->toFloat32();
    const size_t windows = static_cast<size_t>(x->shape[0]);
    const size_t inSize = xs.size() / windows, outSize = ys.size() / windows;
    ASSERT_EQ(inSize, graph->inputSize());
    for (size_t w = 0; w < windows; ++w) {
        auto out = graph->forward(std::span<const float>(xs.data() + w * inSize, inSize));
        ASSERT_TRUE(out) << out.message();
        ASSERT_EQ(out->size(), outSize);
        for (size_t i = 0; i < outSize; ++i) {
            const float expected = ys[w * outSize + i];
            EXPECT_NEAR((*out)[i], expected, 1e-4f + 1e-4f * std::fabs(expected))
                << c.name << " window " << w << " output " << i;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(EveryLayerType, GraphForward, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace

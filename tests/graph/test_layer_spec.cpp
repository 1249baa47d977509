// Layer lists: JSON round trip, shape inference and the errors a user sees.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "nn/graph/graph.h"
#include "nn/graph/layer_spec.h"

using namespace mote::nn;

namespace {
ModelSpec parse(std::vector<int> input, const char* layersJson) {
    auto layers = layersFromJson(nlohmann::json::parse(layersJson));
    EXPECT_TRUE(layers) << layers.message();
    return {std::move(input), layers ? *layers : std::vector<LayerSpec>{}};
}
}  // namespace

TEST(LayerSpec, JsonRoundTripKeepsEveryField) {
    const char* text = R"([
      {"type":"reshape","params":{"shape":[20,13,1]}},
      {"type":"conv2d","params":{"filters":8,"kernel_size":[3,2],"stride":[1,2],"padding":"same","activation":"relu6"}},
      {"type":"depthwise_conv2d","params":{"kernel_size":3,"depth_multiplier":2}},
      {"type":"max_pool2d","params":{"pool_size":2}},
      {"type":"batch_norm","params":{"epsilon":0.01,"momentum":0.2}},
      {"type":"flatten"},
      {"type":"dropout","params":{"rate":0.25}},
      {"type":"dense","params":{"units":4,"activation":"tanh"}},
      {"type":"softmax"}])";
    auto layers = layersFromJson(nlohmann::json::parse(text));
    ASSERT_TRUE(layers) << layers.message();
    ASSERT_EQ(layers->size(), 9u);
    EXPECT_EQ((*layers)[1].kernel, (std::array<int, 2>{3, 2}));
    EXPECT_EQ((*layers)[1].stride, (std::array<int, 2>{1, 2}));
    EXPECT_EQ((*layers)[1].activation, Activation::Relu6);
    EXPECT_EQ((*layers)[2].depthMultiplier, 2);
    EXPECT_EQ((*layers)[3].stride, (std::array<int, 2>{2, 2}));  // pool stride defaults to pool size
    EXPECT_FLOAT_EQ((*layers)[4].epsilon, 0.01f);
    EXPECT_FLOAT_EQ((*layers)[6].rate, 0.25f);

    auto again = layersFromJson(layersToJson(*layers));
    ASSERT_TRUE(again) << again.message();
    EXPECT_EQ(*again, *layers);
}

TEST(LayerSpec, OneDimensionalLayersUseHeightOne) {
    auto spec = parse({50, 3}, R"([{"type":"conv1d","params":{"filters":8,"kernel_size":5,"stride":2,"padding":"same"}},
                                   {"type":"max_pool1d","params":{"pool_size":2}}])");
    EXPECT_EQ(spec.layers[0].kernel, (std::array<int, 2>{1, 5}));
    auto shapes = inferShapes(spec);
    ASSERT_TRUE(shapes) << shapes.message();
    EXPECT_EQ((*shapes)[0], (std::vector<int>{25, 8}));
    EXPECT_EQ((*shapes)[1], (std::vector<int>{12, 8}));
    EXPECT_EQ(layerToJson(spec.layers[0])["params"]["kernel_size"], 5);
}

TEST(LayerSpec, ShapeInferenceAndWeightSlots) {
    auto spec = parse({20, 13, 1}, R"([
      {"type":"conv2d","params":{"filters":4,"kernel_size":3}},
      {"type":"depthwise_conv2d","params":{"kernel_size":3,"depth_multiplier":2,"padding":"same"}},
      {"type":"batch_norm"},{"type":"flatten"},{"type":"dense","params":{"units":3}},{"type":"softmax"}])");
    auto graph = Graph::build(spec);
    ASSERT_TRUE(graph) << graph.message();
    EXPECT_EQ(graph->layerOutputShape(0), (std::vector<int>{18, 11, 4}));
    EXPECT_EQ(graph->layerOutputShape(1), (std::vector<int>{18, 11, 8}));
    EXPECT_EQ(graph->layerOutputShape(3), (std::vector<int>{18 * 11 * 8}));
    const auto& slots = graph->weightSlots();
    ASSERT_EQ(slots.size(), 10u);
    EXPECT_EQ(slots[0].fileName(), "0_kernel.npy");
    EXPECT_EQ(slots[0].shape, (std::vector<int>{4, 3, 3, 1}));
    EXPECT_EQ(slots[2].shape, (std::vector<int>{1, 3, 3, 8}));
    EXPECT_EQ(slots[4].fileName(), "2_gamma.npy");
    EXPECT_EQ(slots[7].fileName(), "2_var.npy");
    EXPECT_EQ(slots[8].shape, (std::vector<int>{3, 18 * 11 * 8}));
    EXPECT_EQ(graph->parameterCount(), 4u * 9 + 4 + 9 * 8 + 8 + 4 * 8 + 3u * 18 * 11 * 8 + 3);
    EXPECT_FALSE(graph->hasAllWeights());
    auto out = graph->forward(std::vector<float>(260, 0.0f));
    ASSERT_FALSE(out);
    EXPECT_NE(out.message().find("not loaded"), std::string::npos);
}

struct BadSpec {
    const char* name;
    std::vector<int> input;
    const char* layers;
    const char* expected;  // substring of the error
};

class LayerSpecErrors : public ::testing::TestWithParam<BadSpec> {};

TEST_P(LayerSpecErrors, NameTheProblem) {
    const BadSpec& c = GetParam();
    auto layers = layersFromJson(nlohmann::json::parse(c.layers));
    std::string message;
    if (!layers) {
        message = layers.message();
    } else {
        auto shapes = inferShapes({c.input, *layers});
        ASSERT_FALSE(shapes) << c.name << " was accepted";
        message = shapes.message();
    }
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LayerSpecErrors,
    ::testing::Values(
        BadSpec{"dense_on_2d", {10, 3}, R"([{"type":"dense","params":{"units":4}}])", "add a flatten layer"},
        BadSpec{"unknown_type", {10}, R"([{"type":"lstm"}])", "unknown layer type 'lstm'"},
        BadSpec{"missing_units", {10}, R"([{"type":"dense"}])", "missing parameter \"units\""},
        BadSpec{"bad_activation", {10}, R"([{"type":"dense","params":{"units":2,"activation":"gelu"}}])",
                "unknown activation 'gelu'"},
        BadSpec{"kernel_too_big", {4, 3}, R"([{"type":"conv1d","params":{"filters":2,"kernel_size":5}}])",
                "longer than the input"},
        BadSpec{"conv2d_on_1d", {10}, R"([{"type":"conv2d","params":{"filters":2,"kernel_size":3}}])",
                "3-D [height, width, channels]"},
        BadSpec{"reshape_mismatch", {10}, R"([{"type":"reshape","params":{"shape":[3,3]}}])", "cannot reshape"},
        BadSpec{"softmax_not_last", {10}, R"([{"type":"softmax"},{"type":"dense","params":{"units":2}}])",
                "softmax must be the last layer"},
        BadSpec{"bad_dropout", {10}, R"([{"type":"dropout","params":{"rate":1.5}}])", "\"rate\" must be in [0, 1)"},
        BadSpec{"no_layers", {10}, R"([])", "no layers"},
        BadSpec{"bad_padding", {10, 2}, R"([{"type":"conv1d","params":{"filters":2,"kernel_size":3,"padding":"full"}}])",
                "\"padding\" must be"}),
    [](const auto& info) { return std::string(info.param.name); });

// ImpulseConfig: defaults per sensor type, JSON round trip, validation
// messages, and the resources/impulses/*.json files staying equal to the
// code's defaults.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/shared_dir.h"
#include "impulse/impulse_config.h"
#include "impulse/impulse_defaults.h"
#include "nn/graph/graph.h"

using namespace mote;
using namespace mote::impulse;

TEST(ImpulseDefaults, MotionIsSpectralPlusSmallDense) {
    auto c = defaultImpulse(SensorType::Motion);
    auto dsp = c.dspConfig();
    ASSERT_TRUE(dsp) << dsp.message();
    EXPECT_EQ(dsp->kind, dsp::BlockKind::kSpectral);
    EXPECT_EQ(c.input.sampleRateHz, 100.0);
    EXPECT_EQ(c.dsp["block"], "spectral");
    ASSERT_EQ(c.layers.size(), 2u);
    EXPECT_EQ(c.layers[0].type, nn::LayerType::Dense);
    EXPECT_TRUE(validate(c));
    // A spectral feature vector (3 axes x 35 features) fits the network.
    auto spec = c.modelSpec({105}, 4);
    ASSERT_TRUE(spec) << spec.message();
    EXPECT_EQ(spec->layers.size(), 4u);
    EXPECT_EQ(spec->layers[2].units, 4);
    EXPECT_EQ(spec->layers[3].type, nn::LayerType::Softmax);
}

TEST(ImpulseDefaults, AudioIsMfccPlusSmallConv) {
    auto c = defaultImpulse(SensorType::Audio);
    EXPECT_EQ(c.input.sampleRateHz, 16000.0);
    EXPECT_EQ(c.dsp["block"], "mfcc");
    EXPECT_EQ(c.layers[0].type, nn::LayerType::Conv1D);
    EXPECT_GT(c.training.augmentation.noise, 0.0);
    // 1 s of MFCC at 20 ms stride = 50 frames x 13 coefficients.
    auto spec = c.modelSpec({50, 13}, 10);
    ASSERT_TRUE(spec) << spec.message();
    auto graph = nn::Graph::build(*spec);
    ASSERT_TRUE(graph) << graph.message();
    EXPECT_EQ(graph->outputShape(), std::vector<int>{10});
}

TEST(ImpulseConfig, JsonRoundTrip) {
    auto c = defaultImpulse(SensorType::Audio);
    c.name = "keywords";
    c.input.axes = {"audio"};
    c.window = {800, 250, false};
    c.training.epochs = 7;
    c.training.classWeighting = ClassWeighting::Balanced;
    c.training.seed = 42;
    auto back = impulseFromJsonText(toJson(c).dump());
    ASSERT_TRUE(back) << back.message();
    EXPECT_EQ(*back, c);
}

TEST(ImpulseConfig, MissingSectionsTakeTheSensorDefaults) {
    auto c = impulseFromJsonText(R"({"sensor":"audio","training":{"epochs":3}})");
    ASSERT_TRUE(c) << c.message();
    EXPECT_EQ(c->training.epochs, 3);
    EXPECT_EQ(c->training.learningRate, defaultImpulse(SensorType::Audio).training.learningRate);
    EXPECT_EQ(c->layers, defaultImpulse(SensorType::Audio).layers);
}

TEST(ImpulseConfig, ErrorsNameTheField) {
    struct Case {
        const char* json;
        const char* expected;
    };
    const Case cases[] = {
        {R"({"sensor":"radar"})", "unknown sensor type 'radar'"},
        {R"({"window":{"size_ms":0}})", "window.size_ms must be > 0"},
        {R"({"window":{"size_ms":"big"}})", "window.size_ms must be an integer"},
        {R"({"training":{"epochs":0}})", "training.epochs must be between 1 and 10000"},
        {R"({"training":{"learning_rate":-1}})", "training.learning_rate"},
        {R"({"training":{"validation_fraction":1.0}})", "validation_fraction must be in [0, 1)"},
        {R"({"training":{"class_weighting":"auto"}})", "class_weighting must be"},
        {R"({"network":{"layers":[{"type":"dense"}]}})", "missing parameter \"units\""},
        {R"({"network":{"layers":[{"type":"softmax"}]}})", "leave it out"},
        {R"({"format_version":9})", "format_version 9 is not supported"},
        {R"([1,2])", "must be a JSON object"},
        {R"({"dsp":{"block":"wavelet"}})", "dsp.block: expected one of raw"},
        {R"({"sensor":"audio","dsp":{"block":"mfcc","audio":{"fft_length":"big"}}})", "dsp.audio.fft_length"},
        {R"({oops)", "not valid JSON"},
    };
    for (const auto& c : cases) {
        auto r = impulseFromJsonText(c.json);
        ASSERT_FALSE(r) << c.json;
        EXPECT_NE(r.message().find(c.expected), std::string::npos) << c.json << " -> " << r.message();
    }
}

TEST(ImpulseConfig, NetworkThatDoesNotFitTheFeaturesIsExplained) {
    auto c = defaultImpulse(SensorType::Audio);  // conv1d needs [time, channels]
    auto spec = c.modelSpec({650}, 3);
    ASSERT_FALSE(spec);
    EXPECT_NE(spec.message().find("does not fit features of shape [650]"), std::string::npos) << spec.message();
    EXPECT_NE(spec.message().find("conv1d"), std::string::npos);
    auto one = defaultImpulse(SensorType::Motion).modelSpec({10}, 1);
    ASSERT_FALSE(one);
    EXPECT_NE(one.message().find("at least 2 labels"), std::string::npos);
}

TEST(ImpulseDefaults, ResourceFilesEqualTheCodeDefaults) {
    for (auto sensor : {SensorType::Motion, SensorType::Audio, SensorType::Other}) {
        const auto path = test::sourceDir() / "resources" / "impulses" / (std::string(sensorTypeName(sensor)) + ".json");
        std::ifstream in(path);
        ASSERT_TRUE(in) << path;
        std::stringstream text;
        text << in.rdbuf();
        auto fromFile = impulseFromJsonText(text.str());
        ASSERT_TRUE(fromFile) << path << ": " << fromFile.message();
        EXPECT_EQ(*fromFile, defaultImpulse(sensor)) << path << " differs from defaultImpulse(); regenerate with `mote impulse show --default "
                                                      << sensorTypeName(sensor) << " --json`";
    }
}

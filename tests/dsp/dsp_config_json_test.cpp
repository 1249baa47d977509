// DspConfig JSON: round trip, defaults for missing fields, one clear error
// per malformed field, and a hash that changes with every parameter.
#include <gtest/gtest.h>

#include "dsp/dsp_config_json.h"

namespace mote::dsp {
namespace {

TEST(DspConfigJson, RoundTripKeepsEveryField) {
    DspConfig c = defaultMfcc(8000.0f);
    c.inputScale = 0.25f;
    c.raw.normalize = true;
    c.spectral.filter = FilterType::kHighPass;
    c.spectral.filterCutoffHz = 1.5f;
    c.spectral.filterOrder = 6;
    c.spectral.fftLength = 256;
    c.spectral.mode = SpectralMode::kPeaks;
    c.spectral.logPower = false;
    c.spectral.peakCount = 5;
    c.audio.frameLengthS = 0.025f;
    c.audio.frameStrideS = 0.01f;
    c.audio.numFilters = 26;
    c.audio.lowHz = 300.0f;
    c.audio.highHz = 3800.0f;
    c.audio.preEmphasis = 0.97f;
    c.audio.window = FrameWindow::kHann;
    c.audio.noiseFloorDb = -70.0f;
    c.audio.numCoefficients = 12;
    c.audio.lifter = 22.0f;
    const auto json = dspConfigToJson(c);
    auto back = dspConfigFromJson(nlohmann::json::parse(json.dump()));
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(dspConfigToJson(*back), json);
    EXPECT_EQ(dspConfigHash(*back), dspConfigHash(c));
    EXPECT_EQ(back->audio.window, FrameWindow::kHann);
    EXPECT_EQ(back->spectral.filterOrder, 6u);
}

TEST(DspConfigJson, MissingFieldsTakeTheBlockDefaults) {
    auto c = dspConfigFromJson({{"block", "mfe"}, {"sample_rate_hz", 16000}});
    ASSERT_TRUE(c.ok()) << c.message();
    EXPECT_EQ(c->kind, BlockKind::kMfe);
    EXPECT_EQ(c->audio.numFilters, 40u);
    EXPECT_FLOAT_EQ(c->audio.preEmphasis, 0.98f);
    EXPECT_TRUE(validateDspConfig(*c, 1).ok());
}

TEST(DspConfigJson, ErrorsNameTheField) {
    struct Case {
        nlohmann::json json;
        const char* needle;
    } cases[] = {
        {nlohmann::json::array(), "dsp: expected a JSON object"},
        {{{"block", "fft"}}, "dsp.block"},
        {{{"block", "mfcc"}, {"audio", {{"fft_length", "512"}}}}, "dsp.audio.fft_length"},
        {{{"block", "mfcc"}, {"audio", {{"fft_length", -4}}}}, "dsp.audio.fft_length"},
        {{{"block", "mfcc"}, {"audio", {{"window", "blackman"}}}}, "dsp.audio.window: expected one of"},
        {{{"block", "spectral"}, {"spectral", {{"filter", 3}}}}, "dsp.spectral.filter"},
        {{{"block", "spectral"}, {"spectral", 5}}, "dsp.spectral: expected an object"},
        {{{"block", "raw"}, {"raw", {{"normalize", "yes"}}}}, "dsp.raw.normalize"},
        {{{"block", "raw"}, {"sample_rate_hz", "fast"}}, "dsp.sample_rate_hz"},
    };
    for (const auto& k : cases) {
        auto c = dspConfigFromJson(k.json);
        ASSERT_FALSE(c.ok()) << k.json.dump();
        EXPECT_NE(c.message().find(k.needle), std::string::npos) << c.message();
    }
}

TEST(DspConfigJson, ValidationMessageIsActionable) {
    DspConfig c = defaultMfcc(16000.0f);
    c.audio.fftLength = 500;
    const auto status = validateDspConfig(c, 1);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find("mfcc"), std::string::npos);
    EXPECT_NE(status.message().find("power of two"), std::string::npos);
}

TEST(DspConfigJson, HashIsStableAndSensitive) {
    const DspConfig a = defaultSpectral(100.0f);
    EXPECT_EQ(dspConfigHash(a).size(), 16u);
    EXPECT_EQ(dspConfigHash(a), dspConfigHash(defaultSpectral(100.0f)));
    DspConfig b = a;
    b.spectral.fftLength = 128;
    EXPECT_NE(dspConfigHash(a), dspConfigHash(b));
    b = a;
    b.audio.lifter = 1.0f;  // even a field the block ignores changes the hash (conservative cache)
    EXPECT_NE(dspConfigHash(a), dspConfigHash(b));
}

}  // namespace
}  // namespace mote::dsp

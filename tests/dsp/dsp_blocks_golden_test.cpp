// Every feature block against numpy/scipy reference outputs
// (tests/data/dsp/*.json, made by tools/dsp_golden/make_goldens.py).
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dsp/dsp_block.h"
#include "dsp/dsp_config_json.h"
#include "golden_signal.h"

namespace mote::dsp {
namespace {

struct GoldenCase {
    const char* name;
    double absTolerance;  // on values of the documented output layout
};

class DspGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(DspGolden, MatchesNumpyReference) {
    const auto golden = test::loadDspGolden(GetParam().name);
    auto config = dspConfigFromJson(golden.at("config"));
    ASSERT_TRUE(config.ok()) << config.message();
    const uint32_t frames = golden.at("frames");
    const uint32_t axes = static_cast<uint32_t>(golden.at("signal").size());
    const auto input = test::synthInterleaved(golden.at("signal"), config->sampleRateHz, frames);

    OutputShape shape;
    ASSERT_EQ(outputShape(*config, frames, axes, &shape), DspStatus::kOk);
    ASSERT_EQ(shape.rows, golden.at("rows").get<uint32_t>());
    ASSERT_EQ(shape.cols, golden.at("cols").get<uint32_t>());

    const size_t bytes = scratchBytes(*config, frames, axes);
    ASSERT_GT(bytes, 0u);
    std::vector<float> scratch(bytes / sizeof(float) + 1), out(shape.size());
    ASSERT_EQ(compute(*config, input.data(), frames, axes, out.data(), scratch.data(), bytes), DspStatus::kOk);

    const auto& expected = golden.at("expected");
    ASSERT_EQ(expected.size(), out.size());
    double worst = 0;
    size_t worstIndex = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        const double e = expected[i].get<double>();
        // Relative for large values (e.g. high-order moments), absolute near 0.
        double err = std::fabs(out[i] - e) / std::max(1.0, std::fabs(e));
        // The cepstral lifter multiplies coefficient c (and its float error)
        // by up to 1 + L/2; compare on the unliftered scale.
        if (config->kind == BlockKind::kMfcc && config->audio.lifter > 0.0f) {
            const double c = static_cast<double>(i % shape.cols);
            err /= 1.0 + 0.5 * config->audio.lifter * std::sin(3.14159265358979323846 * c / config->audio.lifter);
        }
        if (err > worst) {
            worst = err;
            worstIndex = i;
        }
    }
    EXPECT_LT(worst, GetParam().absTolerance)
        << "worst at index " << worstIndex << " (row " << worstIndex / shape.cols << ", col "
        << worstIndex % shape.cols << "): got " << out[worstIndex] << ", numpy " << expected[worstIndex];
}

INSTANTIATE_TEST_SUITE_P(
    Goldens, DspGolden,
    ::testing::Values(GoldenCase{"spectral_bins_100hz", 2e-4}, GoldenCase{"spectral_lowpass4_fft128", 2e-3},
                      GoldenCase{"spectral_highpass3_peaks", 2e-3}, GoldenCase{"spectral_short_window_linear", 2e-4},
                      GoldenCase{"mfcc_default_16k", 2e-3}, GoldenCase{"mfe_default_16k", 1e-4},
                      GoldenCase{"mfcc_8k_lifter_hann", 2e-3}, GoldenCase{"mfe_int16_scale_short", 1e-4}),
    [](const ::testing::TestParamInfo<GoldenCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace mote::dsp

// Butterworth cascades against scipy.signal.butter + sosfilt (goldens), and
// the defining properties: unit DC gain (low-pass), zero DC gain (high-pass),
// -3 dB at the cutoff.
#include <cmath>
#include <complex>
#include <vector>

#include <gtest/gtest.h>

#include "dsp/butterworth.h"
#include "golden_signal.h"

namespace mote::dsp {
namespace {

std::complex<double> response(const Biquad* s, uint32_t count, double hz, double rate) {
    const std::complex<double> z = std::polar(1.0, -2 * 3.14159265358979323846 * hz / rate);  // z^-1
    std::complex<double> h = 1.0;
    for (uint32_t i = 0; i < count; ++i)
        h *= (double(s[i].b0) + double(s[i].b1) * z + double(s[i].b2) * z * z) /
             (1.0 + double(s[i].a1) * z + double(s[i].a2) * z * z);
    return h;
}

TEST(Butterworth, MatchesScipySosfilt) {
    const auto golden = test::loadDspGolden("butterworth_100hz");
    const double rate = golden.at("sample_rate_hz");
    const size_t frames = golden.at("frames");
    const auto input = test::synthInterleaved(nlohmann::json::array({golden.at("signal")}), rate, frames);
    ASSERT_GE(golden.at("cases").size(), 20u);
    for (const auto& c : golden.at("cases")) {
        const FilterType type = c.at("type") == "lowpass" ? FilterType::kLowPass : FilterType::kHighPass;
        Biquad sections[kMaxBiquads];
        uint32_t count = 0;
        ASSERT_EQ(designButterworth(type, c.at("order"), c.at("cutoff_hz"), static_cast<float>(rate), sections, &count),
                  DspStatus::kOk);
        EXPECT_EQ(count, (c.at("order").get<uint32_t>() + 1) / 2);
        std::vector<float> x = input;
        filterInPlace(sections, count, x.data(), static_cast<uint32_t>(x.size()));
        const auto& expected = c.at("output");
        double worst = 0;
        for (size_t i = 0; i < frames; ++i)
            worst = std::max(worst, std::fabs(x[i] - expected[i].get<double>()));
        EXPECT_LT(worst, 2e-4) << c.at("type") << " order " << c.at("order") << " cutoff " << c.at("cutoff_hz");
    }
}

TEST(Butterworth, GainAtDcNyquistAndCutoff) {
    for (uint32_t order = 1; order <= kMaxFilterOrder; ++order) {
        Biquad s[kMaxBiquads];
        uint32_t n = 0;
        ASSERT_EQ(designButterworth(FilterType::kLowPass, order, 10.0f, 100.0f, s, &n), DspStatus::kOk);
        EXPECT_NEAR(std::abs(response(s, n, 0.0, 100.0)), 1.0, 1e-5);
        EXPECT_NEAR(std::abs(response(s, n, 10.0, 100.0)), std::sqrt(0.5), 1e-4) << order;
        EXPECT_LT(std::abs(response(s, n, 50.0, 100.0)), 1e-6);  // zero at Nyquist
        EXPECT_LT(std::abs(response(s, n, 30.0, 100.0)), std::pow(0.6, order));
        ASSERT_EQ(designButterworth(FilterType::kHighPass, order, 10.0f, 100.0f, s, &n), DspStatus::kOk);
        EXPECT_LT(std::abs(response(s, n, 0.0, 100.0)), 1e-6);
        EXPECT_NEAR(std::abs(response(s, n, 10.0, 100.0)), std::sqrt(0.5), 1e-4) << order;
        EXPECT_NEAR(std::abs(response(s, n, 50.0, 100.0)), 1.0, 1e-5);
    }
}

TEST(Butterworth, RejectsBadDesigns) {
    Biquad s[kMaxBiquads];
    uint32_t n = 0;
    EXPECT_EQ(designButterworth(FilterType::kLowPass, 0, 10.0f, 100.0f, s, &n), DspStatus::kBadFilter);
    EXPECT_EQ(designButterworth(FilterType::kLowPass, 9, 10.0f, 100.0f, s, &n), DspStatus::kBadFilter);
    EXPECT_EQ(designButterworth(FilterType::kLowPass, 2, 50.0f, 100.0f, s, &n), DspStatus::kBadFilter);
    EXPECT_EQ(designButterworth(FilterType::kHighPass, 2, 0.0f, 100.0f, s, &n), DspStatus::kBadFilter);
    EXPECT_EQ(designButterworth(FilterType::kNone, 2, 10.0f, 100.0f, s, &n), DspStatus::kBadFilter);
    EXPECT_EQ(designButterworth(FilterType::kLowPass, 2, NAN, 100.0f, s, &n), DspStatus::kBadFilter);
    EXPECT_EQ(designButterworth(FilterType::kLowPass, 2, 10.0f, -1.0f, s, &n), DspStatus::kBadSampleRate);
    EXPECT_EQ(designButterworth(FilterType::kLowPass, 2, 10.0f, 100.0f, nullptr, &n), DspStatus::kNullPointer);
}

}  // namespace
}  // namespace mote::dsp

// The mel filterbank against the HTK formula and the numpy-built weight
// matrix (tests/data/dsp/mel_16k_512_32.json).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "dsp/mel_filterbank.h"
#include "golden_signal.h"

namespace mote::dsp {
namespace {

TEST(Mel, ScaleConversions) {
    EXPECT_NEAR(hzToMel(0.0f), 0.0f, 1e-6);
    EXPECT_NEAR(hzToMel(700.0f), 2595.0f * std::log10(2.0f), 1e-3);
    EXPECT_NEAR(hzToMel(1000.0f), 999.99f, 0.05f);  // the scale's anchor: 1000 Hz ~ 1000 mel
    for (float hz : {80.0f, 440.0f, 4000.0f, 8000.0f})
        EXPECT_NEAR(melToHz(hzToMel(hz)) / hz, 1.0f, 1e-5f);
}

TEST(MelFilterbank, EdgesAndWeightsMatchNumpy) {
    const auto golden = test::loadDspGolden("mel_16k_512_32");
    const uint32_t n = golden.at("fft_length"), filters = golden.at("num_filters");
    std::vector<float> storage(MelFilterbank::storageFloats(n, filters));
    MelFilterbank bank;
    ASSERT_EQ(bank.init(golden.at("sample_rate_hz"), n, filters, golden.at("low_hz"), golden.at("high_hz"),
                        storage.data()),
              DspStatus::kOk);
    ASSERT_EQ(bank.numBins(), n / 2 + 1);
    const auto& edges = golden.at("edges_hz");
    ASSERT_EQ(edges.size(), filters + 2);
    EXPECT_EQ(bank.edgeHz(0), 80.0f);
    EXPECT_EQ(bank.edgeHz(filters + 1), 8000.0f);
    for (uint32_t i = 0; i < filters + 2; ++i)
        EXPECT_NEAR(bank.edgeHz(i) / edges[i].get<double>(), 1.0, 2e-5) << "edge " << i;
    // Edges equally spaced in mel.
    const float step = hzToMel(bank.edgeHz(1)) - hzToMel(bank.edgeHz(0));
    for (uint32_t i = 1; i < filters + 2; ++i)
        EXPECT_NEAR(hzToMel(bank.edgeHz(i)) - hzToMel(bank.edgeHz(i - 1)), step, 1e-2f);

    const auto& weights = golden.at("weights");
    const float binHz = 16000.0f / n;
    for (uint32_t m = 0; m < filters; ++m) {
        float sum = 0;
        for (uint32_t k = 0; k <= n / 2; ++k) {
            const float w = bank.weight(m, k);
            EXPECT_NEAR(w, weights[m][k].get<double>(), 2e-4) << "filter " << m << " bin " << k;
            sum += w;
            // Zero outside [edge m, edge m+2]; weights in [0, 1].
            const float f = binHz * k;
            if (f <= bank.edgeHz(m) || f >= bank.edgeHz(m + 2)) {
                EXPECT_EQ(w, 0.0f) << "filter " << m << " leaks into bin " << k;
            }
            EXPECT_GE(w, 0.0f);
            EXPECT_LE(w, 1.0f);
        }
        EXPECT_GT(sum, 0.0f) << "filter " << m << " is empty";
    }
}

TEST(MelFilterbank, ApplyEqualsWeightedSum) {
    const uint32_t n = 256, filters = 20;
    std::vector<float> storage(MelFilterbank::storageFloats(n, filters)), power(n / 2 + 1), energies(filters);
    MelFilterbank bank;
    ASSERT_EQ(bank.init(8000.0f, n, filters, 0.0f, 4000.0f, storage.data()), DspStatus::kOk);
    for (uint32_t k = 0; k <= n / 2; ++k)
        power[k] = 1.0f + 0.01f * static_cast<float>(k * k % 17);
    bank.apply(power.data(), energies.data());
    for (uint32_t m = 0; m < filters; ++m) {
        double expected = 0;
        for (uint32_t k = 0; k <= n / 2; ++k)
            expected += bank.weight(m, k) * power[k];
        EXPECT_NEAR(energies[m], expected, 1e-4 * expected);
    }
}

TEST(MelFilterbank, RejectsBadParameters) {
    std::vector<float> storage(MelFilterbank::storageFloats(512, 200));
    MelFilterbank bank;
    EXPECT_EQ(bank.init(16000.0f, 512, 1, 0.0f, 8000.0f, storage.data()), DspStatus::kBadFilterCount);
    EXPECT_EQ(bank.init(16000.0f, 512, 129, 0.0f, 8000.0f, storage.data()), DspStatus::kBadFilterCount);
    EXPECT_EQ(bank.init(16000.0f, 500, 32, 0.0f, 8000.0f, storage.data()), DspStatus::kBadFftLength);
    EXPECT_EQ(bank.init(16000.0f, 512, 32, 300.0f, 200.0f, storage.data()), DspStatus::kBadFrequencyRange);
    EXPECT_EQ(bank.init(16000.0f, 512, 32, 0.0f, 9000.0f, storage.data()), DspStatus::kBadFrequencyRange);
    EXPECT_EQ(bank.init(0.0f, 512, 32, 0.0f, 8000.0f, storage.data()), DspStatus::kBadSampleRate);
}

}  // namespace
}  // namespace mote::dsp

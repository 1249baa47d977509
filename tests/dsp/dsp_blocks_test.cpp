// Block contracts that goldens do not cover: shapes and layouts, scratch
// sizing (no write past scratch or output), error statuses for bad
// configurations, windowing with zero-padding, raw normalization, and the
// physical meaning of spectral features (a sine's frequency and RMS).
#include <cmath>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "dsp/dsp_block.h"
#include "dsp/windowing.h"

namespace mote::dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr float kCanary = 12345.678f;

// Runs compute() with canaries after the output and the scratch buffer.
DspStatus runGuarded(const DspConfig& config, const std::vector<float>& in, uint32_t frames, uint32_t axes,
                     std::vector<float>* out) {
    OutputShape shape;
    DspStatus status = outputShape(config, frames, axes, &shape);
    if (status != DspStatus::kOk)
        return status;
    const size_t bytes = scratchBytes(config, frames, axes);
    EXPECT_EQ(bytes % sizeof(float), 0u);
    std::vector<float> scratch(bytes / sizeof(float) + 16, kCanary);
    out->assign(shape.size() + 16, kCanary);
    status = compute(config, in.data(), frames, axes, out->data(), scratch.data(), bytes);
    for (size_t i = bytes / sizeof(float); i < scratch.size(); ++i)
        EXPECT_EQ(scratch[i], kCanary) << "scratch overrun at float " << i;
    for (size_t i = shape.size(); i < out->size(); ++i)
        EXPECT_EQ((*out)[i], kCanary) << "output overrun at " << i;
    out->resize(shape.size());
    return status;
}

std::vector<float> sine(uint32_t frames, uint32_t axes, double rate, double hz, double amp) {
    std::vector<float> x(static_cast<size_t>(frames) * axes);
    for (uint32_t f = 0; f < frames; ++f)
        for (uint32_t a = 0; a < axes; ++a)
            x[f * axes + a] = static_cast<float>(amp * (a + 1) * std::sin(2 * kPi * hz * f / rate));
    return x;
}

TEST(DspBlocks, DefaultShapes) {
    OutputShape s;
    ASSERT_EQ(outputShape(defaultSpectral(100.0f), 200, 3, &s), DspStatus::kOk);
    EXPECT_EQ(s.rows, 1u);
    EXPECT_EQ(s.cols, 3u * (3 + 32));
    ASSERT_EQ(outputShape(defaultMfcc(16000.0f), 16000, 1, &s), DspStatus::kOk);
    EXPECT_EQ(s.rows, 50u);
    EXPECT_EQ(s.cols, 13u);
    ASSERT_EQ(outputShape(defaultMfe(16000.0f), 16000, 1, &s), DspStatus::kOk);
    EXPECT_EQ(s.rows, 50u);
    EXPECT_EQ(s.cols, 40u);
    ASSERT_EQ(outputShape(defaultRaw(100.0f), 200, 6, &s), DspStatus::kOk);
    EXPECT_EQ(s.rows, 200u);
    EXPECT_EQ(s.cols, 6u);
    DspConfig peaks = defaultSpectral(100.0f);
    peaks.spectral.mode = SpectralMode::kPeaks;
    peaks.spectral.peakCount = 4;
    ASSERT_EQ(outputShape(peaks, 200, 2, &s), DspStatus::kOk);
    EXPECT_EQ(s.cols, 2u * (3 + 8));
    // A window shorter than one audio frame still gives one (zero-padded) frame.
    EXPECT_EQ(audioFrameCount(defaultMfcc(16000.0f), 100), 1u);
    EXPECT_EQ(audioFrameCount(defaultMfcc(16000.0f), 16319), 50u);
    EXPECT_EQ(audioFrameCount(defaultMfcc(16000.0f), 16320), 51u);
}

TEST(DspBlocks, SpectralSeesSineFrequencyAndRms) {
    DspConfig config = defaultSpectral(100.0f);
    config.spectral.fftLength = 128;
    const auto x = sine(400, 2, 100.0, 12.5, 1.5);  // 12.5 Hz = bin 16 of 128 at 100 Hz
    std::vector<float> out;
    ASSERT_EQ(runGuarded(config, x, 400, 2, &out), DspStatus::kOk);
    const uint32_t perAxis = 3 + 64;
    for (uint32_t a = 0; a < 2; ++a) {
        const float* o = out.data() + a * perAxis;
        EXPECT_NEAR(o[0], 1.5 * (a + 1) / std::sqrt(2.0), 1e-3) << "RMS of a sine is A/sqrt(2)";
        EXPECT_NEAR(o[1], 0.0, 1e-3) << "a sine is symmetric";
        EXPECT_NEAR(o[2], -1.5, 1e-3) << "excess kurtosis of a sine";
        int peak = 0;
        for (int k = 1; k < 64; ++k)
            if (o[3 + k] > o[3 + peak])
                peak = k;
        EXPECT_EQ(peak + 1, 16) << "bins start at bin 1";
    }
    config.spectral.mode = SpectralMode::kPeaks;
    config.spectral.peakCount = 2;
    ASSERT_EQ(runGuarded(config, x, 400, 2, &out), DspStatus::kOk);
    EXPECT_NEAR(out[3], 12.5f, 1e-4) << "strongest peak frequency in Hz";
}

TEST(DspBlocks, FlatSignalGivesZeroShapeStatistics) {
    const std::vector<float> flat(100 * 3, 9.81f);
    std::vector<float> out;
    ASSERT_EQ(runGuarded(defaultSpectral(100.0f), flat, 100, 3, &out), DspStatus::kOk);
    for (float v : out)
        EXPECT_TRUE(std::isfinite(v));
    EXPECT_EQ(out[1], 0.0f);
    EXPECT_EQ(out[2], 0.0f);
    DspConfig raw = defaultRaw(100.0f);
    raw.raw.normalize = true;
    ASSERT_EQ(runGuarded(raw, flat, 100, 3, &out), DspStatus::kOk);
    for (float v : out)
        EXPECT_EQ(v, 0.0f);
}

TEST(DspBlocks, RawScalesAndNormalizesPerAxis) {
    DspConfig config = defaultRaw(50.0f);
    config.inputScale = 0.5f;
    std::vector<float> x = {1, 10, 2, 20, 3, 30, 4, 40};  // 4 frames x 2 axes
    std::vector<float> out;
    ASSERT_EQ(runGuarded(config, x, 4, 2, &out), DspStatus::kOk);
    EXPECT_EQ(out, (std::vector<float>{0.5f, 5, 1, 10, 1.5f, 15, 2, 20}));
    config.raw.normalize = true;
    ASSERT_EQ(runGuarded(config, x, 4, 2, &out), DspStatus::kOk);
    for (uint32_t a = 0; a < 2; ++a) {
        double mean = 0, var = 0;
        for (uint32_t f = 0; f < 4; ++f)
            mean += out[f * 2 + a];
        for (uint32_t f = 0; f < 4; ++f)
            var += std::pow(out[f * 2 + a] - mean / 4, 2);
        EXPECT_NEAR(mean / 4, 0.0, 1e-6);
        EXPECT_NEAR(var / 4, 1.0, 1e-5);
    }
    EXPECT_NEAR(out[0], -1.3416408f, 1e-5);  // (1 - 2.5) / sqrt(1.25)
}

TEST(DspBlocks, MfeOfSilenceSitsAtTheNoiseFloor) {
    const std::vector<float> silence(16000, 0.0f);
    std::vector<float> out;
    ASSERT_EQ(runGuarded(defaultMfe(16000.0f), silence, 16000, 1, &out), DspStatus::kOk);
    for (float v : out)
        EXPECT_EQ(v, 0.0f);
    // A loud tone lifts the filters around it above the floor.
    const auto tone = sine(16000, 1, 16000.0, 1000.0, 16000.0);  // int16 counts
    ASSERT_EQ(runGuarded(defaultMfe(16000.0f), tone, 16000, 1, &out), DspStatus::kOk);
    float best = 0;
    for (float v : out)
        best = std::max(best, v);
    EXPECT_GT(best, 0.5f);
}

TEST(DspBlocks, BadConfigurationsReportTheirProblem) {
    struct Case {
        DspConfig config;
        uint32_t frames, axes;
        DspStatus expected;
    };
    std::vector<Case> cases;
    auto add = [&](DspConfig c, uint32_t frames, uint32_t axes, DspStatus s) { cases.push_back({c, frames, axes, s}); };
    DspConfig c = defaultSpectral(100.0f);
    add(c, 0, 3, DspStatus::kBadShape);
    add(c, 10, 0, DspStatus::kBadShape);
    add(c, 10, kMaxAxes + 1, DspStatus::kBadShape);
    c.sampleRateHz = 0;
    add(c, 10, 3, DspStatus::kBadSampleRate);
    c = defaultSpectral(100.0f);
    c.sampleRateHz = NAN;
    add(c, 10, 3, DspStatus::kBadSampleRate);
    c = defaultSpectral(100.0f);
    c.spectral.fftLength = 100;
    add(c, 10, 3, DspStatus::kBadFftLength);
    c = defaultSpectral(100.0f);
    c.spectral.filter = FilterType::kLowPass;
    c.spectral.filterCutoffHz = 60.0f;
    add(c, 10, 3, DspStatus::kBadFilter);
    c = defaultSpectral(100.0f);
    c.spectral.mode = SpectralMode::kPeaks;
    c.spectral.peakCount = 0;
    add(c, 10, 3, DspStatus::kBadPeakCount);
    c = defaultSpectral(100.0f);
    c.kind = static_cast<BlockKind>(9);
    add(c, 10, 3, DspStatus::kBadBlock);
    c = defaultRaw(100.0f);
    c.inputScale = 0.0f;
    add(c, 10, 3, DspStatus::kBadParameter);
    c = defaultMfcc(16000.0f);
    add(c, 16000, 2, DspStatus::kBadAxesForBlock);
    c.audio.numCoefficients = 40;
    add(c, 16000, 1, DspStatus::kBadCoefficientCount);
    c = defaultMfcc(16000.0f);
    c.audio.frameLengthS = 0.05f;  // 800 samples > FFT 512
    add(c, 16000, 1, DspStatus::kBadFrame);
    c = defaultMfcc(16000.0f);
    c.audio.frameStrideS = 0.0f;
    add(c, 16000, 1, DspStatus::kBadFrame);
    c = defaultMfcc(16000.0f);
    c.audio.highHz = 9000.0f;
    add(c, 16000, 1, DspStatus::kBadFrequencyRange);
    c = defaultMfcc(16000.0f);
    c.audio.numFilters = 1;
    add(c, 16000, 1, DspStatus::kBadFilterCount);
    c = defaultMfcc(16000.0f);
    c.audio.preEmphasis = 1.0f;
    add(c, 16000, 1, DspStatus::kBadParameter);
    c = defaultMfe(16000.0f);
    c.audio.noiseFloorDb = 10.0f;
    add(c, 16000, 1, DspStatus::kBadParameter);
    for (const auto& k : cases) {
        EXPECT_EQ(validate(k.config, k.frames, k.axes), k.expected) << dspStatusMessage(k.expected);
        EXPECT_EQ(scratchBytes(k.config, k.frames, k.axes), 0u);
        OutputShape shape;
        EXPECT_EQ(outputShape(k.config, k.frames, k.axes, &shape), k.expected);
        EXPECT_STRNE(dspStatusMessage(k.expected), "unknown DSP status");
    }
}

TEST(DspBlocks, ScratchTooSmallAndNullPointersAreRefused) {
    const DspConfig config = defaultMfcc(16000.0f);
    const std::vector<float> x(16000, 0.1f);
    std::vector<float> out(50 * 13);
    const size_t bytes = scratchBytes(config, 16000, 1);
    std::vector<float> scratch(bytes / sizeof(float));
    EXPECT_EQ(compute(config, x.data(), 16000, 1, out.data(), scratch.data(), bytes - 4), DspStatus::kScratchTooSmall);
    EXPECT_EQ(compute(config, nullptr, 16000, 1, out.data(), scratch.data(), bytes), DspStatus::kNullPointer);
    EXPECT_EQ(compute(config, x.data(), 16000, 1, nullptr, scratch.data(), bytes), DspStatus::kNullPointer);
    EXPECT_EQ(compute(config, x.data(), 16000, 1, out.data(), nullptr, bytes), DspStatus::kNullPointer);
    EXPECT_EQ(compute(config, x.data(), 16000, 1, out.data(), scratch.data(), bytes), DspStatus::kOk);
    // The scratch a firmware needs for the defaults (documented in docs/dsp.md).
    EXPECT_EQ(bytes, 12444u);
    EXPECT_EQ(scratchBytes(defaultSpectral(100.0f), 200, 3), 1964u);
}

TEST(DspBlocks, SameInputSameOutputWhateverTheScratchContent) {
    const DspConfig config = defaultSpectral(100.0f);
    const auto x = sine(200, 3, 100.0, 7.0, 1.0);
    const size_t bytes = scratchBytes(config, 200, 3);
    std::vector<float> a(105), b(105), s1(bytes / 4, 0.0f), s2(bytes / 4, -1e30f);
    ASSERT_EQ(compute(config, x.data(), 200, 3, a.data(), s1.data(), bytes), DspStatus::kOk);
    ASSERT_EQ(compute(config, x.data(), 200, 3, b.data(), s2.data(), bytes), DspStatus::kOk);
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
}

TEST(Windowing, CountsAndZeroPadding) {
    EXPECT_EQ(windowCount(0, 10, 5), 0u);
    EXPECT_EQ(windowCount(10, 0, 5), 0u);
    EXPECT_EQ(windowCount(3, 10, 5), 1u);
    EXPECT_EQ(windowCount(10, 10, 5), 1u);
    EXPECT_EQ(windowCount(14, 10, 5), 1u);
    EXPECT_EQ(windowCount(15, 10, 5), 2u);
    EXPECT_EQ(windowCount(200, 200, 100), 1u);
    EXPECT_EQ(windowCount(1000, 200, 100), 9u);

    // 3 frames x 3 axes, pick axes {2, 0}, window of 5 frames -> 2 padded frames.
    const std::vector<float> sample = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const uint32_t axisMap[] = {2, 0};
    std::vector<float> out(10, -1.0f);
    copyWindow(sample.data(), 3, 3, axisMap, 2, 0, 5, out.data());
    EXPECT_EQ(out, (std::vector<float>{3, 1, 6, 4, 9, 7, 0, 0, 0, 0}));
    std::vector<float> all(6);
    copyWindow(sample.data(), 3, 3, nullptr, 3, 1, 2, all.data());
    EXPECT_EQ(all, (std::vector<float>{4, 5, 6, 7, 8, 9}));
}

}  // namespace
}  // namespace mote::dsp

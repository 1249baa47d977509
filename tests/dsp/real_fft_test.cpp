// RealFft against the textbook: a sine lands in its bin with the expected
// power, Parseval's identity holds, and every bin matches a double-precision
// DFT computed here term by term.
#include <cmath>
#include <complex>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "dsp/real_fft.h"

namespace mote::dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<std::complex<double>> naiveDft(const std::vector<float>& x) {
    const size_t n = x.size();
    std::vector<std::complex<double>> out(n / 2 + 1);
    for (size_t k = 0; k <= n / 2; ++k) {
        std::complex<double> acc = 0;
        for (size_t t = 0; t < n; ++t)
            acc += static_cast<double>(x[t]) * std::polar(1.0, -2 * kPi * static_cast<double>(k * t % n) / n);
        out[k] = acc;
    }
    return out;
}

class RealFftSizes : public ::testing::TestWithParam<uint32_t> {};

TEST_P(RealFftSizes, MatchesNaiveDft) {
    const uint32_t n = GetParam();
    std::mt19937 rng(n);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> x(n);
    for (auto& v : x)
        v = dist(rng);
    const auto reference = naiveDft(x);

    std::vector<float> twiddles(RealFft::twiddleFloats(n)), work(x), out(n + 2);
    RealFft fft;
    ASSERT_EQ(fft.init(n, twiddles.data()), DspStatus::kOk);
    fft.forward(work.data(), out.data());
    // Error of a float FFT grows like log2(n) * eps * sqrt(n) * rms.
    const double tolerance = 2e-6 * std::sqrt(static_cast<double>(n)) * std::log2(static_cast<double>(n));
    for (uint32_t k = 0; k <= n / 2; ++k) {
        EXPECT_NEAR(out[2 * k], reference[k].real(), tolerance) << "bin " << k;
        EXPECT_NEAR(out[2 * k + 1], reference[k].imag(), tolerance) << "bin " << k;
    }
}

TEST_P(RealFftSizes, ParsevalIdentity) {
    const uint32_t n = GetParam();
    std::mt19937 rng(n + 7);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> x(n);
    double timeEnergy = 0;
    for (auto& v : x) {
        v = dist(rng);
        timeEnergy += static_cast<double>(v) * v;
    }
    std::vector<float> twiddles(n), out(n + 2), power(n / 2 + 1);
    RealFft fft;
    ASSERT_EQ(fft.init(n, twiddles.data()), DspStatus::kOk);
    fft.forward(x.data(), out.data());
    RealFft::powerFromComplex(out.data(), n, power.data());
    // sum |x|^2 = (1/n) sum over all n bins |X|^2; the one-sided spectrum
    // counts bins 1..n/2-1 twice.
    double freqEnergy = power[0] + power[n / 2];
    for (uint32_t k = 1; k < n / 2; ++k)
        freqEnergy += 2.0 * power[k];
    freqEnergy /= n;
    EXPECT_NEAR(freqEnergy / timeEnergy, 1.0, 1e-5);
}

TEST_P(RealFftSizes, SinePeakBinAndPower) {
    const uint32_t n = GetParam();
    const uint32_t bin = n / 8 + 1;
    const float amplitude = 0.75f;
    std::vector<float> x(n);
    for (uint32_t t = 0; t < n; ++t)
        x[t] = amplitude * static_cast<float>(std::sin(2 * kPi * bin * t / n + 0.4));
    std::vector<float> twiddles(n), out(n + 2), power(n / 2 + 1);
    RealFft fft;
    ASSERT_EQ(fft.init(n, twiddles.data()), DspStatus::kOk);
    fft.forward(x.data(), out.data());
    RealFft::powerFromComplex(out.data(), n, power.data());
    uint32_t peak = 0;
    for (uint32_t k = 1; k <= n / 2; ++k)
        if (power[k] > power[peak])
            peak = k;
    EXPECT_EQ(peak, bin);
    // A bin-centred sine of amplitude A has |X[bin]| = A n / 2 and nothing elsewhere.
    const double expected = std::pow(amplitude * n / 2.0, 2);
    EXPECT_NEAR(power[bin] / expected, 1.0, 1e-4);
    for (uint32_t k = 0; k <= n / 2; ++k) {
        if (k != bin)
            EXPECT_LT(power[k], expected * 1e-9) << "leakage in bin " << k;
    }
}

INSTANTIATE_TEST_SUITE_P(PowersOfTwo, RealFftSizes, ::testing::Values(16u, 32u, 64u, 128u, 256u, 512u, 1024u, 4096u));

TEST(RealFft, DcAndNyquist) {
    const uint32_t n = 8;
    std::vector<float> x = {1, -1, 1, -1, 1, -1, 1, -1};
    std::vector<float> twiddles(n), out(n + 2);
    RealFft fft;
    ASSERT_EQ(fft.init(n, twiddles.data()), DspStatus::kOk);
    fft.forward(x.data(), out.data());
    EXPECT_NEAR(out[0], 0.0f, 1e-6);
    EXPECT_NEAR(out[2 * 4], 8.0f, 1e-5);  // all energy at Nyquist
    EXPECT_EQ(out[2 * 4 + 1], 0.0f);
}

TEST(RealFft, RejectsBadLengths) {
    std::vector<float> twiddles(8192);
    RealFft fft;
    for (uint32_t n : {0u, 1u, 2u, 3u, 6u, 48u, 100u, 8192u})
        EXPECT_EQ(fft.init(n, twiddles.data()), DspStatus::kBadFftLength) << n;
    EXPECT_EQ(fft.init(64, nullptr), DspStatus::kNullPointer);
}

}  // namespace
}  // namespace mote::dsp

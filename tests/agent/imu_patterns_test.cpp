// The simulated motion patterns must be learnable (others train gesture
// classifiers on them) without being trivially identical across boards:
// a plain nearest-centroid classifier on RMS + dominant-frequency features,
// trained on some simulated boards, must recognise the patterns on other
// boards, and the boards must differ (per-device offsets, noise).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "sim/imu_simulator.h"

using namespace mote;
using mote::wire::MotionPattern;

namespace {

constexpr float kRate = 100.0f;
constexpr int kWindow = 200;  // 2 s

std::vector<std::vector<double>> record(uint32_t seed, MotionPattern pattern, int windows) {
    sim::ImuSimulator imu(seed);
    imu.setPattern(pattern);
    imu.begin(kRate);
    std::vector<std::vector<double>> out;
    int16_t v[6];
    for (int w = 0; w < windows; ++w) {
        std::vector<double> samples;
        for (int i = 0; i < kWindow; ++i) {
            const uint32_t index = static_cast<uint32_t>(w * kWindow + i);
            imu.sample(index, static_cast<uint64_t>(index) * 10000u, v);
            for (int a = 0; a < 6; ++a)
                samples.push_back(v[a] * (a < 3 ? 0.001 : 0.1));
        }
        out.push_back(samples);
    }
    return out;
}

// 6 standard deviations + dominant frequency (Hz) of the strongest axis.
std::vector<double> features(const std::vector<double>& s) {
    std::vector<double> f;
    int strongest = 0;
    double best = -1;
    for (int a = 0; a < 6; ++a) {
        double mean = 0, var = 0;
        for (int i = 0; i < kWindow; ++i) mean += s[i * 6 + a] / kWindow;
        for (int i = 0; i < kWindow; ++i) var += std::pow(s[i * 6 + a] - mean, 2) / kWindow;
        f.push_back(std::log(std::sqrt(var) + 1e-3));
        if (a < 3 && var > best) { best = var; strongest = a; }
    }
    double peakHz = 0, peak = -1;
    for (int k = 1; k < kWindow / 2; ++k) {
        double re = 0, im = 0;
        for (int i = 0; i < kWindow; ++i) {
            re += s[i * 6 + strongest] * std::cos(2 * M_PI * k * i / kWindow);
            im -= s[i * 6 + strongest] * std::sin(2 * M_PI * k * i / kWindow);
        }
        if (re * re + im * im > peak) { peak = re * re + im * im; peakHz = k * kRate / kWindow; }
    }
    f.push_back(peakHz);
    return f;
}

const MotionPattern kPatterns[] = {MotionPattern::Idle, MotionPattern::Wave, MotionPattern::Circle,
                                   MotionPattern::Shake, MotionPattern::UpDown};

}  // namespace

TEST(ImuPatterns, NearestCentroidOnOtherBoardsIsAtLeast90Percent) {
    std::vector<std::vector<double>> centroids;
    for (auto p : kPatterns) {
        std::vector<double> c(7, 0.0);
        int n = 0;
        for (uint32_t seed : {1u, 2u, 3u})
            for (const auto& w : record(seed, p, 6)) {
                const auto f = features(w);
                for (size_t i = 0; i < c.size(); ++i) c[i] += f[i];
                ++n;
            }
        for (auto& x : c) x /= n;
        centroids.push_back(c);
    }
    int correct = 0, total = 0;
    for (size_t truth = 0; truth < 5; ++truth)
        for (uint32_t seed : {11u, 12u, 13u, 14u})
            for (const auto& w : record(seed, kPatterns[truth], 5)) {
                const auto f = features(w);
                size_t best = 0;
                double bestDist = 1e300;
                for (size_t c = 0; c < centroids.size(); ++c) {
                    double d = 0;
                    for (size_t i = 0; i < f.size(); ++i)
                        d += std::pow((f[i] - centroids[c][i]) * (i == 6 ? 0.5 : 1.0), 2);
                    if (d < bestDist) { bestDist = d; best = c; }
                }
                correct += best == truth;
                ++total;
            }
    const double accuracy = static_cast<double>(correct) / total;
    EXPECT_GE(accuracy, 0.9) << correct << "/" << total;
}

TEST(ImuPatterns, DominantFrequenciesDiffer) {
    // wave ~2 Hz, circle ~1 Hz, shake ~7 Hz, updown ~1.2 Hz (random walk +-10%).
    const double expected[] = {0, 2.0, 1.0, 7.0, 1.2};
    for (int p = 1; p < 5; ++p) {
        double mean = 0;
        const auto windows = record(21, kPatterns[p], 8);
        for (const auto& w : windows) mean += features(w)[6] / windows.size();
        EXPECT_NEAR(mean, expected[p], expected[p] * 0.25 + 0.3) << "pattern " << p;
    }
}

TEST(ImuPatterns, BoardsDifferButAreReproducible) {
    const auto a1 = record(1, MotionPattern::Idle, 1)[0];
    const auto a2 = record(1, MotionPattern::Idle, 1)[0];
    const auto b = record(2, MotionPattern::Idle, 1)[0];
    EXPECT_EQ(a1, a2);  // same seed, same board, same signal
    double meanA = 0, meanB = 0;
    for (int i = 0; i < kWindow; ++i) {
        meanA += a1[i * 6 + 3] / kWindow;  // gyro X bias
        meanB += b[i * 6 + 3] / kWindow;
    }
    EXPECT_NE(std::lround(meanA * 100), std::lround(meanB * 100));
    // At rest the accelerometer reads gravity, ~9.81 m/s2 in magnitude.
    double g = 0;
    for (int i = 0; i < kWindow; ++i)
        g += std::sqrt(std::pow(a1[i * 6], 2) + std::pow(a1[i * 6 + 1], 2) + std::pow(a1[i * 6 + 2], 2)) / kWindow;
    EXPECT_NEAR(g, 9.81, 0.4);
    // And it is not a flat line: there is sensor noise.
    double var = 0;
    for (int i = 0; i < kWindow; ++i) var += std::pow(a1[i * 6 + 2] - a1[2], 2);
    EXPECT_GT(var, 0.0);
}

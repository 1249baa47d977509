// Feature generation over a real SampleStore (SQLite file in a temp folder):
// same result for any thread count, the cache really avoids recomputation
// and survives relabelling and corrupt files, cancel and progress, and
// clear errors for samples that do not fit the request.
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dataset/sample_store.h"
#include "dsp/windowing.h"
#include "features/feature_cache.h"
#include "features/feature_generator.h"
#include "features/impulse_request.h"
#include "features/sample_features.h"
#include "impulse/impulse_defaults.h"

namespace mote::features {
namespace {

namespace fs = std::filesystem;

dataset::Sample motionSample(const std::string& label, double hz, int frames, uint32_t seed, double rate = 100.0) {
    dataset::Sample s;
    s.label = label;
    s.split = seed % 5 == 0 ? dataset::Split::Test : dataset::Split::Train;
    s.sensor = "accelerometer";
    s.axisNames = {"accX", "accY", "accZ"};
    s.units = {"m/s2", "m/s2", "m/s2"};
    s.sampleRateHz = rate;
    s.frameCount = frames;
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 0.2f);
    std::vector<float> v(static_cast<size_t>(frames) * 3);
    for (int f = 0; f < frames; ++f)
        for (int a = 0; a < 3; ++a)
            v[f * 3 + a] = static_cast<float>((a + 1) * std::sin(2 * M_PI * hz * f / rate + a)) + (a == 2 ? 9.8f : 0.0f) +
                           noise(rng);
    s.setFloatData(v);
    return s;
}

class FeaturesTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("mote_features_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        m_db = m_dir / "project.mote.db";
        auto store = dataset::SampleStore::create(m_db);
        ASSERT_TRUE(store.ok()) << store.message();
        uint32_t seed = 1;
        for (const auto& [label, hz] : std::vector<std::pair<std::string, double>>{{"idle", 0.5}, {"wave", 3.0}, {"shake", 9.0}})
            for (int i = 0; i < 6; ++i) {
                auto id = store->insert(motionSample(label, hz, 300 + 40 * i, seed++));
                ASSERT_TRUE(id.ok()) << id.message();
                m_ids.push_back(*id);
            }
        auto shortId = store->insert(motionSample("wave", 3.0, 120, 99));  // shorter than a 2 s window
        ASSERT_TRUE(shortId.ok());
        m_shortId = *shortId;
        m_request.dsp = dsp::defaultSpectral(100.0f);
        m_request.window = WindowSpec{2000, 500, true, {"accX", "accY", "accZ"}};
    }
    void TearDown() override { fs::remove_all(m_dir); }

    fs::path m_dir, m_db;
    std::vector<int64_t> m_ids;
    int64_t m_shortId = 0;
    FeatureRequest m_request;
};

TEST_F(FeaturesTest, WindowsLabelsAndValuesForEverySample) {
    auto set = generateFeatures(m_db, m_request, GenerateOptions{1, {}, {}, nullptr});
    ASSERT_TRUE(set.ok()) << set.message();
    EXPECT_EQ(set->classes, (std::vector<std::string>{"idle", "shake", "wave"}));
    EXPECT_EQ(set->featureCount, 3u * (3 + 32));
    EXPECT_EQ(set->samplesUsed, 19u);
    size_t expectedWindows = 1;  // the short sample, zero-padded
    for (int i = 0; i < 6; ++i)
        expectedWindows += 3 * dsp::windowCount(300 + 40 * i, 200, 50);
    EXPECT_EQ(set->windows(), expectedWindows);
    EXPECT_EQ(set->values.size(), set->windows() * set->featureCount);
    EXPECT_EQ(set->sampleIds.size(), set->windows());

    // Each window equals the single-sample computation of its sample.
    auto store = dataset::SampleStore::open(m_db);
    ASSERT_TRUE(store.ok());
    auto sample = store->load(m_ids[4]);
    ASSERT_TRUE(sample.ok());
    auto direct = computeSampleFeatures(*sample, m_request);
    ASSERT_TRUE(direct.ok()) << direct.message();
    size_t first = 0;
    while (set->sampleIds[first] != m_ids[4])
        ++first;
    ASSERT_EQ(direct->windows, dsp::windowCount(460, 200, 50));
    for (uint32_t w = 0; w < direct->windows; ++w) {
        EXPECT_EQ(set->windowIndex[first + w], w);
        EXPECT_EQ(set->classes[set->labels[first + w]], "idle");
        for (uint32_t j = 0; j < set->featureCount; ++j)
            ASSERT_EQ(set->row(first + w)[j], direct->values[w * set->featureCount + j]);
    }

    m_request.window.zeroPad = false;
    auto noPad = generateFeatures(m_db, m_request, GenerateOptions{2, {}, {}, nullptr});
    ASSERT_TRUE(noPad.ok());
    EXPECT_EQ(noPad->windows(), expectedWindows - 1);
    ASSERT_EQ(noPad->skipped.size(), 1u);
    EXPECT_EQ(noPad->skipped[0].sampleId, m_shortId);
}

TEST_F(FeaturesTest, SameResultForAnyThreadCount) {
    auto one = generateFeatures(m_db, m_request, GenerateOptions{1, {}, {}, nullptr});
    auto four = generateFeatures(m_db, m_request, GenerateOptions{4, {}, {}, nullptr});
    ASSERT_TRUE(one.ok() && four.ok());
    EXPECT_EQ(one->values, four->values);
    EXPECT_EQ(one->labels, four->labels);
    EXPECT_EQ(one->sampleIds, four->sampleIds);
}

TEST_F(FeaturesTest, CacheAvoidsRecomputationAndSurvivesRelabelAndCorruption) {
    GenerateOptions options{2, m_dir / "artifacts" / "features", {}, nullptr};
    auto first = generateFeatures(m_db, m_request, options);
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_EQ(first->cacheHits, 0u);
    EXPECT_EQ(first->samplesComputed, 19u);
    const FeatureCache cache(options.cacheRoot, m_request);
    EXPECT_TRUE(fs::exists(cache.dir() / "config.json"));

    auto second = generateFeatures(m_db, m_request, options);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->cacheHits, 19u);
    EXPECT_EQ(second->samplesComputed, 0u);
    EXPECT_EQ(second->values, first->values);

    // Relabel: same content hash -> still cached, new label in the result.
    {
        auto store = dataset::SampleStore::open(m_db);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->relabel({m_ids[0]}, "rest").ok());
        auto meta = store->metadata(m_ids[1]);
        ASSERT_TRUE(meta.ok());
        // Corrupt one file: it must be recomputed, not trusted.
        std::ofstream(cache.dir() / (meta->contentHash + ".f32"), std::ios::binary | std::ios::trunc) << "MFT1garbage";
    }
    auto third = generateFeatures(m_db, m_request, options);
    ASSERT_TRUE(third.ok()) << third.message();
    EXPECT_EQ(third->cacheHits, 18u);
    EXPECT_EQ(third->samplesComputed, 1u);
    EXPECT_EQ(third->values, first->values);
    EXPECT_EQ(third->classes, (std::vector<std::string>{"idle", "rest", "shake", "wave"}));

    // Another DSP parameter: another key, everything computed again.
    FeatureRequest other = m_request;
    other.dsp.spectral.fftLength = 128;
    EXPECT_NE(featureConfigKey(other), featureConfigKey(m_request));
    auto fourth = generateFeatures(m_db, other, options);
    ASSERT_TRUE(fourth.ok());
    EXPECT_EQ(fourth->cacheHits, 0u);
    EXPECT_EQ(fourth->featureCount, 3u * (3 + 64));
}

TEST_F(FeaturesTest, ProgressReachesTotalAndCancelStops) {
    std::vector<size_t> seen;
    GenerateOptions options{3, {}, [&](size_t done, size_t total) {
                                EXPECT_EQ(total, 19u);
                                seen.push_back(done);
                            },
                            nullptr};
    ASSERT_TRUE(generateFeatures(m_db, m_request, options).ok());
    ASSERT_EQ(seen.size(), 19u);
    for (size_t i = 0; i < seen.size(); ++i)
        EXPECT_EQ(seen[i], i + 1);

    std::atomic<bool> cancel{false};
    size_t calls = 0;
    GenerateOptions cancelling{2, m_dir / "cache", [&](size_t, size_t) {
                                   ++calls;
                                   cancel = true;
                               },
                               &cancel};
    auto result = generateFeatures(m_db, m_request, cancelling);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.message().find("cancelled"), std::string::npos);
    EXPECT_LE(calls, 2u);  // each worker finishes at most its current sample
}

TEST_F(FeaturesTest, SamplesThatDoNotFitAreNamed) {
    {
        auto store = dataset::SampleStore::open(m_db);
        ASSERT_TRUE(store.ok());
        auto id = store->insert(motionSample("wave", 3.0, 300, 7, 50.0));
        ASSERT_TRUE(id.ok());
        auto r = generateFeatures(m_db, m_request);
        ASSERT_FALSE(r.ok());
        EXPECT_NE(r.message().find("sample " + std::to_string(*id)), std::string::npos) << r.message();
        EXPECT_NE(r.message().find("50"), std::string::npos) << r.message();
        ASSERT_TRUE(store->remove({*id}).ok());
    }
    FeatureRequest missing = m_request;
    missing.window.axes = {"accX", "gyrX"};
    auto r = generateFeatures(m_db, missing);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("no axis 'gyrX'"), std::string::npos) << r.message();

    FeatureRequest badDsp = m_request;
    badDsp.dsp.spectral.fftLength = 100;
    r = generateFeatures(m_db, badDsp);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("power of two"), std::string::npos) << r.message();

    FeatureRequest audio = m_request;
    audio.sensor = "microphone";
    r = generateFeatures(m_db, audio);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("no samples of sensor 'microphone'"), std::string::npos) << r.message();

    r = generateFeatures(m_dir / "nope.db", m_request);
    EXPECT_FALSE(r.ok());
}

TEST(ImpulseRequest, FollowsTheImpulse) {
    auto impulse = impulse::defaultImpulse(impulse::SensorType::Motion, 100.0);
    auto request = requestFromImpulse(impulse);
    ASSERT_TRUE(request.ok()) << request.message();
    EXPECT_EQ(request->dsp.kind, dsp::BlockKind::kSpectral);
    EXPECT_EQ(request->window.windowMs, impulse.window.sizeMs);
    EXPECT_EQ(request->window.strideMs, impulse.window.strideMs);
    EXPECT_EQ(request->window.axes, impulse.input.axes);
    impulse.dsp = {{"block", "wavelet"}};
    EXPECT_FALSE(requestFromImpulse(impulse).ok());
}

}  // namespace
}  // namespace mote::features

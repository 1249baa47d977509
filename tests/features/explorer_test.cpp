// PCA against known geometry (Jacobi and power-iteration paths agree), and
// the explorer's statistics on a feature set whose answer is known.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "features/feature_explorer.h"
#include "features/pca.h"

namespace mote::features {
namespace {

TEST(Pca, FindsTheDirectionOfLargestSpread) {
    // Points along (1, 1, 0) with small noise; feature 2 is pure noise.
    std::mt19937 rng(3);
    std::normal_distribution<float> big(0.0f, 5.0f), small(0.0f, 0.1f);
    const size_t rows = 500;
    std::vector<float> data(rows * 3);
    for (size_t i = 0; i < rows; ++i) {
        const float t = big(rng);
        data[i * 3] = t + small(rng);
        data[i * 3 + 1] = t + small(rng);
        data[i * 3 + 2] = small(rng);
    }
    auto r = pca(data.data(), rows, 3, 2);
    ASSERT_TRUE(r.ok()) << r.message();
    // Standardized, the correlated pair forms the first axis (1,1,0)/sqrt2.
    EXPECT_NEAR(r->axes[0], std::sqrt(0.5), 1e-3);
    EXPECT_NEAR(r->axes[1], std::sqrt(0.5), 1e-3);
    EXPECT_NEAR(r->axes[2], 0.0, 0.1);  // sample correlation of pure noise ~ 1/sqrt(500)
    EXPECT_GT(r->explainedRatio[0], 0.6);
    EXPECT_NEAR(r->explainedRatio[0] + r->explainedRatio[1], 1.0, 1e-3);
    // Axes are orthonormal.
    double dot = 0, n0 = 0;
    for (int j = 0; j < 3; ++j) {
        dot += r->axes[j] * r->axes[3 + j];
        n0 += r->axes[j] * r->axes[j];
    }
    EXPECT_NEAR(dot, 0.0, 1e-9);
    EXPECT_NEAR(n0, 1.0, 1e-9);
    // Projected coordinates have the explained variance.
    double var = 0;
    for (size_t i = 0; i < rows; ++i)
        var += r->projection[i * 2] * r->projection[i * 2];
    EXPECT_NEAR(var / (rows - 1), r->explainedVariance[0], 1e-3 * r->explainedVariance[0]);
}

TEST(Pca, PowerIterationAgreesWithJacobi) {
    // Three latent factors spread over 300 features (power-iteration path);
    // the first 256 of those features (Jacobi path) have the same structure.
    std::mt19937 rng(5);
    std::normal_distribution<float> n(0.0f, 1.0f);
    const size_t rows = 400, features = kMaxJacobiFeatures + 44;
    std::vector<float> load(3 * features);
    for (auto& v : load)
        v = n(rng);
    std::vector<float> data(rows * features);
    for (size_t i = 0; i < rows; ++i) {
        const float a = 4 * n(rng), b = 2 * n(rng), c = n(rng);
        for (size_t j = 0; j < features; ++j)
            data[i * features + j] = a * load[j] + b * load[features + j] + c * load[2 * features + j] + 0.05f * n(rng);
    }
    auto power = pca(data.data(), rows, features, 2);
    ASSERT_TRUE(power.ok());
    // Jacobi on the first kMaxJacobiFeatures features gives the same spectrum shape.
    std::vector<float> cut(rows * kMaxJacobiFeatures);
    for (size_t i = 0; i < rows; ++i)
        for (size_t j = 0; j < kMaxJacobiFeatures; ++j)
            cut[i * kMaxJacobiFeatures + j] = data[i * features + j];
    auto jac = pca(cut.data(), rows, kMaxJacobiFeatures, 2);
    ASSERT_TRUE(jac.ok());
    EXPECT_NEAR(power->explainedRatio[0], jac->explainedRatio[0], 0.05);
    EXPECT_NEAR(power->explainedRatio[1], jac->explainedRatio[1], 0.05);
    EXPECT_GT(power->explainedRatio[0] + power->explainedRatio[1], 0.8);
    // The power-iteration axis really is an eigenvector: projections have its variance.
    double var = 0;
    for (size_t i = 0; i < rows; ++i)
        var += power->projection[i * 2] * power->projection[i * 2];
    EXPECT_NEAR(var / (rows - 1), power->explainedVariance[0], 1e-3 * power->explainedVariance[0]);
}

TEST(Pca, RejectsDegenerateInput) {
    std::vector<float> one = {1, 2, 3};
    EXPECT_FALSE(pca(one.data(), 1, 3, 2).ok());
    EXPECT_FALSE(pca(one.data(), 3, 1, 2).ok());
    std::vector<float> constant(20, 4.0f);
    auto r = pca(constant.data(), 10, 2, 2);
    ASSERT_TRUE(r.ok());  // constant features: no variance, zero projection, no NaN
    for (float v : r->projection)
        EXPECT_EQ(v, 0.0f);
}

TEST(Explorer, SeparableClassesAreReportedSeparable) {
    FeatureSet set;
    set.featureCount = 4;
    set.windowShape = {1, 4};
    set.classes = {"a", "b"};
    std::mt19937 rng(11);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (int i = 0; i < 200; ++i) {
        const int c = i % 2;
        // Feature 1 separates the classes; the others are noise.
        set.values.insert(set.values.end(), {n(rng), (c ? 10.0f : -10.0f) + n(rng), n(rng), 3.0f});
        set.labels.push_back(c);
        set.splits.push_back(dataset::Split::Train);
        set.sampleIds.push_back(i);
        set.windowIndex.push_back(0);
    }
    auto e = explore(set, ExploreOptions{10, 2, 20000});
    ASSERT_TRUE(e.ok()) << e.message();
    EXPECT_EQ(e->rankedFeatures[0], 1u);
    EXPECT_GT(e->fisherScore[1], 50.0);
    EXPECT_DOUBLE_EQ(e->nearestCentroidAccuracy, 1.0);
    ASSERT_EQ(e->classes.size(), 2u);
    EXPECT_EQ(e->classes[0].windows, 100u);
    EXPECT_NEAR(e->classes[0].mean[1], -10.0, 0.3);
    EXPECT_NEAR(e->classes[1].mean[1], 10.0, 0.3);
    EXPECT_NEAR(e->classes[1].stddev[1], 1.0, 0.2);
    EXPECT_EQ(e->classes[0].min[3], 3.0f);
    for (size_t j = 0; j < 4; ++j) {
        uint32_t total = 0;
        for (size_t b = 0; b < 10; ++b)
            total += e->classes[0].histogram[j * 10 + b];
        EXPECT_EQ(total, 100u) << "feature " << j;
    }
    // Class centroids in PCA space lie on opposite sides.
    EXPECT_LT(e->classes[0].centroid[0] * e->classes[1].centroid[0], 0.0f);
    const auto json = explorationToJson(*e, set, 50);
    EXPECT_EQ(json["pca"]["points"].size(), 50u);
    EXPECT_EQ(json["classes"][1]["label"], "b");

    // Subsampled PCA fit still projects every window.
    auto sub = explore(set, ExploreOptions{10, 2, 50});
    ASSERT_TRUE(sub.ok());
    EXPECT_EQ(sub->pca.projection.size(), 200u * 2);
}

TEST(Explorer, RefusesTooLittleData) {
    FeatureSet set;
    set.featureCount = 2;
    set.classes = {"a"};
    set.values = {1, 2};
    set.labels = {0};
    EXPECT_FALSE(explore(set).ok());
}

}  // namespace
}  // namespace mote::features

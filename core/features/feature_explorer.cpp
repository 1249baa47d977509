#include "features/feature_explorer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mote::features {

Result<Exploration> explore(const FeatureSet& set, const ExploreOptions& options) {
    const size_t n = set.windows(), f = set.featureCount, k = set.classes.size();
    if (n < 2 || f == 0)
        return makeError("the feature explorer needs at least 2 windows; record or import more samples");
    if (set.values.size() != n * f)
        return makeError("feature set is inconsistent: " + std::to_string(set.values.size()) + " values for " +
                         std::to_string(n) + " windows x " + std::to_string(f) + " features");
    if (options.bins == 0)
        return makeError("the feature explorer needs at least one histogram bin");
    Exploration e;
    e.featureCount = f;
    e.bins = options.bins;
    e.binLow.assign(f, std::numeric_limits<float>::max());
    e.binHigh.assign(f, std::numeric_limits<float>::lowest());
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < f; ++j) {
            e.binLow[j] = std::min(e.binLow[j], set.row(i)[j]);
            e.binHigh[j] = std::max(e.binHigh[j], set.row(i)[j]);
        }

    e.classes.resize(k);
    std::vector<std::vector<double>> sum(k, std::vector<double>(f, 0.0)), sumSq = sum;
    for (size_t c = 0; c < k; ++c) {
        auto& s = e.classes[c];
        s.label = set.classes[c];
        s.min.assign(f, std::numeric_limits<float>::max());
        s.max.assign(f, std::numeric_limits<float>::lowest());
        s.histogram.assign(f * options.bins, 0);
    }
    for (size_t i = 0; i < n; ++i) {
        const size_t c = static_cast<size_t>(set.labels[i]);
        auto& s = e.classes[c];
        ++s.windows;
        for (size_t j = 0; j < f; ++j) {
            const float v = set.row(i)[j];
            sum[c][j] += v;
            sumSq[c][j] += static_cast<double>(v) * v;
            s.min[j] = std::min(s.min[j], v);
            s.max[j] = std::max(s.max[j], v);
            const float range = e.binHigh[j] - e.binLow[j];
            size_t bin = range > 0 ? static_cast<size_t>((v - e.binLow[j]) / range * static_cast<float>(options.bins)) : 0;
            s.histogram[j * options.bins + std::min(bin, options.bins - 1)]++;
        }
    }
    std::vector<double> grandMean(f, 0.0);
    for (size_t c = 0; c < k; ++c) {
        auto& s = e.classes[c];
        s.mean.assign(f, 0.0f);
        s.stddev.assign(f, 0.0f);
        for (size_t j = 0; j < f; ++j) {
            grandMean[j] += sum[c][j];
            if (s.windows == 0) {
                s.min[j] = s.max[j] = 0.0f;
                continue;
            }
            const double mean = sum[c][j] / static_cast<double>(s.windows);
            s.mean[j] = static_cast<float>(mean);
            s.stddev[j] = static_cast<float>(std::sqrt(std::max(0.0, sumSq[c][j] / static_cast<double>(s.windows) - mean * mean)));
        }
    }
    for (auto& g : grandMean)
        g /= static_cast<double>(n);

    // Fisher score: sum_c n_c (mu_c - mu)^2 / sum_c n_c sigma_c^2.
    e.fisherScore.assign(f, 0.0);
    for (size_t j = 0; j < f; ++j) {
        double between = 0.0, within = 0.0;
        for (const auto& s : e.classes) {
            between += static_cast<double>(s.windows) * std::pow(s.mean[j] - grandMean[j], 2);
            within += static_cast<double>(s.windows) * std::pow(s.stddev[j], 2);
        }
        e.fisherScore[j] = within > 1e-20 ? between / within : (between > 0 ? 1e12 : 0.0);
    }
    e.rankedFeatures.resize(f);
    std::iota(e.rankedFeatures.begin(), e.rankedFeatures.end(), 0);
    std::stable_sort(e.rankedFeatures.begin(), e.rankedFeatures.end(),
                     [&](size_t a, size_t b) { return e.fisherScore[a] > e.fisherScore[b]; });

    // PCA, fitted on at most maxPcaWindows evenly spaced windows.
    const size_t components = std::min(options.components, f);
    const size_t fitRows = std::min(n, std::max<size_t>(2, options.maxPcaWindows));
    std::vector<float> fit;
    const float* fitData = set.values.data();
    if (fitRows < n) {
        fit.reserve(fitRows * f);
        for (size_t r = 0; r < fitRows; ++r) {
            const float* row = set.row(r * n / fitRows);
            fit.insert(fit.end(), row, row + f);
        }
        fitData = fit.data();
    }
    auto fitted = pca(fitData, fitRows, f, components);
    if (!fitted)
        return fitted.error();
    e.pca = std::move(*fitted);
    if (fitRows < n) {  // project every window with the fitted axes
        e.pca.projection.assign(n * components, 0.0f);
        for (size_t i = 0; i < n; ++i)
            for (size_t c = 0; c < components; ++c) {
                double acc = 0.0;
                for (size_t j = 0; j < f; ++j)
                    acc += (set.row(i)[j] - e.pca.mean[j]) * e.pca.scale[j] * e.pca.axes[c * f + j];
                e.pca.projection[i * components + c] = static_cast<float>(acc);
            }
    }
    for (auto& s : e.classes)
        s.centroid.assign(components, 0.0f);
    for (size_t i = 0; i < n; ++i)
        for (size_t c = 0; c < components; ++c)
            e.classes[static_cast<size_t>(set.labels[i])].centroid[c] += e.pca.projection[i * components + c];
    for (auto& s : e.classes)
        for (auto& v : s.centroid)
            v = s.windows ? v / static_cast<float>(s.windows) : 0.0f;

    // Nearest class centroid in the standardized full feature space.
    std::vector<std::vector<double>> centroid(k, std::vector<double>(f, 0.0));
    for (size_t c = 0; c < k; ++c)
        for (size_t j = 0; j < f; ++j)
            centroid[c][j] = (e.classes[c].mean[j] - e.pca.mean[j]) * e.pca.scale[j];
    size_t correct = 0;
    for (size_t i = 0; i < n; ++i) {
        size_t best = 0;
        double bestDistance = std::numeric_limits<double>::max();
        for (size_t c = 0; c < k; ++c) {
            if (e.classes[c].windows == 0)
                continue;
            double d = 0.0;
            for (size_t j = 0; j < f; ++j) {
                const double z = (set.row(i)[j] - e.pca.mean[j]) * e.pca.scale[j] - centroid[c][j];
                d += z * z;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        correct += best == static_cast<size_t>(set.labels[i]);
    }
    e.nearestCentroidAccuracy = static_cast<double>(correct) / static_cast<double>(n);
    return e;
}

nlohmann::json explorationToJson(const Exploration& e, const FeatureSet& set, size_t maxPoints) {
    using nlohmann::json;
    json classes = json::array();
    for (const auto& s : e.classes)
        classes.push_back({{"label", s.label}, {"windows", s.windows}, {"mean", s.mean}, {"std", s.stddev},
                           {"min", s.min}, {"max", s.max}, {"histogram", s.histogram}, {"pca_centroid", s.centroid}});
    const size_t n = set.windows(), comps = e.pca.components;
    const size_t shown = maxPoints == 0 ? n : std::min(n, maxPoints);
    json points = json::array();
    for (size_t p = 0; p < shown; ++p) {
        const size_t i = p * n / shown;
        json coords = json::array();
        for (size_t c = 0; c < comps; ++c)
            coords.push_back(e.pca.projection[i * comps + c]);
        points.push_back({{"sample_id", set.sampleIds[i]}, {"window", set.windowIndex[i]},
                          {"class", set.labels[i]}, {"xy", coords}});
    }
    json top = json::array();
    for (size_t r = 0; r < std::min<size_t>(10, e.rankedFeatures.size()); ++r)
        top.push_back({{"feature", e.rankedFeatures[r]}, {"fisher_score", e.fisherScore[e.rankedFeatures[r]]}});
    return {{"feature_count", e.featureCount},
            {"bins", e.bins},
            {"bin_low", e.binLow},
            {"bin_high", e.binHigh},
            {"classes", classes},
            {"top_features", top},
            {"nearest_centroid_accuracy", e.nearestCentroidAccuracy},
            {"pca", {{"explained_variance_ratio", e.pca.explainedRatio}, {"points", points}}}};
}

}  // namespace mote::features

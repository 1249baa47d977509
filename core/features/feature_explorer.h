#pragma once
// Feature explorer: does the DSP block make the classes separable, before
// any training? Per class and feature: mean/std/min/max and a histogram on
// bins shared by all classes; per feature a Fisher score (between-class over
// within-class variance) to rank the informative ones; a 2-D PCA projection
// of every window with class centroids; and the accuracy of a
// nearest-class-centroid rule on the standardized features (a crude lower
// bound on what a network can do: near chance means "look at the DSP").
// Pure computation on a FeatureSet; host only; thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "features/feature_set.h"
#include "features/pca.h"

namespace mote::features {

struct ExploreOptions {
    size_t bins = 20;             // histogram bins per feature
    size_t components = 2;        // PCA components
    size_t maxPcaWindows = 20000; // PCA on an evenly spaced subset above this (projection covers all windows)
};

struct ClassSummary {
    std::string label;
    size_t windows = 0;
    std::vector<float> mean, stddev, min, max;  // per feature
    std::vector<uint32_t> histogram;            // features x bins
    std::vector<float> centroid;                // in PCA space (components values)
};

struct Exploration {
    size_t featureCount = 0;
    size_t bins = 0;
    std::vector<float> binLow, binHigh;  // per feature: histogram range (all classes)
    std::vector<ClassSummary> classes;   // same order as FeatureSet::classes
    std::vector<double> fisherScore;     // per feature
    std::vector<size_t> rankedFeatures;  // feature indices, most discriminative first
    PcaResult pca;                       // projection: one row per window of the FeatureSet
    double nearestCentroidAccuracy = 0;  // fraction of windows whose nearest class centroid is their own
};

Result<Exploration> explore(const FeatureSet& set, const ExploreOptions& options = {});

// JSON for `mote features --explore --json` and the GUI; `maxPoints` limits
// the projected points listed (evenly spaced), 0 = all.
nlohmann::json explorationToJson(const Exploration& e, const FeatureSet& set, size_t maxPoints = 2000);

}  // namespace mote::features

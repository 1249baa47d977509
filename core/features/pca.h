#pragma once
// Principal component analysis for the feature explorer (host only).
// Features are standardized first (zero mean, unit variance; constant
// features are left at 0) because DSP features mix units (RMS in m/s^2, log
// powers, cepstra). The covariance matrix is decomposed with the cyclic
// Jacobi eigenvalue method (exact for symmetric matrices, no dependency);
// above kMaxJacobiFeatures, power iteration with deflation finds only the
// requested components.
#include <cstddef>
#include <vector>

#include "common/result.h"

namespace mote::features {

inline constexpr size_t kMaxJacobiFeatures = 256;

struct PcaResult {
    size_t components = 0;
    size_t features = 0;
    std::vector<double> mean;               // per feature
    std::vector<double> scale;              // 1/std per feature (0 for constant features)
    std::vector<double> axes;               // components x features, unit vectors, strongest first
    std::vector<double> explainedVariance;  // eigenvalue per component
    std::vector<double> explainedRatio;     // eigenvalue / total variance of the standardized data
    std::vector<float> projection;          // rows x components: each row's coordinates
};

// data: rows x features, row-major. Needs rows >= 2 and 1 <= components <= features.
Result<PcaResult> pca(const float* data, size_t rows, size_t features, size_t components = 2);

}  // namespace mote::features

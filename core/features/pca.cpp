#include "features/pca.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mote::features {
namespace {

// Eigen-decomposition of a symmetric n x n matrix `a` (destroyed) by cyclic
// Jacobi rotations. Eigenvectors are the columns of v.
void jacobi(std::vector<double>& a, size_t n, std::vector<double>& values, std::vector<double>& v) {
    v.assign(n * n, 0.0);
    for (size_t i = 0; i < n; ++i)
        v[i * n + i] = 1.0;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0, total = 0.0;
        for (size_t i = 0; i < n; ++i)
            for (size_t j = 0; j < n; ++j) {
                total += a[i * n + j] * a[i * n + j];
                if (i != j)
                    off += a[i * n + j] * a[i * n + j];
            }
        if (off <= 1e-22 * total || off == 0.0)
            break;
        for (size_t p = 0; p < n; ++p) {
            for (size_t q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (std::fabs(apq) < 1e-300)
                    continue;
                const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (size_t k = 0; k < n; ++k) {  // columns p, q
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; ++k) {  // rows p, q
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < n; ++k) {
                    const double vkp = v[k * n + p], vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    values.resize(n);
    for (size_t i = 0; i < n; ++i)
        values[i] = a[i * n + i];
}

// Strongest `k` eigenpairs of symmetric `cov` by power iteration + deflation.
void powerIteration(std::vector<double> cov, size_t n, size_t k, std::vector<double>& values,
                    std::vector<double>& vectors) {
    values.assign(k, 0.0);
    vectors.assign(k * n, 0.0);
    std::vector<double> x(n), y(n);
    for (size_t c = 0; c < k; ++c) {
        for (size_t i = 0; i < n; ++i)
            x[i] = 1.0 + 0.01 * static_cast<double>((i * 7919 + c * 104729) % 101);  // deterministic start
        double lambda = 0.0;
        for (int it = 0; it < 1000; ++it) {
            for (size_t i = 0; i < n; ++i)
                y[i] = std::inner_product(cov.begin() + static_cast<std::ptrdiff_t>(i * n),
                                          cov.begin() + static_cast<std::ptrdiff_t>((i + 1) * n), x.begin(), 0.0);
            const double norm = std::sqrt(std::inner_product(y.begin(), y.end(), y.begin(), 0.0));
            if (norm < 1e-300)
                break;
            double change = 0.0;
            for (size_t i = 0; i < n; ++i) {
                const double v = y[i] / norm;
                change += std::fabs(v - x[i]);
                x[i] = v;
            }
            lambda = norm;
            if (change < 1e-10 * static_cast<double>(n))
                break;
        }
        values[c] = lambda;
        std::copy(x.begin(), x.end(), vectors.begin() + static_cast<std::ptrdiff_t>(c * n));
        for (size_t i = 0; i < n; ++i)  // deflate: cov -= lambda x x^T
            for (size_t j = 0; j < n; ++j)
                cov[i * n + j] -= lambda * x[i] * x[j];
    }
}

}  // namespace

Result<PcaResult> pca(const float* data, size_t rows, size_t features, size_t components) {
    if (rows < 2)
        return makeError("PCA needs at least 2 windows; generate features for more samples");
    if (features == 0 || components == 0 || components > features)
        return makeError("PCA: asked for " + std::to_string(components) + " components of " +
                         std::to_string(features) + " features");
    PcaResult r;
    r.components = components;
    r.features = features;
    r.mean.assign(features, 0.0);
    r.scale.assign(features, 0.0);
    for (size_t i = 0; i < rows; ++i)
        for (size_t f = 0; f < features; ++f)
            r.mean[f] += data[i * features + f];
    for (auto& m : r.mean)
        m /= static_cast<double>(rows);
    std::vector<double> z(rows * features);
    for (size_t f = 0; f < features; ++f) {
        double var = 0.0;
        for (size_t i = 0; i < rows; ++i) {
            const double d = data[i * features + f] - r.mean[f];
            var += d * d;
        }
        const double sd = std::sqrt(var / static_cast<double>(rows - 1));
        r.scale[f] = sd > 1e-12 * (1.0 + std::fabs(r.mean[f])) ? 1.0 / sd : 0.0;
        for (size_t i = 0; i < rows; ++i)
            z[i * features + f] = (data[i * features + f] - r.mean[f]) * r.scale[f];
    }
    // Covariance of the standardized data (= correlation matrix).
    std::vector<double> cov(features * features, 0.0);
    for (size_t i = 0; i < rows; ++i) {
        const double* zi = z.data() + i * features;
        for (size_t a = 0; a < features; ++a) {
            if (zi[a] == 0.0)
                continue;
            for (size_t b = a; b < features; ++b)
                cov[a * features + b] += zi[a] * zi[b];
        }
    }
    double trace = 0.0;
    for (size_t a = 0; a < features; ++a) {
        for (size_t b = a; b < features; ++b) {
            cov[a * features + b] /= static_cast<double>(rows - 1);
            cov[b * features + a] = cov[a * features + b];
        }
        trace += cov[a * features + a];
    }

    std::vector<double> values, vectors;
    if (features <= kMaxJacobiFeatures) {
        std::vector<double> v;
        jacobi(cov, features, values, v);
        std::vector<size_t> order(features);
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] > values[b]; });
        std::vector<double> top(components);
        vectors.assign(components * features, 0.0);
        for (size_t c = 0; c < components; ++c) {
            top[c] = values[order[c]];
            for (size_t f = 0; f < features; ++f)
                vectors[c * features + f] = v[f * features + order[c]];
        }
        values = top;
    } else {
        powerIteration(cov, features, components, values, vectors);
    }
    // Sign convention: the largest-magnitude loading of each axis is positive,
    // so the plot does not flip between runs or implementations.
    for (size_t c = 0; c < components; ++c) {
        double* axis = vectors.data() + c * features;
        size_t big = 0;
        for (size_t f = 1; f < features; ++f)
            if (std::fabs(axis[f]) > std::fabs(axis[big]))
                big = f;
        if (axis[big] < 0)
            for (size_t f = 0; f < features; ++f)
                axis[f] = -axis[f];
    }
    r.axes = vectors;
    r.explainedVariance = values;
    for (double v : values)
        r.explainedRatio.push_back(trace > 0 ? std::max(0.0, v) / trace : 0.0);
    r.projection.resize(rows * components);
    for (size_t i = 0; i < rows; ++i)
        for (size_t c = 0; c < components; ++c)
            r.projection[i * components + c] = static_cast<float>(std::inner_product(
                z.begin() + static_cast<std::ptrdiff_t>(i * features),
                z.begin() + static_cast<std::ptrdiff_t>((i + 1) * features),
                vectors.begin() + static_cast<std::ptrdiff_t>(c * features), 0.0));
    return r;
}

}  // namespace mote::features

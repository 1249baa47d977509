#include "nn/graph/metrics.h"

#include <nlohmann/json.hpp>

namespace mote::nn {

ClassificationMetrics computeMetrics(std::span<const int64_t> truth, std::span<const int64_t> predicted,
                                     int classCount) {
    ClassificationMetrics m;
    const size_t n = std::min(truth.size(), predicted.size());
    m.total = static_cast<int64_t>(n);
    m.confusion.assign(static_cast<size_t>(classCount), std::vector<int64_t>(static_cast<size_t>(classCount), 0));
    for (size_t i = 0; i < n; ++i) {
        const int64_t t = truth[i], p = predicted[i];
        if (t < 0 || t >= classCount || p < 0 || p >= classCount) continue;
        ++m.confusion[static_cast<size_t>(t)][static_cast<size_t>(p)];
        if (t == p) ++m.correct;
    }
    m.accuracy = n ? static_cast<double>(m.correct) / static_cast<double>(n) : 0.0;
    m.perClass.resize(static_cast<size_t>(classCount));
    for (size_t c = 0; c < static_cast<size_t>(classCount); ++c) {
        int64_t tp = m.confusion[c][c], predictedAsC = 0, actualC = 0;
        for (size_t k = 0; k < static_cast<size_t>(classCount); ++k) {
            predictedAsC += m.confusion[k][c];
            actualC += m.confusion[c][k];
        }
        ClassMetrics& cm = m.perClass[c];
        cm.support = actualC;
        cm.precision = predictedAsC ? static_cast<double>(tp) / static_cast<double>(predictedAsC) : 0.0;
        cm.recall = actualC ? static_cast<double>(tp) / static_cast<double>(actualC) : 0.0;
        cm.f1 = cm.precision + cm.recall > 0 ? 2 * cm.precision * cm.recall / (cm.precision + cm.recall) : 0.0;
    }
    return m;
}

double agreement(std::span<const int64_t> a, std::span<const int64_t> b) {
    if (a.size() != b.size()) return 0.0;
    if (a.empty()) return 1.0;
    size_t same = 0;
    for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
    return static_cast<double>(same) / static_cast<double>(a.size());
}

nlohmann::json metricsToJson(const ClassificationMetrics& metrics, const std::vector<std::string>& classNames) {
    nlohmann::json perClass = nlohmann::json::array();
    for (size_t c = 0; c < metrics.perClass.size(); ++c) {
        const auto& cm = metrics.perClass[c];
        perClass.push_back({{"class", c < classNames.size() ? classNames[c] : std::to_string(c)},
                            {"precision", cm.precision},
                            {"recall", cm.recall},
                            {"f1", cm.f1},
                            {"support", cm.support}});
    }
    return {{"accuracy", metrics.accuracy},
            {"total", metrics.total},
            {"correct", metrics.correct},
            {"confusion", metrics.confusion},
            {"per_class", perClass}};
}

}  // namespace mote::nn

#pragma once
// Classification metrics from true and predicted class indices.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace mote::nn {

struct ClassMetrics {
    double precision = 0.0;  // 0 when the class was never predicted
    double recall = 0.0;     // 0 when the class never occurs
    double f1 = 0.0;
    int64_t support = 0;     // true windows of this class
};

struct ClassificationMetrics {
    int64_t total = 0;
    int64_t correct = 0;
    double accuracy = 0.0;                         // correct / total (0 when empty)
    std::vector<std::vector<int64_t>> confusion;   // [true class][predicted class]
    std::vector<ClassMetrics> perClass;
};

// Labels outside [0, classCount) are counted in `total` but never as correct
// and not in the confusion matrix.
ClassificationMetrics computeMetrics(std::span<const int64_t> truth, std::span<const int64_t> predicted,
                                     int classCount);

// Fraction of positions where a[i] == b[i] (1.0 for empty inputs of equal size).
double agreement(std::span<const int64_t> a, std::span<const int64_t> b);

// {"accuracy", "confusion", "per_class":[{"class","precision","recall","f1","support"}]}
nlohmann::json metricsToJson(const ClassificationMetrics& metrics, const std::vector<std::string>& classNames);

}  // namespace mote::nn

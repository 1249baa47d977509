#include "train/training_job.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>

#include "nn/graph/npy.h"

namespace mote::train {
namespace {

size_t product(const std::vector<int>& shape) {
    size_t n = 1;
    for (int d : shape) n *= static_cast<size_t>(d);
    return n;
}

void appendWindow(const FeatureSet& from, size_t index, size_t windowSize, FeatureSet& to) {
    to.values.insert(to.values.end(), from.values.begin() + static_cast<std::ptrdiff_t>(index * windowSize),
                     from.values.begin() + static_cast<std::ptrdiff_t>((index + 1) * windowSize));
    to.labels.push_back(from.labels[index]);
    if (!from.groups.empty()) to.groups.push_back(from.groups[index]);
}

}  // namespace

void splitValidation(const FeatureSet& all, size_t windowSize, double fraction, uint64_t seed, FeatureSet& train,
                     FeatureSet& validation) {
    train = {};
    validation = {};
    // class -> ordered list of groups; a group is a sample (or a single window).
    std::map<int32_t, std::vector<int64_t>> groupsByClass;
    std::map<int64_t, bool> toValidation;
    auto groupOf = [&](size_t i) { return all.groups.empty() ? static_cast<int64_t>(i) : all.groups[i]; };
    for (size_t i = 0; i < all.windows(); ++i) {
        auto& list = groupsByClass[all.labels[i]];
        const int64_t g = groupOf(i);
        if (std::find(list.begin(), list.end(), g) == list.end()) list.push_back(g);
    }
    std::mt19937_64 rng(seed);
    for (auto& [cls, groups] : groupsByClass) {
        std::sort(groups.begin(), groups.end());
        std::shuffle(groups.begin(), groups.end(), rng);
        size_t n = static_cast<size_t>(std::lround(fraction * static_cast<double>(groups.size())));
        if (fraction > 0 && n == 0 && groups.size() >= 2) n = 1;
        for (size_t k = 0; k < groups.size(); ++k) toValidation[groups[k]] = k < n;
    }
    for (size_t i = 0; i < all.windows(); ++i)
        appendWindow(all, i, windowSize, toValidation[groupOf(i)] ? validation : train);
}

nlohmann::json jobJson(const TrainingJob& job) {
    nlohmann::json training = impulse::trainingToJson(job.training);
    training.erase("validation_fraction");  // the studio already split: X_val/y_val
    training["threads"] = 1;
    return {{"format_version", kJobFormatVersion},
            {"input_shape", job.model.inputShape},
            {"classes", job.classes},
            {"layers", nn::layersToJson(job.model.layers)},
            {"training", training},
            {"files",
             {{"X_train", "X_train.npy"}, {"y_train", "y_train.npy"}, {"X_val", "X_val.npy"}, {"y_val", "y_val.npy"}}}};
}

Status validateJob(const TrainingJob& job) {
    auto shapes = nn::inferShapes(job.model);
    if (!shapes) return shapes.error();
    if (job.classes.size() < 2) return makeError("training needs at least 2 labels");
    if (shapes->back() != std::vector<int>{static_cast<int>(job.classes.size())})
        return makeError("the network outputs " + nn::shapeToString(shapes->back()) + " values but there are " +
                         std::to_string(job.classes.size()) + " classes");
    const size_t windowSize = product(job.model.inputShape);
    for (const auto* set : {&job.train, &job.validation}) {
        const char* name = set == &job.train ? "training" : "validation";
        if (set->values.size() != set->windows() * windowSize)
            return makeError(std::string(name) + " features hold " + std::to_string(set->values.size()) +
                             " values, expected " + std::to_string(set->windows()) + " windows x " +
                             std::to_string(windowSize));
        for (int32_t l : set->labels)
            if (l < 0 || static_cast<size_t>(l) >= job.classes.size())
                return makeError(std::string(name) + " labels hold class index " + std::to_string(l) +
                                 ", outside 0.." + std::to_string(job.classes.size() - 1));
        for (float v : set->values)
            if (!std::isfinite(v)) return makeError(std::string(name) + " features hold NaN or infinity");
    }
    if (job.train.windows() == 0) return makeError("no training windows: record or import some samples first");
    if (job.validation.windows() == 0)
        return makeError("no validation windows: raise training.validation_fraction or add samples");
    return {};
}

Status writeJobFolder(const TrainingJob& job, const std::filesystem::path& dir) {
    if (auto s = validateJob(job); !s) return s;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return makeError("cannot create job folder " + dir.string() + ": " + ec.message());
    // Stale outputs of an earlier attempt must not pass for this run's.
    std::filesystem::remove_all(dir / "weights", ec);
    std::filesystem::remove(dir / "val_predictions.npy", ec);
    std::filesystem::remove(dir / "metrics.json", ec);

    auto writeSet = [&](const FeatureSet& set, const char* x, const char* y) -> Status {
        std::vector<int64_t> shape = {static_cast<int64_t>(set.windows())};
        for (int d : job.model.inputShape) shape.push_back(d);
        if (auto s = nn::writeNpyFloat32(dir / x, shape, set.values); !s) return s;
        const std::vector<int64_t> labelShape = {static_cast<int64_t>(set.windows())};
        return nn::writeNpyInt32(dir / y, labelShape, set.labels);
    };
    if (auto s = writeSet(job.train, "X_train.npy", "y_train.npy"); !s) return s;
    if (auto s = writeSet(job.validation, "X_val.npy", "y_val.npy"); !s) return s;

    const auto temp = dir / "job.json.tmp";
    {
        std::ofstream out(temp);
        out << jobJson(job).dump(1) << "\n";
        if (!out) return makeError("cannot write " + temp.string());
    }
    std::filesystem::rename(temp, dir / "job.json", ec);
    if (ec) return makeError("cannot write " + (dir / "job.json").string() + ": " + ec.message());
    return {};
}

}  // namespace mote::train

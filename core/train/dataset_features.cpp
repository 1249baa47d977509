#include "train/dataset_features.h"

#include "features/feature_generator.h"
#include "features/impulse_request.h"

namespace mote::train {

DatasetFeatures toDatasetFeatures(const features::FeatureSet& set) {
    DatasetFeatures out;
    const auto& shape = set.windowShape;
    out.windowShape = shape.rows == 1 ? std::vector<int>{static_cast<int>(shape.cols)}
                                      : std::vector<int>{static_cast<int>(shape.rows), static_cast<int>(shape.cols)};
    out.classes = set.classes;
    for (size_t w = 0; w < set.windows(); ++w) {
        FeatureSet& target = set.splits[w] == dataset::Split::Train ? out.train : out.test;
        target.values.insert(target.values.end(), set.row(w), set.row(w) + set.featureCount);
        target.labels.push_back(set.labels[w]);
        target.groups.push_back(set.sampleIds[w]);
    }
    return out;
}

Result<DatasetFeatures> computeDatasetFeaturesWith(project::Project& project, const impulse::ImpulseConfig& config,
                                                   const DatasetFeatureOptions& options) {
    auto request = features::requestFromImpulse(config);
    if (!request)
        return request.error();
    features::GenerateOptions generate;
    generate.threads = options.threads;
    if (options.useCache)
        generate.cacheRoot = project.artifactsDir() / "features";
    generate.progress = options.progress;
    generate.cancel = options.cancel;
    auto set = features::generateFeatures(project.databaseFile(), *request, generate);
    if (!set)
        return set.error();
    if (set->windows() == 0)
        return makeError("no sample is long enough for one " + std::to_string(config.window.sizeMs) +
                         " ms window: record longer samples, shorten the window or turn zero-padding on");
    return toDatasetFeatures(*set);
}

Result<DatasetFeatures> computeDatasetFeatures(project::Project& project, const impulse::ImpulseConfig& config) {
    return computeDatasetFeaturesWith(project, config, DatasetFeatureOptions{});
}

FeatureProvider featureProvider(DatasetFeatureOptions options) {
    return [options = std::move(options)](project::Project& project, const impulse::ImpulseConfig& config) {
        return computeDatasetFeaturesWith(project, config, options);
    };
}

}  // namespace mote::train

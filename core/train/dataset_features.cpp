#include "train/dataset_features.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "dsp/dsp_block.h"
#include "dsp/windowing.h"

namespace mote::train {
Result<DatasetFeatures> computeDatasetFeatures(project::Project& project, const impulse::ImpulseConfig& config) {
    auto dspConfig = config.dspConfig();
    if (!dspConfig) return dspConfig.error();
    auto all = project.store().query({}, dataset::Page{0, 0});
    if (!all) return all.error();

    const double rate = config.input.sampleRateHz;
    const auto windowFrames = static_cast<uint32_t>(std::lround(config.window.sizeMs * rate / 1000.0));
    const auto strideFrames = std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(config.window.strideMs * rate / 1000.0)));
    if (windowFrames == 0) return makeError("the window is shorter than one frame at " + std::to_string(rate) + " Hz");

    // Pick the samples this impulse applies to.
    std::vector<const dataset::Sample*> chosen;
    std::set<std::string> labels;
    for (const auto& s : *all) {
        if (!config.input.sensor.empty() && s.sensor != config.input.sensor) continue;
        bool hasAxes = true;
        for (const auto& a : config.input.axes)
            hasAxes &= std::find(s.axisNames.begin(), s.axisNames.end(), a) != s.axisNames.end();
        if (!hasAxes) continue;
        if (std::fabs(s.sampleRateHz - rate) > 0.01 * rate)
            return makeError("sample " + std::to_string(s.id) + " (" + s.label + ") is recorded at " +
                             std::to_string(s.sampleRateHz) + " Hz but the impulse expects " + std::to_string(rate) +
                             " Hz: set input.sample_rate_hz or remove the sample");
        chosen.push_back(&s);
        labels.insert(s.label);
    }
    if (chosen.empty())
        return makeError("no samples match the impulse's input (sensor '" + config.input.sensor +
                         "'): record or import samples first, or change the impulse's axes");

    DatasetFeatures out;
    out.classes.assign(labels.begin(), labels.end());
    std::map<std::string, int32_t> classIndex;
    for (size_t i = 0; i < out.classes.size(); ++i) classIndex[out.classes[i]] = static_cast<int32_t>(i);

    const uint32_t axes =
        config.input.axes.empty() ? static_cast<uint32_t>(chosen.front()->axisCount()) : static_cast<uint32_t>(config.input.axes.size());
    dsp::OutputShape shape;
    if (auto st = dsp::outputShape(*dspConfig, windowFrames, axes, &shape); st != dsp::DspStatus::kOk)
        return makeError(std::string("the DSP block cannot take ") + std::to_string(windowFrames) + " frames x " +
                         std::to_string(axes) + " axes: " + dsp::dspStatusMessage(st));
    out.windowShape = shape.rows == 1 ? std::vector<int>{static_cast<int>(shape.cols)}
                                      : std::vector<int>{static_cast<int>(shape.rows), static_cast<int>(shape.cols)};
    std::vector<float> scratch((dsp::scratchBytes(*dspConfig, windowFrames, axes) + 3) / 4 + 1);
    std::vector<float> window(static_cast<size_t>(windowFrames) * axes);
    std::vector<float> features(shape.size());

    for (const auto* meta : chosen) {
        auto sample = project.store().load(meta->id);
        if (!sample) return sample.error();
        std::vector<uint32_t> axisMap;
        if (config.input.axes.empty()) {
            if (static_cast<uint32_t>(sample->axisCount()) != axes)
                return makeError("sample " + std::to_string(meta->id) + " has " + std::to_string(sample->axisCount()) +
                                 " axes, others have " + std::to_string(axes) + ": set the impulse's input axes");
            for (uint32_t a = 0; a < axes; ++a) axisMap.push_back(a);
        } else {
            for (const auto& name : config.input.axes)
                axisMap.push_back(static_cast<uint32_t>(
                    std::find(sample->axisNames.begin(), sample->axisNames.end(), name) - sample->axisNames.begin()));
        }
        const auto values = sample->values();
        const auto frames = static_cast<uint32_t>(sample->frameCount);
        if (frames < windowFrames && !config.window.zeroPad) continue;
        const uint32_t count = dsp::windowCount(frames, windowFrames, strideFrames);
        FeatureSet& target = sample->split == dataset::Split::Train ? out.train : out.test;
        for (uint32_t w = 0; w < count; ++w) {
            dsp::copyWindow(values.data(), frames, static_cast<uint32_t>(sample->axisCount()), axisMap.data(), axes,
                            w * strideFrames, windowFrames, window.data());
            const auto st = dsp::compute(*dspConfig, window.data(), windowFrames, axes, features.data(), scratch.data(),
                                         scratch.size() * sizeof(float));
            if (st != dsp::DspStatus::kOk)
                return makeError("DSP failed on sample " + std::to_string(meta->id) + ": " + dsp::dspStatusMessage(st));
            target.values.insert(target.values.end(), features.begin(), features.end());
            target.labels.push_back(classIndex[sample->label]);
            target.groups.push_back(meta->id);
        }
    }
    return out;
}

}  // namespace mote::train

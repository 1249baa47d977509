#include "features/sample_features.h"

#include <algorithm>
#include <cmath>

#include "dsp/windowing.h"

namespace mote::features {

uint32_t windowFrames(const WindowSpec& spec, double sampleRateHz) {
    const double frames = std::round(spec.windowMs * sampleRateHz / 1000.0);
    return frames > 0 && frames < 4.0e9 ? static_cast<uint32_t>(frames) : 0;
}

uint32_t strideFrames(const WindowSpec& spec, double sampleRateHz) {
    const double frames = std::round(spec.strideMs * sampleRateHz / 1000.0);
    return frames >= 1 && frames < 4.0e9 ? static_cast<uint32_t>(frames) : 1;
}

Result<std::vector<uint32_t>> axisMapFor(const dataset::Sample& sample, const FeatureRequest& request) {
    const std::string name = "sample " + std::to_string(sample.id) + " (" + sample.label + ")";
    const double rate = request.dsp.sampleRateHz;
    if (std::fabs(sample.sampleRateHz - rate) > 0.01 * rate)
        return makeError(name + " is recorded at " + std::to_string(sample.sampleRateHz) +
                         " Hz but the DSP block expects " + std::to_string(rate) +
                         " Hz: change the impulse's sample rate or remove the sample");
    std::vector<uint32_t> map;
    if (request.window.axes.empty()) {
        for (int a = 0; a < sample.axisCount(); ++a)
            map.push_back(static_cast<uint32_t>(a));
        return map;
    }
    for (const auto& axis : request.window.axes) {
        auto it = std::find(sample.axisNames.begin(), sample.axisNames.end(), axis);
        if (it == sample.axisNames.end())
            return makeError(name + " has no axis '" + axis + "': choose axes every sample has");
        map.push_back(static_cast<uint32_t>(it - sample.axisNames.begin()));
    }
    return map;
}

Result<SampleFeatures> computeSampleFeatures(const dataset::Sample& sample, const FeatureRequest& request) {
    auto map = axisMapFor(sample, request);
    if (!map)
        return map.error();
    const auto axes = static_cast<uint32_t>(map->size());
    const uint32_t frames = static_cast<uint32_t>(sample.frameCount);
    const size_t expectedValues = static_cast<size_t>(frames) * static_cast<size_t>(sample.axisCount());
    const auto values = sample.values();
    if (values.size() != expectedValues)
        return makeError("sample " + std::to_string(sample.id) + " holds " + std::to_string(values.size()) +
                         " values but its shape says " + std::to_string(expectedValues) + ": the sample is damaged");

    const uint32_t wFrames = windowFrames(request.window, request.dsp.sampleRateHz);
    const uint32_t sFrames = strideFrames(request.window, request.dsp.sampleRateHz);
    SampleFeatures out;
    const dsp::DspStatus shapeStatus = dsp::outputShape(request.dsp, wFrames, axes, &out.windowShape);
    if (shapeStatus != dsp::DspStatus::kOk)
        return makeError(std::string("DSP block '") + dsp::blockKindName(request.dsp.kind) + "' on " +
                         std::to_string(wFrames) + " frames x " + std::to_string(axes) +
                         " axes: " + dsp::dspStatusMessage(shapeStatus));
    if (frames < wFrames && !request.window.zeroPad)
        return out;
    out.windows = dsp::windowCount(frames, wFrames, sFrames);

    const size_t perWindow = out.windowShape.size();
    out.values.resize(out.windows * perWindow);
    const size_t scratchSize = dsp::scratchBytes(request.dsp, wFrames, axes);
    std::vector<float> scratch(scratchSize / sizeof(float) + 1);
    std::vector<float> window(static_cast<size_t>(wFrames) * axes);
    for (uint32_t w = 0; w < out.windows; ++w) {
        dsp::copyWindow(values.data(), frames, static_cast<uint32_t>(sample.axisCount()), map->data(), axes,
                        w * sFrames, wFrames, window.data());
        const dsp::DspStatus status = dsp::compute(request.dsp, window.data(), wFrames, axes,
                                                   out.values.data() + w * perWindow, scratch.data(), scratchSize);
        if (status != dsp::DspStatus::kOk)
            return makeError("DSP failed on sample " + std::to_string(sample.id) + ": " + dsp::dspStatusMessage(status));
    }
    return out;
}

}  // namespace mote::features

#include "features/impulse_request.h"

namespace mote::features {

Result<FeatureRequest> requestFromImpulse(const impulse::ImpulseConfig& config) {
    auto dspConfig = config.dspConfig();
    if (!dspConfig)
        return dspConfig.error();
    FeatureRequest request;
    request.dsp = *dspConfig;
    request.dsp.sampleRateHz = static_cast<float>(config.input.sampleRateHz);
    request.window.windowMs = config.window.sizeMs;
    request.window.strideMs = config.window.strideMs;
    request.window.zeroPad = config.window.zeroPad;
    request.window.axes = config.input.axes;
    request.sensor = config.input.sensor;
    return request;
}

}  // namespace mote::features

#include "features/feature_names.h"

#include <cstdio>

namespace mote::features {
namespace {

std::string axisName(const std::vector<std::string>& names, uint32_t axis) {
    return axis < names.size() ? names[axis] : "axis " + std::to_string(axis);
}

std::string hz(float value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g Hz", static_cast<double>(value));
    return buf;
}

}  // namespace

std::string featureName(const dsp::DspConfig& config, const std::vector<std::string>& axisNames, uint32_t axes,
                        uint32_t index) {
    using dsp::BlockKind;
    switch (config.kind) {
    case BlockKind::kRaw:
        return "frame " + std::to_string(index / axes) + " " + axisName(axisNames, index % axes);
    case BlockKind::kSpectral: {
        const auto& p = config.spectral;
        const uint32_t perAxis = 3 + (p.mode == dsp::SpectralMode::kFftBins ? p.fftLength / 2 : 2 * p.peakCount);
        const std::string axis = axisName(axisNames, index / perAxis);
        const uint32_t j = index % perAxis;
        static const char* const stats[] = {"rms", "skewness", "kurtosis"};
        if (j < 3)
            return axis + " " + stats[j];
        if (p.mode == dsp::SpectralMode::kFftBins) {
            const uint32_t bin = j - 2;  // bins start at 1
            return axis + " bin " + std::to_string(bin) + " (" +
                   hz(config.sampleRateHz * static_cast<float>(bin) / static_cast<float>(p.fftLength)) + ")";
        }
        const uint32_t peak = (j - 3) / 2;
        return axis + " peak " + std::to_string(peak + 1) + ((j - 3) % 2 == 0 ? " frequency" : " power");
    }
    case BlockKind::kMfe:
        return "frame " + std::to_string(index / config.audio.numFilters) + " mel " +
               std::to_string(index % config.audio.numFilters);
    case BlockKind::kMfcc:
        return "frame " + std::to_string(index / config.audio.numCoefficients) + " mfcc " +
               std::to_string(index % config.audio.numCoefficients);
    }
    return "feature " + std::to_string(index);
}

}  // namespace mote::features

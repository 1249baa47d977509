// Raw block: the window itself, scaled, optionally normalized per axis.
#include <cmath>

#include "dsp/blocks_internal.h"

namespace mote::dsp::detail {

DspStatus validateRaw(const DspConfig&) { return DspStatus::kOk; }

OutputShape rawShape(const DspConfig&, uint32_t frames, uint32_t axes) { return OutputShape{frames, axes}; }

size_t rawScratchFloats(const DspConfig&, uint32_t, uint32_t) { return 0; }

void computeRaw(const DspConfig& config, const float* in, uint32_t frames, uint32_t axes, float* out) {
    const size_t total = static_cast<size_t>(frames) * axes;
    for (size_t i = 0; i < total; ++i)
        out[i] = in[i] * config.inputScale;
    if (!config.raw.normalize)
        return;
    for (uint32_t a = 0; a < axes; ++a) {
        float mean = 0.0f;
        for (uint32_t f = 0; f < frames; ++f)
            mean += out[static_cast<size_t>(f) * axes + a];
        mean /= static_cast<float>(frames);
        float var = 0.0f;
        for (uint32_t f = 0; f < frames; ++f) {
            const float d = out[static_cast<size_t>(f) * axes + a] - mean;
            var += d * d;
        }
        const float stddev = std::sqrt(var / static_cast<float>(frames));
        // A flat axis carries no information; 0 beats dividing by ~0.
        const float inv = stddev > 1e-6f * (1.0f + std::fabs(mean)) ? 1.0f / stddev : 0.0f;
        for (uint32_t f = 0; f < frames; ++f) {
            float& v = out[static_cast<size_t>(f) * axes + a];
            v = (v - mean) * inv;
        }
    }
}

}  // namespace mote::dsp::detail

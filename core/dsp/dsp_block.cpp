#include "dsp/dsp_block.h"

#include <cmath>

#include "dsp/blocks_internal.h"

namespace mote::dsp {

DspStatus validate(const DspConfig& config, uint32_t frames, uint32_t axes) {
    if (!(config.sampleRateHz > 0.0f) || !std::isfinite(config.sampleRateHz))
        return DspStatus::kBadSampleRate;
    if (frames == 0 || axes == 0 || axes > kMaxAxes)
        return DspStatus::kBadShape;
    if (!std::isfinite(config.inputScale) || config.inputScale == 0.0f)
        return DspStatus::kBadParameter;
    switch (config.kind) {
    case BlockKind::kRaw: return detail::validateRaw(config);
    case BlockKind::kSpectral: return detail::validateSpectral(config);
    case BlockKind::kMfe:
    case BlockKind::kMfcc: return detail::validateAudio(config, axes);
    }
    return DspStatus::kBadBlock;
}

DspStatus outputShape(const DspConfig& config, uint32_t frames, uint32_t axes, OutputShape* shape) {
    if (shape == nullptr)
        return DspStatus::kNullPointer;
    const DspStatus status = validate(config, frames, axes);
    if (status != DspStatus::kOk)
        return status;
    switch (config.kind) {
    case BlockKind::kRaw: *shape = detail::rawShape(config, frames, axes); break;
    case BlockKind::kSpectral: *shape = detail::spectralShape(config, frames, axes); break;
    case BlockKind::kMfe:
    case BlockKind::kMfcc: *shape = detail::audioShape(config, frames); break;
    }
    return DspStatus::kOk;
}

size_t scratchBytes(const DspConfig& config, uint32_t frames, uint32_t axes) {
    if (validate(config, frames, axes) != DspStatus::kOk)
        return 0;
    size_t floats = 0;
    switch (config.kind) {
    case BlockKind::kRaw: floats = detail::rawScratchFloats(config, frames, axes); break;
    case BlockKind::kSpectral: floats = detail::spectralScratchFloats(config, frames, axes); break;
    case BlockKind::kMfe:
    case BlockKind::kMfcc: floats = detail::audioScratchFloats(config); break;
    }
    // Never 0 for a valid config, so 0 can mean "invalid".
    return floats == 0 ? sizeof(float) : floats * sizeof(float);
}

DspStatus compute(const DspConfig& config, const float* window, uint32_t frames, uint32_t axes, float* out,
                  void* scratch, size_t scratchSize) {
    if (window == nullptr || out == nullptr || scratch == nullptr)
        return DspStatus::kNullPointer;
    const DspStatus status = validate(config, frames, axes);
    if (status != DspStatus::kOk)
        return status;
    if (scratchSize < scratchBytes(config, frames, axes) ||
        reinterpret_cast<uintptr_t>(scratch) % alignof(float) != 0)
        return DspStatus::kScratchTooSmall;
    float* floats = static_cast<float*>(scratch);
    switch (config.kind) {
    case BlockKind::kRaw: detail::computeRaw(config, window, frames, axes, out); return DspStatus::kOk;
    case BlockKind::kSpectral: return detail::computeSpectral(config, window, frames, axes, out, floats);
    case BlockKind::kMfe:
    case BlockKind::kMfcc: return detail::computeAudio(config, window, frames, out, floats);
    }
    return DspStatus::kBadBlock;
}

uint32_t audioFrameLength(const DspConfig& config) {
    const float n = std::round(config.audio.frameLengthS * config.sampleRateHz);
    return n >= 1.0f && n < 1.0e9f ? static_cast<uint32_t>(n) : 0;
}

uint32_t audioFrameStride(const DspConfig& config) {
    const float n = std::round(config.audio.frameStrideS * config.sampleRateHz);
    return n >= 1.0f && n < 1.0e9f ? static_cast<uint32_t>(n) : 0;
}

uint32_t audioFrameCount(const DspConfig& config, uint32_t frames) {
    const uint32_t length = audioFrameLength(config);
    const uint32_t stride = audioFrameStride(config);
    if (frames == 0 || length == 0 || stride == 0)
        return 0;
    if (frames <= length)
        return 1;
    return 1 + (frames - length) / stride;
}

}  // namespace mote::dsp

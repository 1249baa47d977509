#pragma once
// Per-block entry points behind dsp_block.h's dispatch. Not a public API.
// Each block reports its scratch need in floats; compute() has already
// validated the configuration and the scratch size before calling them.
#include <cstddef>
#include <cstdint>

#include "dsp/dsp_block.h"

namespace mote::dsp::detail {

DspStatus validateRaw(const DspConfig& config);
OutputShape rawShape(const DspConfig& config, uint32_t frames, uint32_t axes);
size_t rawScratchFloats(const DspConfig& config, uint32_t frames, uint32_t axes);
void computeRaw(const DspConfig& config, const float* in, uint32_t frames, uint32_t axes, float* out);

DspStatus validateSpectral(const DspConfig& config);
OutputShape spectralShape(const DspConfig& config, uint32_t frames, uint32_t axes);
size_t spectralScratchFloats(const DspConfig& config, uint32_t frames, uint32_t axes);
DspStatus computeSpectral(const DspConfig& config, const float* in, uint32_t frames, uint32_t axes, float* out,
                          float* scratch);

DspStatus validateAudio(const DspConfig& config, uint32_t axes);
OutputShape audioShape(const DspConfig& config, uint32_t frames);
size_t audioScratchFloats(const DspConfig& config);
DspStatus computeAudio(const DspConfig& config, const float* in, uint32_t frames, float* out, float* scratch);

}  // namespace mote::dsp::detail

#pragma once
// Human-readable names of the features a DSP block produces, for the
// explorer's tables ("accX rms", "accY bin 3 (4.7 Hz)", "frame 12 mfcc 4").
#include <cstdint>
#include <string>
#include <vector>

#include "dsp/dsp_config.h"

namespace mote::features {

// `index` into one window's features (row-major over the block's output
// shape). axisNames: the selected axes in order (may be shorter than needed:
// then "axis N" is used). windowFrames: frames per window (Raw needs it).
std::string featureName(const dsp::DspConfig& config, const std::vector<std::string>& axisNames, uint32_t axes,
                        uint32_t index);

}  // namespace mote::features

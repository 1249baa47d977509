#include "dsp/windowing.h"

#include <cstddef>

namespace mote::dsp {

uint32_t windowCount(uint32_t totalFrames, uint32_t windowFrames, uint32_t strideFrames) {
    if (totalFrames == 0 || windowFrames == 0 || strideFrames == 0)
        return 0;
    if (totalFrames <= windowFrames)
        return 1;
    return 1 + (totalFrames - windowFrames) / strideFrames;
}

void copyWindow(const float* interleaved, uint32_t totalFrames, uint32_t sourceAxes, const uint32_t* axisMap,
                uint32_t numSelected, uint32_t startFrame, uint32_t windowFrames, float* out) {
    for (uint32_t f = 0; f < windowFrames; ++f) {
        const uint32_t src = startFrame + f;
        float* row = out + static_cast<size_t>(f) * numSelected;
        if (src >= totalFrames) {
            for (uint32_t a = 0; a < numSelected; ++a)
                row[a] = 0.0f;
            continue;
        }
        const float* in = interleaved + static_cast<size_t>(src) * sourceAxes;
        for (uint32_t a = 0; a < numSelected; ++a)
            row[a] = in[axisMap != nullptr ? axisMap[a] : a];
    }
}

}  // namespace mote::dsp

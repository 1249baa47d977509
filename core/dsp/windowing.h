#pragma once
// Cutting a sample (interleaved frames x axes) into fixed-size windows.
//
// Windows start at 0, stride, 2*stride, ... as long as the window fits in
// the sample; a sample shorter than one window gives exactly one window,
// zero-padded at the end (so every recording yields at least one example).
// A tail shorter than a window after the last full one is dropped, as it
// would be on the device, which only classifies full windows.
#include <cstdint>

namespace mote::dsp {

// Number of windows for a sample of totalFrames (0 when totalFrames,
// windowFrames or strideFrames is 0).
uint32_t windowCount(uint32_t totalFrames, uint32_t windowFrames, uint32_t strideFrames);

// Copies window `index` into out ([windowFrames][numSelected], interleaved),
// zero-padding frames past the end of the sample. axisMap lists the source
// axis of each output axis (numSelected entries, each < sourceAxes); nullptr
// means all source axes in order (numSelected must then equal sourceAxes).
void copyWindow(const float* interleaved, uint32_t totalFrames, uint32_t sourceAxes, const uint32_t* axisMap,
                uint32_t numSelected, uint32_t startFrame, uint32_t windowFrames, float* out);

}  // namespace mote::dsp

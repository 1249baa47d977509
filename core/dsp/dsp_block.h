#pragma once
// The feature-block interface: one call per window, same code on the host
// (feature generation, live preview) and in the firmware (inference).
//
//   OutputShape shape;  outputShape(config, frames, axes, &shape);
//   size_t bytes = scratchBytes(config, frames, axes);   // size a static buffer
//   compute(config, window, frames, axes, out, scratch, bytes);
//
// `window` is [frames][axes] interleaved float32 (see windowing.h to cut it
// from a sample); `out` receives shape.rows * shape.cols floats in the
// layout documented in dsp_config.h. Scratch is caller-owned, 4-byte
// aligned, at least scratchBytes(); its content on entry does not matter.
// No heap, no exceptions, no static state: calls on different scratch
// buffers may run concurrently. Errors come back as DspStatus; `out` is
// unspecified when the status is not kOk.
#include <cstddef>
#include <cstdint>

#include "dsp/dsp_config.h"
#include "dsp/dsp_status.h"

namespace mote::dsp {

struct OutputShape {
    uint32_t rows = 0;
    uint32_t cols = 0;
    uint32_t size() const { return rows * cols; }
};

// Checks every parameter against the input shape; kOk when compute() can run.
DspStatus validate(const DspConfig& config, uint32_t frames, uint32_t axes);

DspStatus outputShape(const DspConfig& config, uint32_t frames, uint32_t axes, OutputShape* shape);

// Bytes of scratch compute() needs; 0 when the configuration is invalid.
size_t scratchBytes(const DspConfig& config, uint32_t frames, uint32_t axes);

DspStatus compute(const DspConfig& config, const float* window, uint32_t frames, uint32_t axes, float* out,
                  void* scratch, size_t scratchSize);

// Audio framing used by MFE/MFCC (exposed for tests, docs and the GUI):
// frame length/stride in samples (rounded), and the number of frames: 1 when
// the window is shorter than a frame (zero-padded), else
// 1 + (frames - frameLength) / frameStride.
uint32_t audioFrameLength(const DspConfig& config);
uint32_t audioFrameStride(const DspConfig& config);
uint32_t audioFrameCount(const DspConfig& config, uint32_t frames);

}  // namespace mote::dsp

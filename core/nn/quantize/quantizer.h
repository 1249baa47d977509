#pragma once
// Post-training int8 quantization of a float32 Model, as TFLite defines it:
// weights symmetric int8 (per output channel for conv/depthwise, per tensor
// for fully connected, zero point 0); activations asymmetric per-tensor
// int8 from the min/max seen on calibration inputs (range widened to
// include 0); bias int32 with scale input_scale * weight_scale; softmax and
// logistic outputs at 1/256, -128; tanh at 1/128, 0; pooling and reshape
// keep their input's parameters. Input and output tensors become int8.
// Thread-safe (pure).
#include <vector>

#include "common/result.h"
#include "nn/tflite/model.h"

namespace mote::nn {

struct QuantizeOptions {
    // 100 = min/max. Lower values clip outliers: the range covers the
    // given percentile of |value| per tensor (e.g. 99.99).
    double percentile = 100.0;
};

struct QuantizedTensorRange {
    int32_t tensor = 0;
    float min = 0, max = 0;
};

struct QuantizeResult {
    Model model;
    std::vector<QuantizedTensorRange> ranges;  // calibration ranges per activation
};

// calibration: one float vector per sample, each the model input's size.
Result<QuantizeResult> quantizeModel(const Model& floatModel,
                                     const std::vector<std::vector<float>>& calibration,
                                     const QuantizeOptions& options = {});

}  // namespace mote::nn

#pragma once
// The quantization debugger: runs a float model and its int8 quantization
// (same tensor indices, as quantizeModel() produces) side by side on the
// same windows and measures, for every operator output, how far the int8
// tensor (dequantized) is from the float one. The error is cumulative (the
// int8 chain is fed its own int8 activations), which is what a deployed
// model sees; a sudden SNR drop marks the layer the error comes from.
// Thread-safe (pure; creates its own executors).
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "nn/tflite/model.h"

namespace mote::nn {

struct TensorError {
    int opIndex = 0;
    std::string op;          // builtin name
    int32_t tensor = 0;
    std::string tensorName;
    float scale = 0;
    int32_t zeroPoint = 0;
    double floatMin = 0, floatMax = 0;
    double rmse = 0;
    double maxAbsError = 0;
    double snrDb = 0;        // 10*log10(signal / noise energy); kPerfectSnrDb when the error is 0
};

inline constexpr double kPerfectSnrDb = 200.0;

// windows: float inputs, each the float model's input size. The int8
// model's input may be int8 (windows are quantized with its parameters) or
// float32. Errors: models that do not pair up, wrong window sizes.
Result<std::vector<TensorError>> compareLayers(const Model& floatModel, const Model& int8Model,
                                               const std::vector<std::vector<float>>& windows);

}  // namespace mote::nn

#include "nn/quantize/tensor_float.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mote::nn {

int8_t quantizeValue(float x, float scale, int32_t zeroPoint) {
    const long q = std::lround(static_cast<double>(x) / static_cast<double>(scale)) + zeroPoint;
    return static_cast<int8_t>(std::clamp(q, -128L, 127L));
}

Status storeFloats(const Tensor& tensor, std::span<const float> values, uint8_t* dst) {
    if (static_cast<int64_t>(values.size()) != tensor.elements())
        return makeError("tensor '" + tensor.name + "' has " + std::to_string(tensor.elements()) + " values, got " +
                         std::to_string(values.size()));
    if (tensor.type == DType::Float32) {
        std::memcpy(dst, values.data(), values.size() * sizeof(float));
        return {};
    }
    if (tensor.type == DType::Int8 && tensor.quant.quantized()) {
        const float scale = tensor.quant.scale();
        const int32_t zp = tensor.quant.zeroPoint();
        for (size_t i = 0; i < values.size(); ++i)
            dst[i] = static_cast<uint8_t>(quantizeValue(values[i], scale, zp));
        return {};
    }
    return makeError("tensor '" + tensor.name + "' is " + dtypeName(tensor.type) +
                     ": only float32 and quantized int8 tensors can take float values");
}

std::vector<float> loadFloats(const Tensor& tensor, const uint8_t* src) {
    const size_t n = static_cast<size_t>(tensor.elements());
    std::vector<float> out(n);
    if (tensor.type == DType::Float32) {
        std::memcpy(out.data(), src, n * sizeof(float));
    } else if (tensor.type == DType::Int8) {
        const float scale = tensor.quant.quantized() ? tensor.quant.scale() : 1.0f;
        const int32_t zp = tensor.quant.zeroPoint();
        for (size_t i = 0; i < n; ++i)
            out[i] = static_cast<float>(static_cast<int32_t>(static_cast<int8_t>(src[i])) - zp) * scale;
    } else if (tensor.type == DType::Int32) {
        const float scale = tensor.quant.quantized() ? tensor.quant.scale() : 1.0f;
        for (size_t i = 0; i < n; ++i) {
            int32_t v;
            std::memcpy(&v, src + i * 4, 4);
            out[i] = static_cast<float>(v) * scale;
        }
    }
    return out;
}

}  // namespace mote::nn

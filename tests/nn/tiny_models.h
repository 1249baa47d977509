#pragma once
// Small models built in code for tests: a quantized int8 FULLY_CONNECTED
// and a float one, as mote::nn::Model values (the studio's own way of
// producing models, written with the writer).
#include <cstring>
#include <vector>

#include "nn/tflite/model.h"

namespace mote::test {

inline std::vector<uint8_t> int32Bytes(const std::vector<int32_t>& v) {
    std::vector<uint8_t> b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return b;
}

inline std::vector<uint8_t> floatBytes(const std::vector<float>& v) {
    std::vector<uint8_t> b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return b;
}

// input int8 [1,4] -> FC(3 units, ReLU) -> int8 [1,3] -> SOFTMAX -> int8 [1,3].
inline nn::Model tinyInt8Model() {
    nn::Model m;
    auto quant = [](float s, int64_t zp) {
        nn::Quantization q;
        q.scales = {s};
        q.zeroPoints = {zp};
        return q;
    };
    nn::Tensor in{"input", nn::DType::Int8, {1, 4}, quant(0.05f, -3), {}, false};
    nn::Tensor w{"weights", nn::DType::Int8, {3, 4}, quant(0.02f, 0), {}, false};
    w.data = {10, 20, 30, 40, 256 - 50, 60, 256 - 70, 80, 127, 128, 1, 255};
    nn::Tensor b{"bias", nn::DType::Int32, {3}, quant(0.001f, 0), int32Bytes({100, -200, 300}), false};
    nn::Tensor fc{"fc", nn::DType::Int8, {1, 3}, quant(0.03f, -128), {}, false};
    nn::Tensor sm{"probs", nn::DType::Int8, {1, 3}, quant(1.0f / 256, -128), {}, false};
    m.tensors = {in, w, b, fc, sm};
    nn::Operator op1;
    op1.builtin = static_cast<int32_t>(nn::BuiltinOp::FullyConnected);
    op1.inputs = {0, 1, 2};
    op1.outputs = {3};
    op1.options.activation = 1;  // ReLU
    nn::Operator op2;
    op2.builtin = static_cast<int32_t>(nn::BuiltinOp::Softmax);
    op2.inputs = {3};
    op2.outputs = {4};
    m.operators = {op1, op2};
    m.inputs = {0};
    m.outputs = {4};
    return m;
}

// input float [1,2] -> FC(2 units) -> float [1,2].
inline nn::Model tinyFloatModel() {
    nn::Model m;
    nn::Tensor in{"x", nn::DType::Float32, {1, 2}, {}, {}, false};
    nn::Tensor w{"w", nn::DType::Float32, {2, 2}, {}, floatBytes({1.0f, 2.0f, -3.0f, 0.5f}), false};
    nn::Tensor b{"b", nn::DType::Float32, {2}, {}, floatBytes({0.25f, -1.0f}), false};
    nn::Tensor out{"y", nn::DType::Float32, {1, 2}, {}, {}, false};
    m.tensors = {in, w, b, out};
    nn::Operator op;
    op.builtin = static_cast<int32_t>(nn::BuiltinOp::FullyConnected);
    op.inputs = {0, 1, 2};
    op.outputs = {3};
    m.operators = {op};
    m.inputs = {0};
    m.outputs = {3};
    return m;
}

}  // namespace mote::test

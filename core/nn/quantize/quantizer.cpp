#include "nn/quantize/quantizer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "nn/runtime/executor.h"

namespace mote::nn {
namespace {

std::vector<float> floats(const Tensor& t) {
    std::vector<float> v(t.data.size() / 4);
    std::memcpy(v.data(), t.data.data(), v.size() * 4);
    return v;
}

Quantization perTensor(float scale, int32_t zp) {
    Quantization q;
    q.scales = {scale};
    q.zeroPoints = {zp};
    return q;
}

Quantization activationParams(float lo, float hi) {
    lo = std::min(lo, 0.0f);
    hi = std::max(hi, 0.0f);
    float scale = (hi - lo) / 255.0f;
    if (!(scale > 0.0f)) scale = 1.0f / 255.0f;
    long zp = std::lround(-128.0 - static_cast<double>(lo) / static_cast<double>(scale));
    zp = std::clamp(zp, -128L, 127L);
    return perTensor(scale, static_cast<int32_t>(zp));
}

// Symmetric int8 weights; channelDim < 0: per tensor.
void quantizeWeights(Tensor& t, int channelDim) {
    const std::vector<float> w = floats(t);
    const int channels = channelDim < 0 ? 1 : t.shape[static_cast<size_t>(channelDim)];
    // Stride pattern: channel of element i.
    size_t inner = 1;
    if (channelDim >= 0)
        for (size_t d = static_cast<size_t>(channelDim) + 1; d < t.shape.size(); ++d) inner *= static_cast<size_t>(t.shape[d]);
    auto channelOf = [&](size_t i) { return channelDim < 0 ? 0 : static_cast<int>((i / inner) % static_cast<size_t>(channels)); };
    std::vector<float> maxAbs(static_cast<size_t>(channels), 0.0f);
    for (size_t i = 0; i < w.size(); ++i) maxAbs[size_t(channelOf(i))] = std::max(maxAbs[size_t(channelOf(i))], std::fabs(w[i]));
    t.quant = Quantization{};
    for (int c = 0; c < channels; ++c) {
        const float s = maxAbs[size_t(c)] > 0 ? maxAbs[size_t(c)] / 127.0f : 1.0f / 127.0f;
        t.quant.scales.push_back(s);
        t.quant.zeroPoints.push_back(0);
    }
    t.quant.quantizedDimension = channelDim < 0 ? 0 : channelDim;
    t.type = DType::Int8;
    t.data.resize(w.size());
    for (size_t i = 0; i < w.size(); ++i) {
        const long q = std::lround(w[i] / t.quant.scales[size_t(channelOf(i))]);
        t.data[i] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(q, -127L, 127L)));
    }
}

float percentileAbsBound(std::vector<float>& samples, double percentile, bool upper) {
    if (samples.empty()) return 0.0f;
    std::sort(samples.begin(), samples.end());
    const double p = upper ? percentile / 100.0 : 1.0 - percentile / 100.0;
    const size_t idx = std::min(samples.size() - 1, static_cast<size_t>(p * static_cast<double>(samples.size() - 1) + 0.5));
    return samples[idx];
}

}  // namespace

Result<QuantizeResult> quantizeModel(const Model& floatModel, const std::vector<std::vector<float>>& calibration,
                                     const QuantizeOptions& options) {
    if (calibration.empty()) return Error{"quantization needs at least one calibration sample"};
    for (const Tensor& t : floatModel.tensors)
        if (t.type != DType::Float32 && !(t.type == DType::Int32 && t.isConstant()))
            return Error{"tensor '" + t.name + "' is " + dtypeName(t.type) + ": only float32 models can be quantized"};
    if (floatModel.inputs.size() != 1) return Error{"only single-input models can be quantized"};

    // 1. Calibrate: run the float model, record every activation's values.
    auto ex = Executor::create(floatModel);
    if (!ex) return Error{"cannot run the float model for calibration: " + ex.message()};
    auto& e = **ex;
    const size_t nt = floatModel.tensors.size();
    std::vector<float> lo(nt, INFINITY), hi(nt, -INFINITY);
    std::vector<std::vector<float>> samples(options.percentile < 100.0 ? nt : 0);
    auto record = [&](int32_t t) {
        const Tensor& tensor = floatModel.tensors[size_t(t)];
        const float* v = reinterpret_cast<const float*>(e.tensorData(t));
        const size_t n = static_cast<size_t>(tensor.elements());
        for (size_t i = 0; i < n; ++i) {
            lo[size_t(t)] = std::min(lo[size_t(t)], v[i]);
            hi[size_t(t)] = std::max(hi[size_t(t)], v[i]);
        }
        if (!samples.empty()) samples[size_t(t)].insert(samples[size_t(t)].end(), v, v + n);
    };
    const size_t inBytes = e.inputTensor(0).bytes();
    for (size_t s = 0; s < calibration.size(); ++s) {
        if (calibration[s].size() * 4 != inBytes)
            return Error{"calibration sample " + std::to_string(s) + " has " + std::to_string(calibration[s].size()) +
                         " values; the model input needs " + std::to_string(inBytes / 4)};
        std::memcpy(e.inputData(0), calibration[s].data(), inBytes);
        record(floatModel.inputs[0]);
        e.invoke([&](const PreparedOp& op) {
            for (int32_t t : op.outputs) record(t);
        });
    }
    if (!samples.empty())
        for (size_t t = 0; t < nt; ++t)
            if (!samples[t].empty()) {
                lo[t] = percentileAbsBound(samples[t], options.percentile, false);
                hi[t] = percentileAbsBound(samples[t], options.percentile, true);
            }

    // 2. Rewrite: activations int8, weights int8, biases int32.
    QuantizeResult result;
    Model& m = result.model;
    m = floatModel;
    std::vector<bool> done(nt, false);
    for (size_t t = 0; t < nt; ++t)
        if (!m.tensors[t].isConstant() && std::isfinite(lo[t])) {
            m.tensors[t].type = DType::Int8;
            m.tensors[t].quant = activationParams(lo[t], hi[t]);
            result.ranges.push_back({static_cast<int32_t>(t), lo[t], hi[t]});
        }
    for (const Operator& op : m.operators) {
        const auto code = static_cast<BuiltinOp>(op.builtin);
        Tensor& out = m.tensors[size_t(op.outputs[0])];
        switch (code) {
            case BuiltinOp::Softmax:
            case BuiltinOp::Logistic: out.quant = perTensor(1.0f / 256.0f, -128); break;
            case BuiltinOp::Tanh: out.quant = perTensor(1.0f / 128.0f, 0); break;
            case BuiltinOp::AveragePool2D:
            case BuiltinOp::MaxPool2D:
            case BuiltinOp::Reshape: out.quant = m.tensors[size_t(op.inputs[0])].quant; break;
            default: break;
        }
    }
    for (const Operator& op : m.operators) {
        const auto code = static_cast<BuiltinOp>(op.builtin);
        if (code != BuiltinOp::Conv2D && code != BuiltinOp::DepthwiseConv2D && code != BuiltinOp::FullyConnected) continue;
        const Tensor& in = m.tensors[size_t(op.inputs[0])];
        Tensor& w = m.tensors[size_t(op.inputs[1])];
        if (done[size_t(op.inputs[1])]) return Error{"weights shared between layers are not supported"};
        quantizeWeights(w, code == BuiltinOp::Conv2D ? 0 : code == BuiltinOp::DepthwiseConv2D ? 3 : -1);
        done[size_t(op.inputs[1])] = true;
        if (op.inputs.size() > 2 && op.inputs[2] >= 0) {
            Tensor& b = m.tensors[size_t(op.inputs[2])];
            const std::vector<float> bias = floats(b);
            b.type = DType::Int32;
            b.quant = Quantization{};
            std::vector<int32_t> q(bias.size());
            for (size_t c = 0; c < bias.size(); ++c) {
                const float ws = w.quant.scales[w.quant.scales.size() == 1 ? 0 : c];
                const double s = static_cast<double>(in.quant.scale()) * static_cast<double>(ws);
                b.quant.scales.push_back(static_cast<float>(s));
                b.quant.zeroPoints.push_back(0);
                q[c] = static_cast<int32_t>(std::clamp(std::llround(bias[c] / s), -2147483647LL, 2147483647LL));
            }
            std::memcpy(b.data.data(), q.data(), q.size() * 4);
        }
    }
    // 3. Sanity: the int8 model must prepare with Mote's (TFLite-exact) kernels.
    auto check = Executor::create(m);
    if (!check) return Error{"the quantized model is not runnable: " + check.message()};
    return result;
}

}  // namespace mote::nn

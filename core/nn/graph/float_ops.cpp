#include "nn/graph/float_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mote::nn::ops {

std::array<int, 2> convGeometry(int in, int kernel, int stride, Padding padding) {
    if (padding == Padding::Valid) return {in < kernel ? 0 : (in - kernel) / stride + 1, 0};
    const int out = (in + stride - 1) / stride;
    const int total = std::max((out - 1) * stride + kernel - in, 0);
    return {out, total / 2};  // the odd extra pad goes after, as in TensorFlow
}

void applyActivation(std::span<float> values, Activation activation) {
    switch (activation) {
        case Activation::None: return;
        case Activation::Relu:
            for (float& v : values) v = std::max(v, 0.0f);
            return;
        case Activation::Relu6:
            for (float& v : values) v = std::clamp(v, 0.0f, 6.0f);
            return;
        case Activation::Tanh:
            for (float& v : values) v = std::tanh(v);
            return;
        case Activation::Sigmoid:
            for (float& v : values) v = 1.0f / (1.0f + std::exp(-v));
            return;
    }
}

void dense(std::span<const float> input, std::span<const float> kernel, std::span<const float> bias, int inSize,
           int outSize, std::span<float> output) {
    for (int o = 0; o < outSize; ++o) {
        const float* w = kernel.data() + static_cast<size_t>(o) * inSize;
        double acc = bias[o];  // double accumulation: the reference should not drift with layer width
        for (int i = 0; i < inSize; ++i) acc += static_cast<double>(w[i]) * input[i];
        output[o] = static_cast<float>(acc);
    }
}

Geometry2D geometry(const std::vector<int>& in, const std::array<int, 2>& kernel, const std::array<int, 2>& stride,
                    Padding padding, int outC) {
    Geometry2D g{};
    g.inH = in[0];
    g.inW = in[1];
    g.inC = in[2];
    g.kh = kernel[0];
    g.kw = kernel[1];
    g.sh = stride[0];
    g.sw = stride[1];
    const auto h = convGeometry(g.inH, g.kh, g.sh, padding);
    const auto w = convGeometry(g.inW, g.kw, g.sw, padding);
    g.outH = h[0];
    g.padTop = h[1];
    g.outW = w[0];
    g.padLeft = w[1];
    g.outC = outC;
    return g;
}

void conv2d(const Geometry2D& g, std::span<const float> input, std::span<const float> kernel,
            std::span<const float> bias, std::span<float> output) {
    for (int oy = 0; oy < g.outH; ++oy)
        for (int ox = 0; ox < g.outW; ++ox)
            for (int oc = 0; oc < g.outC; ++oc) {
                double acc = bias[oc];
                for (int ky = 0; ky < g.kh; ++ky) {
                    const int iy = oy * g.sh + ky - g.padTop;
                    if (iy < 0 || iy >= g.inH) continue;
                    for (int kx = 0; kx < g.kw; ++kx) {
                        const int ix = ox * g.sw + kx - g.padLeft;
                        if (ix < 0 || ix >= g.inW) continue;
                        const float* in = input.data() + (static_cast<size_t>(iy) * g.inW + ix) * g.inC;
                        const float* w = kernel.data() + ((static_cast<size_t>(oc) * g.kh + ky) * g.kw + kx) * g.inC;
                        for (int ic = 0; ic < g.inC; ++ic) acc += static_cast<double>(in[ic]) * w[ic];
                    }
                }
                output[(static_cast<size_t>(oy) * g.outW + ox) * g.outC + oc] = static_cast<float>(acc);
            }
}

void depthwiseConv2d(const Geometry2D& g, int multiplier, std::span<const float> input,
                     std::span<const float> kernel, std::span<const float> bias, std::span<float> output) {
    for (int oy = 0; oy < g.outH; ++oy)
        for (int ox = 0; ox < g.outW; ++ox)
            for (int oc = 0; oc < g.outC; ++oc) {
                const int ic = oc / multiplier;
                double acc = bias[oc];
                for (int ky = 0; ky < g.kh; ++ky) {
                    const int iy = oy * g.sh + ky - g.padTop;
                    if (iy < 0 || iy >= g.inH) continue;
                    for (int kx = 0; kx < g.kw; ++kx) {
                        const int ix = ox * g.sw + kx - g.padLeft;
                        if (ix < 0 || ix >= g.inW) continue;
                        acc += static_cast<double>(input[(static_cast<size_t>(iy) * g.inW + ix) * g.inC + ic]) *
                               kernel[(static_cast<size_t>(ky) * g.kw + kx) * g.outC + oc];
                    }
                }
                output[(static_cast<size_t>(oy) * g.outW + ox) * g.outC + oc] = static_cast<float>(acc);
            }
}

namespace {
template <bool kMax>
void pool(const Geometry2D& g, std::span<const float> input, std::span<float> output) {
    for (int oy = 0; oy < g.outH; ++oy)
        for (int ox = 0; ox < g.outW; ++ox)
            for (int c = 0; c < g.inC; ++c) {
                double acc = kMax ? -std::numeric_limits<double>::infinity() : 0.0;
                int count = 0;
                for (int ky = 0; ky < g.kh; ++ky) {
                    const int iy = oy * g.sh + ky - g.padTop;
                    if (iy < 0 || iy >= g.inH) continue;
                    for (int kx = 0; kx < g.kw; ++kx) {
                        const int ix = ox * g.sw + kx - g.padLeft;
                        if (ix < 0 || ix >= g.inW) continue;
                        const double v = input[(static_cast<size_t>(iy) * g.inW + ix) * g.inC + c];
                        if (kMax) acc = std::max(acc, v);
                        else acc += v;
                        ++count;
                    }
                }
                if (!kMax) acc = count ? acc / count : 0.0;
                output[(static_cast<size_t>(oy) * g.outW + ox) * g.inC + c] = static_cast<float>(acc);
            }
}
}  // namespace

void maxPool2d(const Geometry2D& g, std::span<const float> input, std::span<float> output) {
    pool<true>(g, input, output);
}
void avgPool2d(const Geometry2D& g, std::span<const float> input, std::span<float> output) {
    pool<false>(g, input, output);
}

void batchNorm(std::span<const float> input, int channels, std::span<const float> gamma,
               std::span<const float> beta, std::span<const float> mean, std::span<const float> var,
               float epsilon, std::span<float> output) {
    for (size_t i = 0; i < input.size(); ++i) {
        const size_t c = i % static_cast<size_t>(channels);
        output[i] = static_cast<float>(gamma[c] * (static_cast<double>(input[i]) - mean[c]) /
                                           std::sqrt(static_cast<double>(var[c]) + epsilon) +
                                       beta[c]);
    }
}

void softmax(std::span<const float> input, std::span<float> output) {
    float maxValue = -std::numeric_limits<float>::infinity();
    for (float v : input) maxValue = std::max(maxValue, v);
    double sum = 0.0;
    for (size_t i = 0; i < input.size(); ++i) {
        const double e = std::exp(static_cast<double>(input[i]) - maxValue);
        output[i] = static_cast<float>(e);
        sum += e;
    }
    for (float& v : output) v = static_cast<float>(v / sum);
}

}  // namespace mote::nn::ops

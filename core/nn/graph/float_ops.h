#pragma once
// Float reference operators on one window (no batch dimension), channels-last.
// They define what the studio means by each layer; the int8 kernels and the
// trainer must agree with them. Shapes are checked by the caller (Graph);
// these functions trust their arguments.
#include <array>
#include <span>
#include <vector>

#include "nn/graph/layer_spec.h"

namespace mote::nn::ops {

// TensorFlow "same"/"valid" padding: returns {output size, padding before}.
std::array<int, 2> convGeometry(int in, int kernel, int stride, Padding padding);

void applyActivation(std::span<float> values, Activation activation);

// input [in], kernel [out, in], bias [out] -> [out]
void dense(std::span<const float> input, std::span<const float> kernel, std::span<const float> bias,
           int inSize, int outSize, std::span<float> output);

struct Geometry2D {
    int inH, inW, inC;
    int outH, outW, outC;
    int kh, kw, sh, sw;
    int padTop, padLeft;
};
Geometry2D geometry(const std::vector<int>& inShape3, const std::array<int, 2>& kernel,
                    const std::array<int, 2>& stride, Padding padding, int outC);

// input [h, w, inC], kernel [outC, kh, kw, inC], bias [outC] -> [outH, outW, outC]
void conv2d(const Geometry2D& g, std::span<const float> input, std::span<const float> kernel,
            std::span<const float> bias, std::span<float> output);
// input [h, w, inC], kernel [1, kh, kw, inC*m], bias [inC*m]; output channel c*m + j reads input channel c.
void depthwiseConv2d(const Geometry2D& g, int multiplier, std::span<const float> input,
                     std::span<const float> kernel, std::span<const float> bias, std::span<float> output);
// Max ignores padding; average divides by the number of real (non-padding) elements, as TFLite does.
void maxPool2d(const Geometry2D& g, std::span<const float> input, std::span<float> output);
void avgPool2d(const Geometry2D& g, std::span<const float> input, std::span<float> output);
// y = gamma * (x - mean) / sqrt(var + eps) + beta over the last dimension.
void batchNorm(std::span<const float> input, int channels, std::span<const float> gamma,
               std::span<const float> beta, std::span<const float> mean, std::span<const float> var,
               float epsilon, std::span<float> output);
void softmax(std::span<const float> input, std::span<float> output);

}  // namespace mote::nn::ops

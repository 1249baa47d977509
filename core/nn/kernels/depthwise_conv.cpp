#include "nn/kernels/depthwise_conv.h"

#include "nn/kernels/fixed_point.h"
#include "nn/kernels/depthwise_conv_optimized.h"  // (also brings its .cpp into library exports)
#include "nn/kernels/optimized.h"

namespace mote::nn::kernels {

void depthwiseConvInt8(const DepthwiseInt8Params& p, const Dims4& in, const int8_t* input,
                       const Dims4& f, const int8_t* filter, const int32_t* bias, const Dims4& out,
                       int8_t* output) {
    if constexpr (kOptimizedKernelsActive)
        depthwiseConvInt8Optimized(p, in, input, f, filter, bias, out, output);
    else
        depthwiseConvInt8Reference(p, in, input, f, filter, bias, out, output);
}

void depthwiseConvInt8Reference(const DepthwiseInt8Params& p, const Dims4& in, const int8_t* input,
                                const Dims4& f, const int8_t* filter, const int32_t* bias, const Dims4& out,
                                int8_t* output) {
    const Window& w = p.window;
    for (int32_t b = 0; b < out.n; ++b) {
        for (int32_t oy = 0; oy < out.h; ++oy) {
            const int32_t inY0 = oy * w.strideH - w.padH;
            for (int32_t ox = 0; ox < out.w; ++ox) {
                const int32_t inX0 = ox * w.strideW - w.padW;
                for (int32_t ic = 0; ic < in.c; ++ic) {
                    for (int32_t m = 0; m < p.depthMultiplier; ++m) {
                        const int32_t oc = m + ic * p.depthMultiplier;
                        int32_t acc = 0;
                        for (int32_t fy = 0; fy < f.h; ++fy) {
                            const int32_t iy = inY0 + w.dilationH * fy;
                            if (iy < 0 || iy >= in.h) continue;
                            for (int32_t fx = 0; fx < f.w; ++fx) {
                                const int32_t ix = inX0 + w.dilationW * fx;
                                if (ix < 0 || ix >= in.w) continue;
                                const int32_t iv = input[((b * in.h + iy) * in.w + ix) * in.c + ic];
                                const int32_t fv = filter[(fy * f.w + fx) * f.c + oc];
                                acc += fv * (iv + p.inputOffset);
                            }
                        }
                        if (bias) acc += bias[oc];
                        acc = multiplyByQuantizedMultiplier(acc, p.multipliers[oc], p.shifts[oc]);
                        acc += p.outputOffset;
                        acc = acc < p.actMin ? p.actMin : (acc > p.actMax ? p.actMax : acc);
                        output[((b * out.h + oy) * out.w + ox) * out.c + oc] = static_cast<int8_t>(acc);
                    }
                }
            }
        }
    }
}

void depthwiseConvFloat(const DepthwiseFloatParams& p, const Dims4& in, const float* input,
                        const Dims4& f, const float* filter, const float* bias, const Dims4& out,
                        float* output) {
    const Window& w = p.window;
    for (int32_t b = 0; b < out.n; ++b) {
        for (int32_t oy = 0; oy < out.h; ++oy) {
            const int32_t inY0 = oy * w.strideH - w.padH;
            for (int32_t ox = 0; ox < out.w; ++ox) {
                const int32_t inX0 = ox * w.strideW - w.padW;
                for (int32_t ic = 0; ic < in.c; ++ic) {
                    for (int32_t m = 0; m < p.depthMultiplier; ++m) {
                        const int32_t oc = m + ic * p.depthMultiplier;
                        float total = 0.0f;
                        for (int32_t fy = 0; fy < f.h; ++fy) {
                            const int32_t iy = inY0 + w.dilationH * fy;
                            if (iy < 0 || iy >= in.h) continue;
                            for (int32_t fx = 0; fx < f.w; ++fx) {
                                const int32_t ix = inX0 + w.dilationW * fx;
                                if (ix < 0 || ix >= in.w) continue;
                                total += input[((b * in.h + iy) * in.w + ix) * in.c + ic] *
                                         filter[(fy * f.w + fx) * f.c + oc];
                            }
                        }
                        const float v = total + (bias ? bias[oc] : 0.0f);
                        output[((b * out.h + oy) * out.w + ox) * out.c + oc] =
                            v < p.actMin ? p.actMin : (v > p.actMax ? p.actMax : v);
                    }
                }
            }
        }
    }
}

}  // namespace mote::nn::kernels

#include "nn/kernels/conv.h"

#include "nn/kernels/fixed_point.h"
#include "nn/kernels/conv_optimized.h"  // (also brings its .cpp into library exports)
#include "nn/kernels/optimized.h"

namespace mote::nn::kernels {

void convInt8(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
              const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    if constexpr (kOptimizedKernelsActive)
        convInt8Optimized(p, in, input, f, filter, bias, out, output);
    else
        convInt8Reference(p, in, input, f, filter, bias, out, output);
}

void convInt8Reference(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                       const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    const Window& w = p.window;
    for (int32_t b = 0; b < out.n; ++b) {
        for (int32_t oy = 0; oy < out.h; ++oy) {
            const int32_t inY0 = oy * w.strideH - w.padH;
            for (int32_t ox = 0; ox < out.w; ++ox) {
                const int32_t inX0 = ox * w.strideW - w.padW;
                for (int32_t oc = 0; oc < out.c; ++oc) {
                    int32_t acc = 0;
                    for (int32_t fy = 0; fy < f.h; ++fy) {
                        const int32_t iy = inY0 + w.dilationH * fy;
                        if (iy < 0 || iy >= in.h) continue;
                        for (int32_t fx = 0; fx < f.w; ++fx) {
                            const int32_t ix = inX0 + w.dilationW * fx;
                            if (ix < 0 || ix >= in.w) continue;
                            const int8_t* inRow = input + ((b * in.h + iy) * in.w + ix) * in.c;
                            const int8_t* fRow = filter + ((oc * f.h + fy) * f.w + fx) * f.c;
                            for (int32_t ic = 0; ic < f.c; ++ic)
                                acc += static_cast<int32_t>(fRow[ic]) *
                                       (static_cast<int32_t>(inRow[ic]) + p.inputOffset);
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

void convFloat(const ConvFloatParams& p, const Dims4& in, const float* input, const Dims4& f,
               const float* filter, const float* bias, const Dims4& out, float* output) {
    const Window& w = p.window;
    for (int32_t b = 0; b < out.n; ++b) {
        for (int32_t oy = 0; oy < out.h; ++oy) {
            const int32_t inY0 = oy * w.strideH - w.padH;
            for (int32_t ox = 0; ox < out.w; ++ox) {
                const int32_t inX0 = ox * w.strideW - w.padW;
                for (int32_t oc = 0; oc < out.c; ++oc) {
                    float total = 0.0f;
                    for (int32_t fy = 0; fy < f.h; ++fy) {
                        const int32_t iy = inY0 + w.dilationH * fy;
                        if (iy < 0 || iy >= in.h) continue;
                        for (int32_t fx = 0; fx < f.w; ++fx) {
                            const int32_t ix = inX0 + w.dilationW * fx;
                            if (ix < 0 || ix >= in.w) continue;
                            const float* inRow = input + ((b * in.h + iy) * in.w + ix) * in.c;
                            const float* fRow = filter + ((oc * f.h + fy) * f.w + fx) * f.c;
                            for (int32_t ic = 0; ic < f.c; ++ic) total += inRow[ic] * fRow[ic];
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

}  // namespace mote::nn::kernels

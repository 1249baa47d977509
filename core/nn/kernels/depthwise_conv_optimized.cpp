// DEPTHWISE_CONV_2D int8, DSP-extension version (see optimized.h). With a
// depth multiplier of 1 the input and filter channels line up, so one word
// load brings 4 channels of a tap; SXTAB16 (plus input offset) and SXTB16
// split them into 16-bit lanes and SMLABB/SMLATT accumulate each channel
// separately. Two horizontally adjacent output pixels share the filter
// words. Other multipliers use the reference loops.
#include "nn/kernels/dot_block.h"
#include "nn/kernels/optimized.h"

namespace mote::nn::kernels {
namespace {

inline void validTaps(int32_t start, int32_t dilation, int32_t taps, int32_t size, int32_t& lo, int32_t& hi) {
    lo = 0;
    while (lo < taps && start + dilation * lo < 0) ++lo;
    hi = taps;
    while (hi > lo && start + dilation * (hi - 1) >= size) --hi;
}

struct DwGeometry {
    const DepthwiseInt8Params* p;
    Dims4 in, f, out;
    const int8_t* input;
    const int8_t* filter;
    const int32_t* bias;
    int8_t* output;
};

template <int P>
void depthwisePixels(const DwGeometry& g, int32_t b, int32_t oy, int32_t ox, int32_t fy0, int32_t fy1, int32_t fx0,
                     int32_t fx1) {
    const DepthwiseInt8Params& p = *g.p;
    const Window& w = p.window;
    const int32_t ch = g.in.c;  // == out.c == f.c (multiplier 1)
    const int32_t inY0 = oy * w.strideH - w.padH;
    const int32_t inX00 = ox * w.strideW - w.padW;
    const int32_t pixelStep = w.strideW * ch;  // second pixel's input, relative to the first
    const uint32_t off2 = dsp::dup16(p.inputOffset);
    int8_t* out0 = g.output + ((b * g.out.h + oy) * g.out.w + ox) * g.out.c;
    int8_t* out1 = out0 + g.out.c;
    auto store = [&](int8_t* out, int32_t c, int32_t acc) {
        out[c] = detail::requantize(acc, g.bias, c, p.multipliers, p.shifts, p.outputOffset, p.actMin, p.actMax);
    };

    int32_t c = 0;
    for (; c + 4 <= ch; c += 4) {
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;  // pixel 0, channels c..c+3
        int32_t b0 = 0, b1 = 0, b2 = 0, b3 = 0;  // pixel 1
        for (int32_t fy = fy0; fy < fy1; ++fy) {
            const int8_t* inRow = g.input + ((b * g.in.h + inY0 + w.dilationH * fy) * g.in.w) * ch + c;
            const int8_t* fRow = g.filter + fy * g.f.w * ch + c;
            for (int32_t fx = fx0; fx < fx1; ++fx) {
                const int8_t* x = inRow + (inX00 + w.dilationW * fx) * ch;
                const uint32_t y = dsp::load4(fRow + fx * ch);
                const uint32_t ya = dsp::sxtb16(y), yb = dsp::sxtb16Ror8(y);  // {c, c+2}, {c+1, c+3}
                const uint32_t x0 = dsp::load4(x);
                const uint32_t x0a = dsp::sxtab16(off2, x0), x0b = dsp::sxtab16Ror8(off2, x0);
                a0 = dsp::smlabb(x0a, ya, a0);
                a2 = dsp::smlatt(x0a, ya, a2);
                a1 = dsp::smlabb(x0b, yb, a1);
                a3 = dsp::smlatt(x0b, yb, a3);
                if constexpr (P == 2) {
                    const uint32_t x1 = dsp::load4(x + pixelStep);
                    const uint32_t x1a = dsp::sxtab16(off2, x1), x1b = dsp::sxtab16Ror8(off2, x1);
                    b0 = dsp::smlabb(x1a, ya, b0);
                    b2 = dsp::smlatt(x1a, ya, b2);
                    b1 = dsp::smlabb(x1b, yb, b1);
                    b3 = dsp::smlatt(x1b, yb, b3);
                }
            }
        }
        store(out0, c, a0);
        store(out0, c + 1, a1);
        store(out0, c + 2, a2);
        store(out0, c + 3, a3);
        if constexpr (P == 2) {
            store(out1, c, b0);
            store(out1, c + 1, b1);
            store(out1, c + 2, b2);
            store(out1, c + 3, b3);
        }
    }
    for (; c < ch; ++c) {  // channel tail: scalar
        int32_t a = 0, bb = 0;
        for (int32_t fy = fy0; fy < fy1; ++fy) {
            const int8_t* inRow = g.input + ((b * g.in.h + inY0 + w.dilationH * fy) * g.in.w) * ch + c;
            const int8_t* fRow = g.filter + fy * g.f.w * ch + c;
            for (int32_t fx = fx0; fx < fx1; ++fx) {
                const int8_t* x = inRow + (inX00 + w.dilationW * fx) * ch;
                const int32_t fv = fRow[fx * ch];
                a += fv * (x[0] + p.inputOffset);
                if constexpr (P == 2) bb += fv * (x[pixelStep] + p.inputOffset);
            }
        }
        store(out0, c, a);
        if constexpr (P == 2) store(out1, c, bb);
    }
}

}  // namespace

void depthwiseConvInt8Optimized(const DepthwiseInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                                const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    if (p.depthMultiplier != 1) {
        depthwiseConvInt8Reference(p, in, input, f, filter, bias, out, output);
        return;
    }
    const DwGeometry g{&p, in, f, out, input, filter, bias, output};
    const Window& w = p.window;
    for (int32_t b = 0; b < out.n; ++b) {
        for (int32_t oy = 0; oy < out.h; ++oy) {
            int32_t fy0, fy1;
            validTaps(oy * w.strideH - w.padH, w.dilationH, f.h, in.h, fy0, fy1);
            int32_t ox = 0;
            while (ox < out.w) {
                int32_t fx0, fx1;
                validTaps(ox * w.strideW - w.padW, w.dilationW, f.w, in.w, fx0, fx1);
                if (ox + 1 < out.w) {
                    int32_t nx0, nx1;
                    validTaps((ox + 1) * w.strideW - w.padW, w.dilationW, f.w, in.w, nx0, nx1);
                    if (nx0 == fx0 && nx1 == fx1) {
                        depthwisePixels<2>(g, b, oy, ox, fy0, fy1, fx0, fx1);
                        ox += 2;
                        continue;
                    }
                }
                depthwisePixels<1>(g, b, oy, ox, fy0, fy1, fx0, fx1);
                ox += 1;
            }
        }
    }
}

}  // namespace mote::nn::kernels

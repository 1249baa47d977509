// DEPTHWISE_CONV_2D int8, DSP-extension version (see optimized.h). With a
// depth multiplier of 1 the input and filter channels line up, so one word
// load brings 4 channels of a tap; SXTAB16 (plus input offset) and SXTB16
// split them into 16-bit lanes and SMLABB/SMLATT accumulate each channel
// separately. Two horizontally adjacent output pixels with the same valid
// taps share the filter words. Other multipliers use the reference loops.
#include "nn/kernels/depthwise_3x3_planar.h"
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

// Everything the pixel loop needs, by value (see RequantLocal on aliasing).
struct DwRun {
    int32_t ch, kw;
    int32_t tapStep;      // input bytes between horizontally adjacent taps
    int32_t rowStep;      // input bytes between vertically adjacent taps
    int32_t pixelStep;    // input bytes between the two pixels of a pair
    int32_t inputOffset;
};

// P output pixels starting at out0; `x` is the input of pixel 0's first
// valid tap (channel 0), `fw` the filter at that tap; taps rows x cols.
// noinline (here and below): inlined into the row loop, the accumulators
// were spilled to the stack inside the tap loop; a function of its own gets
// them all in registers.
template <int P>
__attribute__((noinline)) void depthwisePixels(const DwRun r, const detail::RequantLocal rq, const int8_t* x, const int8_t* fw,
                            int32_t rows, int32_t cols, int8_t* out0) {
    const uint32_t off2 = dsp::dup16(r.inputOffset);
    const int32_t ch = r.ch;
    int8_t* out1 = out0 + ch;
    int32_t c = 0;
    for (; c + 4 <= ch; c += 4) {
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;  // pixel 0, channels c..c+3
        int32_t b0 = 0, b1 = 0, b2 = 0, b3 = 0;  // pixel 1
        const int8_t* xRow = x + c;
        const int8_t* fRow = fw + c;
        for (int32_t fy = 0; fy < rows; ++fy, xRow += r.rowStep, fRow += r.kw * ch) {
            const int8_t* xt = xRow;
            const int8_t* ft = fRow;
            for (int32_t fx = 0; fx < cols; ++fx, xt += r.tapStep, ft += ch) {
                const uint32_t y = dsp::load4(ft);
                const uint32_t ya = dsp::sxtb16(y), yb = dsp::sxtb16Ror8(y);  // {c, c+2}, {c+1, c+3}
                const uint32_t x0 = dsp::load4(xt);
                const uint32_t x0a = dsp::sxtab16(off2, x0), x0b = dsp::sxtab16Ror8(off2, x0);
                a0 = dsp::smlabb(x0a, ya, a0);
                a2 = dsp::smlatt(x0a, ya, a2);
                a1 = dsp::smlabb(x0b, yb, a1);
                a3 = dsp::smlatt(x0b, yb, a3);
                if constexpr (P == 2) {
                    const uint32_t x1 = dsp::load4(xt + r.pixelStep);
                    const uint32_t x1a = dsp::sxtab16(off2, x1), x1b = dsp::sxtab16Ror8(off2, x1);
                    b0 = dsp::smlabb(x1a, ya, b0);
                    b2 = dsp::smlatt(x1a, ya, b2);
                    b1 = dsp::smlabb(x1b, yb, b1);
                    b3 = dsp::smlatt(x1b, yb, b3);
                }
            }
        }
        out0[c] = rq(a0, c);
        out0[c + 1] = rq(a1, c + 1);
        out0[c + 2] = rq(a2, c + 2);
        out0[c + 3] = rq(a3, c + 3);
        if constexpr (P == 2) {
            out1[c] = rq(b0, c);
            out1[c + 1] = rq(b1, c + 1);
            out1[c + 2] = rq(b2, c + 2);
            out1[c + 3] = rq(b3, c + 3);
        }
    }
    for (; c < ch; ++c) {  // channel tail: scalar
        int32_t a = 0, b = 0;
        const int8_t* xRow = x + c;
        const int8_t* fRow = fw + c;
        for (int32_t fy = 0; fy < rows; ++fy, xRow += r.rowStep, fRow += r.kw * ch) {
            for (int32_t fx = 0; fx < cols; ++fx) {
                const int32_t fv = fRow[fx * ch];
                a += fv * (xRow[fx * r.tapStep] + r.inputOffset);
                if constexpr (P == 2) b += fv * (xRow[fx * r.tapStep + r.pixelStep] + r.inputOffset);
            }
        }
        out0[c] = rq(a, c);
        if constexpr (P == 2) out1[c] = rq(b, c);
    }
}

// One output pixel whose KH x KW window lies fully inside the input, with
// the taps unrolled at compile time (3x3 is by far the most common
// depthwise filter): 4 channels per pass, 4 accumulators, no loop counters.
template <int KH, int KW>
__attribute__((noinline)) void depthwiseFullWindow(const DwRun r, const detail::RequantLocal rq, const int8_t* x, const int8_t* fw,
                                int8_t* out) {
    const uint32_t off2 = dsp::dup16(r.inputOffset);
    const int32_t ch = r.ch;
    int32_t c = 0;
    for (; c + 4 <= ch; c += 4) {
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        const int8_t* xt = x + c;
        const int8_t* ft = fw + c;
#pragma GCC unroll 16
        for (int fy = 0; fy < KH; ++fy) {
#pragma GCC unroll 16
            for (int fx = 0; fx < KW; ++fx) {
                const uint32_t y = dsp::load4(ft + (fy * KW + fx) * ch);
                const uint32_t v = dsp::load4(xt + fy * r.rowStep + fx * r.tapStep);
                const uint32_t ya = dsp::sxtb16(y), yb = dsp::sxtb16Ror8(y);
                const uint32_t va = dsp::sxtab16(off2, v), vb = dsp::sxtab16Ror8(off2, v);
                a0 = dsp::smlabb(va, ya, a0);
                a2 = dsp::smlatt(va, ya, a2);
                a1 = dsp::smlabb(vb, yb, a1);
                a3 = dsp::smlatt(vb, yb, a3);
            }
        }
        out[c] = rq(a0, c);
        out[c + 1] = rq(a1, c + 1);
        out[c + 2] = rq(a2, c + 2);
        out[c + 3] = rq(a3, c + 3);
    }
    for (; c < ch; ++c) {  // channel tail: scalar
        int32_t a = 0;
        for (int fy = 0; fy < KH; ++fy)
            for (int fx = 0; fx < KW; ++fx)
                a += fw[(fy * KW + fx) * ch + c] * (x[fy * r.rowStep + fx * r.tapStep + c] + r.inputOffset);
        out[c] = rq(a, c);
    }
}

}  // namespace

void depthwiseConvInt8Optimized(const DepthwiseInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                                const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    if (detail::depthwise3x3Planar(p, in, input, f, filter, bias, out, output)) return;
    if (p.depthMultiplier != 1) {
        depthwiseConvInt8Reference(p, in, input, f, filter, bias, out, output);
        return;
    }
    const Window w = p.window;
    const detail::RequantLocal rq(bias, p.multipliers, p.shifts, true, p.outputOffset, p.actMin, p.actMax);
    const int32_t ch = in.c;
    DwRun r;
    r.ch = ch;
    r.kw = f.w;
    r.tapStep = w.dilationW * ch;
    r.rowStep = w.dilationH * in.w * ch;
    r.pixelStep = w.strideW * ch;
    r.inputOffset = p.inputOffset;
    const int32_t outW = out.w, outH = out.h, inW = in.w, inH = in.h, kh = f.h, kw = f.w;
    for (int32_t b = 0; b < out.n; ++b) {
        for (int32_t oy = 0; oy < outH; ++oy) {
            const int32_t inY0 = oy * w.strideH - w.padH;
            int32_t fy0, fy1;
            validTaps(inY0, w.dilationH, kh, inH, fy0, fy1);
            const int8_t* inRow = input + (b * inH + inY0 + w.dilationH * fy0) * inW * ch;
            int8_t* outRow = output + (b * outH + oy) * outW * ch;
            int32_t ox = 0;
            while (ox < outW) {
                const int32_t inX0 = ox * w.strideW - w.padW;
                int32_t fx0, fx1;
                validTaps(inX0, w.dilationW, kw, inW, fx0, fx1);
                const int8_t* x = inRow + (inX0 + w.dilationW * fx0) * ch;
                const int8_t* fw = filter + (fy0 * kw + fx0) * ch;
                if (kh == 3 && kw == 3 && fy1 - fy0 == 3 && fx1 - fx0 == 3) {
                    depthwiseFullWindow<3, 3>(r, rq, x, fw, outRow + ox * ch);
                    ox += 1;
                    continue;
                }
                if (ox + 1 < outW) {
                    int32_t nx0, nx1;
                    validTaps(inX0 + w.strideW, w.dilationW, kw, inW, nx0, nx1);
                    if (nx0 == fx0 && nx1 == fx1) {
                        depthwisePixels<2>(r, rq, x, fw, fy1 - fy0, fx1 - fx0, outRow + ox * ch);
                        ox += 2;
                        continue;
                    }
                }
                depthwisePixels<1>(r, rq, x, fw, fy1 - fy0, fx1 - fx0, outRow + ox * ch);
                ox += 1;
            }
        }
    }
}

}  // namespace mote::nn::kernels

// CONV_2D int8, DSP-extension version (see optimized.h for the scheme).
#include <type_traits>

#include "nn/kernels/dot_block.h"
#include "nn/kernels/optimized.h"

namespace mote::nn::kernels {
namespace {

// Taps k in [lo, hi) with 0 <= start + dilation*k < size.
inline void validTaps(int32_t start, int32_t dilation, int32_t taps, int32_t size, int32_t& lo, int32_t& hi) {
    lo = 0;
    while (lo < taps && start + dilation * lo < 0) ++lo;
    hi = taps;
    while (hi > lo && start + dilation * (hi - 1) >= size) --hi;
}

struct ConvGeometry {
    const ConvInt8Params* p;
    Dims4 in, f, out;
    const int8_t* input;
    const int8_t* filter;
    const int32_t* bias;
    int8_t* output;
};

// P output pixels (ox, ox+1 when P == 2) of row oy that share the same valid
// tap window [fy0,fy1) x [fx0,fx1); all output channels.
template <int P>
void convPixels(const ConvGeometry& g, int32_t b, int32_t oy, int32_t ox, int32_t fy0, int32_t fy1, int32_t fx0,
                int32_t fx1) {
    const ConvInt8Params& p = *g.p;
    const Window& w = p.window;
    const int32_t cin = g.in.c;
    const int32_t filterSize = g.f.h * g.f.w * g.f.c;
    const int32_t inY0 = oy * w.strideH - w.padH;
    const int32_t inX00 = ox * w.strideW - w.padW;
    const int32_t inX01 = inX00 + w.strideW;
    const bool contiguous = w.dilationW == 1;
    const int32_t runLen = contiguous ? (fx1 - fx0) * cin : cin;
    int8_t* out0 = g.output + ((b * g.out.h + oy) * g.out.w + ox) * g.out.c;
    int8_t* out1 = out0 + g.out.c;

    auto channels = [&](auto cTag, int32_t oc) {
        constexpr int C = decltype(cTag)::value;
        int32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0;
        const int8_t* wBase0 = g.filter + oc * filterSize;
        const int8_t* wBase1 = wBase0 + filterSize;
        for (int32_t fy = fy0; fy < fy1; ++fy) {
            const int32_t iy = inY0 + w.dilationH * fy;
            const int8_t* inRow = g.input + (b * g.in.h + iy) * g.in.w * cin;
            const int32_t wRow = fy * g.f.w * cin;
            if (contiguous) {
                detail::dotBlock<P, C>(inRow + (inX00 + fx0) * cin, inRow + (inX01 + fx0) * cin,
                                       wBase0 + wRow + fx0 * cin, wBase1 + wRow + fx0 * cin, runLen,
                                       p.inputOffset, a00, a01, a10, a11);
            } else {
                for (int32_t fx = fx0; fx < fx1; ++fx) {
                    const int32_t dx = w.dilationW * fx;
                    detail::dotBlock<P, C>(inRow + (inX00 + dx) * cin, inRow + (inX01 + dx) * cin,
                                           wBase0 + wRow + fx * cin, wBase1 + wRow + fx * cin, runLen,
                                           p.inputOffset, a00, a01, a10, a11);
                }
            }
        }
        out0[oc] = detail::requantize(a00, g.bias, oc, p.multipliers, p.shifts, p.outputOffset, p.actMin, p.actMax);
        if constexpr (C == 2)
            out0[oc + 1] =
                detail::requantize(a01, g.bias, oc + 1, p.multipliers, p.shifts, p.outputOffset, p.actMin, p.actMax);
        if constexpr (P == 2) {
            out1[oc] = detail::requantize(a10, g.bias, oc, p.multipliers, p.shifts, p.outputOffset, p.actMin, p.actMax);
            if constexpr (C == 2)
                out1[oc + 1] = detail::requantize(a11, g.bias, oc + 1, p.multipliers, p.shifts, p.outputOffset,
                                                  p.actMin, p.actMax);
        }
    };
    int32_t oc = 0;
    for (; oc + 2 <= g.out.c; oc += 2) channels(std::integral_constant<int, 2>{}, oc);
    if (oc < g.out.c) channels(std::integral_constant<int, 1>{}, oc);
}

}  // namespace

void convInt8Optimized(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                       const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    const ConvGeometry g{&p, in, f, out, input, filter, bias, output};
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
                        convPixels<2>(g, b, oy, ox, fy0, fy1, fx0, fx1);
                        ox += 2;
                        continue;
                    }
                }
                convPixels<1>(g, b, oy, ox, fy0, fy1, fx0, fx1);
                ox += 1;
            }
        }
    }
}

}  // namespace mote::nn::kernels

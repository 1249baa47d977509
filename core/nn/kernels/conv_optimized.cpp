// CONV_2D int8, DSP-extension version (see optimized.h for the scheme).
// 1- or 3-channel 3x3 convs: the planar scheme (depthwise_3x3_planar.h).
// Others: each output pixel's receptive field is one contiguous run of
// KH*KW*Cin bytes - directly in the input for a 1x1 stride-1 unpadded conv
// (pointwise), otherwise gathered for a pair of pixels into a stack buffer
// where padded taps hold the input zero point (so they add exactly nothing,
// as the reference's skipped taps) - and the filter rows are runs of the
// same length: the extended GEMM (gemm_extended.h). Fields over 512 bytes
// (and negative multipliers) use the direct loops below (dot products over
// the valid taps).
#include <cstring>
#include <type_traits>

#include "nn/kernels/depthwise_3x3_planar.h"
#include "nn/kernels/dot_block.h"
#include "nn/kernels/gemm_extended.h"
#include "nn/kernels/conv_optimized.h"

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
    const detail::RequantLocal rq(g.bias, p.multipliers, p.shifts, true, p.outputOffset, p.actMin, p.actMax);

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
        out0[oc] = rq(a00, oc);
        if constexpr (C == 2) out0[oc + 1] = rq(a01, oc + 1);
        if constexpr (P == 2) {
            out1[oc] = rq(a10, oc);
            if constexpr (C == 2) out1[oc + 1] = rq(a11, oc + 1);
        }
    };
    int32_t oc = 0;
    for (; oc + 2 <= g.out.c; oc += 2) channels(std::integral_constant<int, 2>{}, oc);
    if (oc < g.out.c) channels(std::integral_constant<int, 1>{}, oc);
}

void convDirect(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
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



// Short copies/fills of the gather without a library call (newlib-nano's
// memcpy/memset go byte by byte and cost a call per filter row): words,
// then at most 3 bytes.
inline void copyRun(int8_t* dst, const int8_t* src, int32_t n) {
    int32_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint32_t v;
        std::memcpy(&v, src + i, 4);
        // Keeps GCC from turning the loop back into a memcpy call.
        __asm__("" : "+r"(v));
        std::memcpy(dst + i, &v, 4);
    }
    if (n & 2) {
        dst[i] = src[i];
        dst[i + 1] = src[i + 1];
        i += 2;
    }
    if (n & 1) dst[i] = src[i];
}

inline void fillRun(int8_t* dst, int8_t value, int32_t n) {
    const uint32_t v = 0x01010101u * static_cast<uint8_t>(value);
    int32_t i = 0;
    for (; i + 4 <= n; i += 4) std::memcpy(dst + i, &v, 4);
    if (n & 2) {
        dst[i] = value;
        dst[i + 1] = value;
        i += 2;
    }
    if (n & 1) dst[i] = value;
}

// Copies output pixel `pixel`'s receptive field (KH x KW x Cin, filter
// order) to dst; taps outside the input get the zero point.
void gatherPatch(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f, const Dims4& out,
                 int32_t pixel, int8_t zeroPoint, int8_t* dst) {
    const Window& w = p.window;
    const int32_t ox = pixel % out.w;
    const int32_t oy = (pixel / out.w) % out.h;
    const int32_t b = pixel / (out.w * out.h);
    const int32_t cin = in.c;
    const int32_t rowBytes = f.w * cin;
    const int32_t inY0 = oy * w.strideH - w.padH, inX0 = ox * w.strideW - w.padW;
    int32_t fx0, fx1;
    validTaps(inX0, w.dilationW, f.w, in.w, fx0, fx1);
    for (int32_t fy = 0; fy < f.h; ++fy, dst += rowBytes) {
        const int32_t iy = inY0 + w.dilationH * fy;
        if (iy < 0 || iy >= in.h || fx0 >= fx1) {
            fillRun(dst, zeroPoint, rowBytes);
            continue;
        }
        const int8_t* row = input + ((b * in.h + iy) * in.w) * cin;
        if (fx0 > 0) fillRun(dst, zeroPoint, fx0 * cin);
        if (w.dilationW == 1) {
            copyRun(dst + fx0 * cin, row + (inX0 + fx0) * cin, (fx1 - fx0) * cin);
        } else {
            for (int32_t fx = fx0; fx < fx1; ++fx)
                copyRun(dst + fx * cin, row + (inX0 + w.dilationW * fx) * cin, cin);
        }
        if (fx1 < f.w) fillRun(dst + fx1 * cin, zeroPoint, (f.w - fx1) * cin);
    }
}

constexpr int32_t kMaxExtendedPatch = 512;  // receptive field bytes for the extended GEMM
constexpr int32_t kFastChunk = 64;           // output channels whose FastRequant sit on the stack

// The fast path: every channel's requantization fits FastRequant and the
// receptive field fits kMaxExtendedPatch. Per pixel pair the fields are
// (gathered, then) sign-extended once into the interleaved 16-bit form of
// gemm_extended.h, and every output channel pair runs the 17-instruction
// inner loop on it. False (nothing written) when it does not apply.
__attribute__((noinline)) bool convExtended(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                  const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output, bool pointwise) {
    const int32_t patch = f.h * f.w * f.c;
    const int32_t cout = out.c;
    const int32_t zeroPoint = -p.inputOffset;
    if (patch > kMaxExtendedPatch || (!pointwise && (zeroPoint < -128 || zeroPoint > 127))) return false;
    detail::FastRequant q[kFastChunk];
    bool allFast = true;
    for (int32_t c0 = 0; c0 < cout; c0 += kFastChunk) {
        const auto kind = detail::prepareFastRequant(p.multipliers, p.shifts, true, p.outputOffset, c0,
                                                     c0 + kFastChunk < cout ? c0 + kFastChunk : cout, q);
        if (kind == detail::FastRequantKind::kNone) return false;
        allFast = allFast && kind == detail::FastRequantKind::kAllFast;
    }
    alignas(4) int8_t gathered[2 * kMaxExtendedPatch];
    uint32_t extended[detail::extendedWords(kMaxExtendedPatch)];
    const detail::GemmOut o{bias, q, p.actMin, p.actMax, allFast};
    const int32_t pixels = out.n * out.h * out.w;
    // A pixel whose taps all lie inside the input (dilation 1 across) is
    // KH runs of KW*Cin bytes: copied directly; others take gatherPatch
    // (padding taps = zero point).
    const Window& w = p.window;
    const int32_t rowBytes = f.w * in.c, rowStride = w.dilationH * in.w * in.c;
    const int32_t spanH = w.dilationH * (f.h - 1), spanW = f.w - 1;
    auto gather = [&](int32_t pixel, int8_t* dst) {
        const int32_t ox = pixel % out.w, rest = pixel / out.w;
        const int32_t oy = rest % out.h, b = rest / out.h;
        const int32_t iy = oy * w.strideH - w.padH, ix = ox * w.strideW - w.padW;
        if (w.dilationW == 1 && iy >= 0 && ix >= 0 && iy + spanH < in.h && ix + spanW < in.w) {
            const int8_t* src = input + ((b * in.h + iy) * in.w + ix) * in.c;
            for (int32_t fy = 0; fy < f.h; ++fy, src += rowStride, dst += rowBytes) copyRun(dst, src, rowBytes);
        } else {
            gatherPatch(p, in, input, f, out, pixel, static_cast<int8_t>(zeroPoint), dst);
        }
    };
    for (int32_t c0 = 0; c0 < cout; c0 += kFastChunk) {
        const int32_t c1 = c0 + kFastChunk < cout ? c0 + kFastChunk : cout;
        // (One chunk: q still holds it from the check above.)
        if (kFastChunk < cout) detail::prepareFastRequant(p.multipliers, p.shifts, true, p.outputOffset, c0, c1, q);
        for (int32_t px = 0; px < pixels; px += 2) {
            // An odd last pixel is extended twice and stored once.
            const bool pair = px + 1 < pixels;
            const int32_t px1 = pair ? px + 1 : px;
            const int8_t* row0 = input + px * patch;
            const int8_t* row1 = input + px1 * patch;
            if (!pointwise) {
                gather(px, gathered);
                if (pair) gather(px1, gathered + patch);
                row0 = gathered;
                row1 = pair ? gathered + patch : gathered;
            }
            detail::extendPair(row0, row1, patch, p.inputOffset, extended);
            detail::gemmExtendedPair(extended, patch, filter, c0, c1, o, output + px * cout,
                                     pair ? output + px1 * cout : nullptr);
        }
    }
    return true;
}

}  // namespace

void convInt8Optimized(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                       const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    const Window& w = p.window;
    const bool pointwise = f.h == 1 && f.w == 1 && w.strideH == 1 && w.strideW == 1 && w.padH == 0 &&
                           w.padW == 0 && in.h == out.h && in.w == out.w;
    if (detail::conv3x3FewChannelsPlanar(p, in, input, f, filter, bias, out, output)) return;
    if (convExtended(p, in, input, f, filter, bias, out, output, pointwise)) return;
    // Receptive fields over 512 bytes, negative multipliers: dot products
    // over the valid taps, straight from the input.
    convDirect(p, in, input, f, filter, bias, out, output);
}

}  // namespace mote::nn::kernels

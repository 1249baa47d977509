#include "nn/kernels/depthwise_3x3_planar.h"

#include <cstring>

#include "nn/kernels/dsp_ops.h"
#include "nn/kernels/requant_fast.h"

namespace mote::nn::kernels::detail {
namespace {

constexpr int32_t kRingBytes = 2048;  // 3 planar rows x chunk channels x row width x int16
constexpr int32_t kMaxChunk = 32;     // channels per chunk (requant + packed filter on the stack)

struct Layout {
    int32_t ch, inW, inH, padW, padH, stride;
    int32_t rowWidth;  // Wp: int16 per planar row (even)
    int32_t chunk;     // channels per chunk (multiple of 4)
    int32_t inputOffset;
};

// Planar row `iy` of channels [c0, c0 + n) into dst (n rows of Wp int16,
// channel after channel): x + offset, 0 outside the input. Only the input
// columns are written for a row inside the input: the padding columns of
// every slot were zeroed once (a slot only ever holds zeros there).
void buildRows(const Layout& l, const int8_t* inputImage, int32_t iy, int32_t c0, int32_t n, int16_t* dst) {
    const int32_t wp = l.rowWidth;
    if (iy < 0 || iy >= l.inH) {
        std::memset(dst, 0, sizeof(int16_t) * static_cast<size_t>(n * wp));
        return;
    }
    // Input columns that land inside the row.
    int32_t nx = wp - l.padW;
    if (nx > l.inW) nx = l.inW;
    const int8_t* src = inputImage + iy * l.inW * l.ch + c0;
    if (l.ch < 4) {  // the planes of a 1- or 3-channel conv (n == l.ch)
        for (int32_t c = 0; c < n; ++c) {
            int16_t* row = dst + c * wp + l.padW;
            for (int32_t ix = 0; ix < nx; ++ix) row[ix] = static_cast<int16_t>(src[ix * l.ch + c] + l.inputOffset);
        }
        return;
    }
    const uint32_t off2 = dsp::dup16(l.inputOffset);
    const int32_t ch = l.ch;
    for (int32_t cl = 0; cl < n; cl += 4, src += 4) {
        int16_t* p0 = dst + cl * wp + l.padW;
        int16_t* p1 = p0 + wp;
        int16_t* p2 = p1 + wp;
        int16_t* p3 = p2 + wp;
        const int8_t* s = src;
        int32_t ix = 0;
        for (; ix + 2 <= nx; ix += 2, s += 2 * ch) {
            const uint32_t a = dsp::load4(s), b = dsp::load4(s + ch);
            const uint32_t ae = dsp::sxtab16(off2, a), ao = dsp::sxtab16Ror8(off2, a);  // {c0,c2} {c1,c3}
            const uint32_t be = dsp::sxtab16(off2, b), bo = dsp::sxtab16Ror8(off2, b);
            dsp::store2x16(p0 + ix, dsp::pkhLoLo(ae, be));
            dsp::store2x16(p1 + ix, dsp::pkhLoLo(ao, bo));
            dsp::store2x16(p2 + ix, dsp::pkhHiHi(be, ae));
            dsp::store2x16(p3 + ix, dsp::pkhHiHi(bo, ao));
        }
        if (ix < nx) {
            p0[ix] = static_cast<int16_t>(s[0] + l.inputOffset);
            p1[ix] = static_cast<int16_t>(s[1] + l.inputOffset);
            p2[ix] = static_cast<int16_t>(s[2] + l.inputOffset);
            p3[ix] = static_cast<int16_t>(s[3] + l.inputOffset);
        }
    }
}

// Per output channel, constStride words: for each input plane pl and
// filter row k, {w0, w1} and {w1, w2} at 2 * (3 * pl + k); then the bias.
constexpr int32_t kConstWords = kMaxChunk * 7;

// Everything one output row of a channel chunk needs.
struct RowJob {
    const int16_t* rows[3];  // planar rows of the chunk's first channel; channel cl at + cl * wp
    int32_t wp;              // plane stride between channels (0: one plane for all, a one-channel conv)
    int32_t planeGap;        // int16 between the input planes a shared-plane conv sums over
    int32_t n, outW, ch;     // channels, output width, output pixel stride
    const uint32_t* consts;  // channel cl at + cl * constStride
    int32_t constStride;
    const FastRequant* q;
    bool fullRange;
    int32_t actMin, actMax;
    int8_t* out;  // output row at the chunk's first channel
};

// One output row of every channel of the chunk. noinline: one call per
// (row, chunk), with the channel loop inside. kMixed: some channels need the
// literal requantization (a branch per output). CIN: input planes summed
// per output (1, or 3 for an RGB first conv).
template <int S, bool kMixed, int CIN>
__attribute__((noinline)) void chunkRow(const RowJob& job) {
    const int32_t outW = job.outW, ch = job.ch, wp = job.wp;
    const bool fullRange = job.fullRange;
    const int32_t actMin = job.actMin, actMax = job.actMax;
    for (int32_t cl = 0; cl < job.n; ++cl) {
        const int16_t* rows[3] = {job.rows[0] + cl * wp, job.rows[1] + cl * wp, job.rows[2] + cl * wp};
        const uint32_t* cw = job.consts + cl * job.constStride;
        const int32_t bias = static_cast<int32_t>(cw[6 * CIN]);
        const int32_t gap = job.planeGap;
        const FastRequant& q = job.q[cl];
        int8_t* out = job.out + cl;
        auto put = [&](int8_t* o, int32_t acc) {
            const int32_t v = kMixed ? fastRequant(acc, q) : oneMultiplyRequant(acc, q);
            *o = fullRange ? saturateInt8(v) : clampInt8(v, actMin, actMax);
        };
        int32_t x = 0;
        for (; x + 4 <= outW; x += 4, out += 4 * ch) {
            int32_t a0 = bias, a1 = bias, a2 = bias, a3 = bias;
#pragma GCC unroll 9
            for (int kp = 0; kp < 3 * CIN; ++kp) {
                const int k = kp % 3, pl = kp / 3;
                const int16_t* r = rows[k] + pl * gap + S * x;
                const uint32_t w01 = cw[2 * kp], w12 = cw[2 * kp + 1];
                const uint32_t l0 = dsp::load2x16(r), l1 = dsp::load2x16(r + 2), l2 = dsp::load2x16(r + 4);
                if constexpr (S == 1) {
                    a0 = dsp::smlabt(l1, w12, dsp::smlad(l0, w01, a0));
                    a1 = dsp::smlad(l1, w12, dsp::smlatb(l0, w01, a1));
                    a2 = dsp::smlabt(l2, w12, dsp::smlad(l1, w01, a2));
                    a3 = dsp::smlad(l2, w12, dsp::smlatb(l1, w01, a3));
                } else {
                    const uint32_t l3 = dsp::load2x16(r + 6), l4 = dsp::load2x16(r + 8);
                    a0 = dsp::smlabt(l1, w12, dsp::smlad(l0, w01, a0));
                    a1 = dsp::smlabt(l2, w12, dsp::smlad(l1, w01, a1));
                    a2 = dsp::smlabt(l3, w12, dsp::smlad(l2, w01, a2));
                    a3 = dsp::smlabt(l4, w12, dsp::smlad(l3, w01, a3));
                }
            }
            put(out, a0);
            put(out + ch, a1);
            put(out + 2 * ch, a2);
            put(out + 3 * ch, a3);
        }
        if (x + 2 <= outW) {  // a pair: 2 words (stride 1) or 3 (stride 2) per filter row
            int32_t a0 = bias, a1 = bias;
#pragma GCC unroll 9
            for (int kp = 0; kp < 3 * CIN; ++kp) {
                const int k = kp % 3, pl = kp / 3;
                const int16_t* r = rows[k] + pl * gap + S * x;
                const uint32_t w01 = cw[2 * kp], w12 = cw[2 * kp + 1];
                const uint32_t l0 = dsp::load2x16(r), l1 = dsp::load2x16(r + 2);
                if constexpr (S == 1) {
                    a0 = dsp::smlabt(l1, w12, dsp::smlad(l0, w01, a0));
                    a1 = dsp::smlad(l1, w12, dsp::smlatb(l0, w01, a1));
                } else {
                    a0 = dsp::smlabt(l1, w12, dsp::smlad(l0, w01, a0));
                    a1 = dsp::smlabt(dsp::load2x16(r + 4), w12, dsp::smlad(l1, w01, a1));
                }
            }
            put(out, a0);
            put(out + ch, a1);
            x += 2;
            out += 2 * ch;
        }
        if (x < outW) {
            int32_t a = bias;
#pragma GCC unroll 9
            for (int kp = 0; kp < 3 * CIN; ++kp) {
                const int16_t* r = rows[kp % 3] + (kp / 3) * gap + S * x;
                a = dsp::smlabt(dsp::load2x16(r + 2), cw[2 * kp + 1], dsp::smlad(dsp::load2x16(r), cw[2 * kp], a));
            }
            put(out, a);
        }
    }
}

inline uint32_t pack16(int32_t lo, int32_t hi) {
    return static_cast<uint32_t>(static_cast<uint16_t>(lo)) | (static_cast<uint32_t>(static_cast<uint16_t>(hi)) << 16);
}


struct PlanarSpec {
    Dims4 in, out;
    Window window;
    const int8_t* input;
    const int8_t* filter;  // depthwise [1,3,3,C] or one-channel conv [Cout,3,3,1]
    const int32_t* bias;
    const int32_t* multipliers;
    const int32_t* shifts;
    int32_t inputOffset, outputOffset, actMin, actMax;
    bool conv;        // shared planes (1 or 3 input channels): every output channel reads all of them
    bool convFilter;  // filter layout [Cout,3,3,1] (else depthwise [1,3,3,Cout])
    int8_t* output;
};

bool runPlanar(const PlanarSpec& s) {
    const Window& w = s.window;
    if (w.dilationH != 1 || w.dilationW != 1 || w.strideH != w.strideW || (w.strideW != 1 && w.strideW != 2) ||
        w.padW < 0 || w.padH < 0 || w.padW > 2 || w.padH > 2)
        return false;
    Layout l;
    l.ch = s.in.c;
    l.inW = s.in.w;
    l.inH = s.in.h;
    l.padW = w.padW;
    l.padH = w.padH;
    l.stride = w.strideW;
    l.inputOffset = s.inputOffset;
    l.rowWidth = (l.stride * (s.out.w - 1) + 4 + 1) & ~1;
    const int32_t cout = s.out.c, wp = l.rowWidth;
    const int32_t cin = s.conv ? s.in.c : 1;  // planes summed per output
    const int32_t planeBytes = 3 * wp * static_cast<int32_t>(sizeof(int16_t));
    const int32_t constStride = 6 * cin + 1;
    int32_t chunk;
    if (s.conv) {
        if ((cin != 1 && cin != 3) || cin * planeBytes > kRingBytes) return false;
        chunk = cout < kMaxChunk ? cout : kMaxChunk;
        if (chunk * constStride > kConstWords) chunk = kConstWords / constStride;
    } else {
        chunk = kRingBytes / planeBytes;
        chunk = (chunk > kMaxChunk ? kMaxChunk : chunk) & ~3;
        if (chunk > cout) chunk = cout;
        if (chunk < 4) return false;
    }
    l.chunk = chunk;
    FastRequant q[kMaxChunk];
    bool mixed = false;
    for (int32_t c0 = 0; c0 < cout; c0 += chunk) {
        const auto kind = prepareFastRequant(s.multipliers, s.shifts, true, s.outputOffset, c0,
                                             c0 + chunk < cout ? c0 + chunk : cout, q);
        if (kind == FastRequantKind::kNone) return false;
        mixed = mixed || kind == FastRequantKind::kMixed;
    }

    alignas(4) int16_t ring[kRingBytes / sizeof(int16_t)];
    uint32_t consts[kConstWords];
    const bool fullRange = s.actMin == -128 && s.actMax == 127;
    for (int32_t b = 0; b < s.out.n; ++b) {
        const int8_t* image = s.input + b * s.in.h * s.in.w * s.in.c;
        for (int32_t c0 = 0; c0 < cout; c0 += chunk) {
            const int32_t n = c0 + chunk < cout ? chunk : cout - c0;
            const int32_t planes = s.conv ? cin : n;
            // (One chunk: q still holds it from the check above.)
            if (chunk < cout) prepareFastRequant(s.multipliers, s.shifts, true, s.outputOffset, c0, c0 + n, q);
            for (int32_t cl = 0; cl < n; ++cl) {
                const int32_t c = c0 + cl;
                uint32_t* cw = consts + cl * constStride;
                for (int32_t pl = 0; pl < cin; ++pl)
                    for (int k = 0; k < 3; ++k) {
                        int32_t t[3];
                        for (int i = 0; i < 3; ++i)
                            t[i] = s.convFilter ? s.filter[((c * 3 + k) * 3 + i) * cin + pl]
                                                : s.filter[(3 * k + i) * cout + c];
                        cw[2 * (3 * pl + k)] = pack16(t[0], t[1]);
                        cw[2 * (3 * pl + k) + 1] = pack16(t[1], t[2]);
                    }
                cw[6 * cin] = static_cast<uint32_t>(s.bias ? s.bias[c] : 0);
            }
            int32_t slotRow[3] = {INT32_MIN, INT32_MIN, INT32_MIN};
            std::memset(ring, 0, sizeof(int16_t) * static_cast<size_t>(3 * planes * wp));
            for (int32_t oy = 0; oy < s.out.h; ++oy) {
                const int32_t iy0 = oy * w.strideH - l.padH;
                int16_t* rows[3];
                for (int k = 0; k < 3; ++k) {
                    const int32_t iy = iy0 + k;
                    const int32_t slot = (iy + l.padH) % 3;
                    rows[k] = ring + slot * planes * wp;
                    if (slotRow[slot] != iy) {
                        buildRows(l, image, iy, s.conv ? 0 : c0, planes, rows[k]);
                        slotRow[slot] = iy;
                    }
                }
                RowJob job{{rows[0], rows[1], rows[2]},
                           s.conv ? 0 : wp,
                           wp,
                           n,
                           s.out.w,
                           cout,
                           consts,
                           constStride,
                           q,
                           fullRange,
                           s.actMin,
                           s.actMax,
                           s.output + ((b * s.out.h + oy) * s.out.w) * cout + c0};
                if (cin == 3)  // (always the branching requant: one variant less in flash)
                    l.stride == 1 ? chunkRow<1, true, 3>(job) : chunkRow<2, true, 3>(job);
                else if (l.stride == 1)
                    mixed ? chunkRow<1, true, 1>(job) : chunkRow<1, false, 1>(job);
                else
                    mixed ? chunkRow<2, true, 1>(job) : chunkRow<2, false, 1>(job);
            }
        }
    }
    return true;
}

}  // namespace

bool depthwise3x3Planar(const DepthwiseInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                        const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    if (f.h != 3 || f.w != 3 || out.c != in.c * p.depthMultiplier) return false;
    // One input channel (any multiplier: person_detect's first layer) shares
    // one plane; otherwise multiplier 1 with a plane per channel.
    const bool shared = in.c == 1;
    if (!shared && (p.depthMultiplier != 1 || in.c % 4 != 0)) return false;
    const PlanarSpec s{in,       out,           p.window,     input,         filter,
                       bias,     p.multipliers, p.shifts,     p.inputOffset, p.outputOffset,
                       p.actMin, p.actMax,      shared,       false,         output};
    return runPlanar(s);
}

bool conv3x3FewChannelsPlanar(const ConvInt8Params& p, const Dims4& in, const int8_t* input, const Dims4& f,
                              const int8_t* filter, const int32_t* bias, const Dims4& out, int8_t* output) {
    if ((in.c != 1 && in.c != 3) || f.c != in.c || f.h != 3 || f.w != 3) return false;
    const PlanarSpec s{in,       out,           p.window,     input,         filter,
                       bias,     p.multipliers, p.shifts,     p.inputOffset, p.outputOffset,
                       p.actMin, p.actMax,      true,         true,          output};
    return runPlanar(s);
}

}  // namespace mote::nn::kernels::detail

#pragma once
// Random-case equivalence check of the optimized int8 kernels against the
// reference ones: shapes, strides, padding (before and after), dilation,
// depth multiplier, zero points at the extremes, odd channel counts,
// saturating requantization, null bias. Shared by the host gtest
// (optimized_kernels_test.cpp, instructions modelled in C) and the
// Cortex-M4 firmware run under QEMU (m4_exact/, real DSP instructions), so
// it uses no heap and no standard library beyond <cstdint>/<cstring>.
// Not thread-safe: the buffers are static.
#include <cstdint>
#include <cstring>

#include "nn/kernels/conv.h"
#include "nn/kernels/depthwise_conv.h"
#include "nn/kernels/fixed_point.h"
#include "nn/kernels/fully_connected.h"
#include "nn/kernels/optimized.h"
#include "nn/kernels/requant_fast.h"

namespace mote::test::equivalence {

namespace k = mote::nn::kernels;

struct Stats {
    uint32_t cases = 0;
    uint32_t mismatches = 0;
    uint32_t conv = 0, depthwise = 0, fullyConnected = 0, requant = 0;
    uint64_t macs = 0;
    char firstMismatch[200] = {0};  // description of the first failing case
};

class Rng {
public:
    explicit Rng(uint32_t seed) : m_state(seed ? seed : 1u) {}
    uint32_t next() {  // xorshift32
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return m_state;
    }
    int32_t range(int32_t lo, int32_t hi) {  // inclusive
        return lo + static_cast<int32_t>(next() % static_cast<uint32_t>(hi - lo + 1));
    }
    bool chance(int percent) { return range(0, 99) < percent; }

private:
    uint32_t m_state;
};

namespace detail {

constexpr int32_t kMaxInput = 6144, kMaxFilter = 12288, kMaxOutput = 6144, kMaxChannels = 64;
inline int8_t g_input[kMaxInput];
inline int8_t g_filter[kMaxFilter];
inline int32_t g_bias[kMaxChannels];
inline int32_t g_mult[kMaxChannels];
inline int32_t g_shift[kMaxChannels];
inline int8_t g_outRef[kMaxOutput + 16];
inline int8_t g_outOpt[kMaxOutput + 16];

inline void fill(Rng& rng, int8_t* data, int32_t n) {
    for (int32_t i = 0; i < n; ++i) data[i] = static_cast<int8_t>(rng.next() >> 24);
}

// An input zero point, often at an extreme (offset = -zero point).
inline int32_t zeroPoint(Rng& rng) {
    switch (rng.range(0, 3)) {
        case 0: return -128;
        case 1: return 127;
        default: return rng.range(-128, 127);
    }
}

// Per-channel multipliers/shifts spanning tiny to saturating scales.
inline void quantization(Rng& rng, int32_t channels, int32_t accMagnitudeLog2) {
    for (int32_t c = 0; c < channels; ++c) {
        g_mult[c] = rng.range(1 << 30, 0x7fffffff);
        // Output ~ acc * 2^(shift-1); aim around 2^7 with a spread that
        // both saturates and underflows.
        g_shift[c] = rng.range(-(accMagnitudeLog2 - 4), -(accMagnitudeLog2 - 10));
        if (g_shift[c] > 4) g_shift[c] = 4;
        if (g_shift[c] < -31) g_shift[c] = -31;
        g_bias[c] = rng.range(-(1 << 16), 1 << 16);
    }
}

inline int32_t log2Ceil(int64_t v) {
    int32_t n = 0;
    while ((int64_t{1} << n) < v) ++n;
    return n;
}

inline void activation(Rng& rng, int32_t& lo, int32_t& hi) {
    lo = -128;
    hi = 127;
    if (rng.chance(30)) {
        lo = rng.range(-128, 0);
        hi = rng.range(lo, 127);
    }
}

// Records the first failure as "<what> <dims...>".
inline void recordMismatch(Stats& s, const char* what, const int32_t* dims, int dimCount) {
    if (s.mismatches++ != 0) return;
    int len = 0;
    const char* w = what;
    while (*w && len < 40) s.firstMismatch[len++] = *w++;
    for (int d = 0; d < dimCount && len < 180; ++d) {
        char buf[12];
        int bl = 0;
        int32_t v = dims[d];
        bool neg = v < 0;
        uint32_t u = neg ? static_cast<uint32_t>(-static_cast<int64_t>(v)) : static_cast<uint32_t>(v);
        do {
            buf[bl++] = static_cast<char>('0' + u % 10);
            u /= 10;
        } while (u);
        s.firstMismatch[len++] = ' ';
        if (neg) s.firstMismatch[len++] = '-';
        while (bl) s.firstMismatch[len++] = buf[--bl];
    }
    s.firstMismatch[len] = 0;
}

inline bool compare(Stats& s, int32_t n, const char* what, const int32_t* dims, int dimCount) {
    ++s.cases;
    for (int32_t i = 0; i < n; ++i) {
        if (g_outRef[i] != g_outOpt[i]) {
            recordMismatch(s, what, dims, dimCount);
            return false;
        }
    }
    // Nothing beyond the output may be written.
    for (int32_t i = n; i < n + 16; ++i)
        if (g_outOpt[i] != 0x5a) {
            if (s.mismatches++ == 0) std::strcpy(s.firstMismatch, "write past the end of the output");
            return false;
        }
    return true;
}

inline int32_t outSize(int32_t in, int32_t k, int32_t stride, int32_t dilation, int32_t padBefore,
                       int32_t padAfter) {
    const int32_t span = dilation * (k - 1) + 1;
    const int32_t total = in + padBefore + padAfter - span;
    return total < 0 ? 0 : total / stride + 1;
}

struct Geometry {
    k::Dims4 in, f, out;
    k::Window window;
};

// Random spatial geometry with at least one output pixel and buffers in
// bounds; false when the draw does not fit (caller retries).
inline bool geometry(Rng& rng, Geometry& g, int32_t cin, int32_t fc, int32_t cout, bool depthwise,
                     int32_t minKernel = 1) {
    g.in.n = rng.chance(15) ? 2 : 1;
    g.in.h = rng.range(1, 12);
    g.in.w = rng.range(1, 14);
    g.in.c = cin;
    g.f.h = rng.range(minKernel, 5);
    g.f.w = rng.range(minKernel, 5);
    if (rng.chance(20)) {  // pointwise, often the plain-GEMM case
        g.f.h = 1, g.f.w = 1;
    }
    g.f.n = depthwise ? 1 : cout;
    g.f.c = fc;
    k::Window& w = g.window;
    const bool unitStride = rng.chance(35);
    w.strideH = unitStride ? 1 : rng.range(1, 3);
    w.strideW = unitStride ? 1 : rng.range(1, 3);
    w.dilationH = rng.chance(25) ? rng.range(2, 3) : 1;
    w.dilationW = rng.chance(25) ? rng.range(2, 3) : 1;
    w.padH = rng.range(0, g.f.h - 1);
    w.padW = rng.range(0, g.f.w - 1);
    const int32_t padAfterH = rng.range(0, g.f.h - 1), padAfterW = rng.range(0, g.f.w - 1);
    g.out.n = g.in.n;
    g.out.h = outSize(g.in.h, g.f.h, w.strideH, w.dilationH, w.padH, padAfterH);
    g.out.w = outSize(g.in.w, g.f.w, w.strideW, w.dilationW, w.padW, padAfterW);
    g.out.c = cout;
    if (g.out.h < 1 || g.out.w < 1) return false;
    return g.in.elements() <= kMaxInput && g.f.elements() <= kMaxFilter && g.out.elements() <= kMaxOutput;
}

inline void prepareOutputs(int32_t n) {
    std::memset(g_outRef, 0x5a, static_cast<size_t>(n) + 16);
    std::memset(g_outOpt, 0x5a, static_cast<size_t>(n) + 16);
}

inline bool convCase(Rng& rng, Stats& s) {
    // Some receptive fields beyond the optimized conv's 1024-byte gather
    // buffer, so its direct fallback is exercised too.
    const bool wide = rng.chance(12);
    const int32_t cin = wide ? rng.range(41, 64) : (rng.chance(20) ? rng.range(1, 3) : rng.range(1, 40));
    const int32_t cout = rng.range(1, wide ? 5 : 11);
    Geometry g;
    if (!geometry(rng, g, cin, cin, cout, false, wide ? 4 : 1)) return true;
    fill(rng, g_input, g.in.elements());
    fill(rng, g_filter, g.f.elements());
    k::ConvInt8Params p;
    p.window = g.window;
    p.inputOffset = -zeroPoint(rng);
    p.outputOffset = rng.range(-128, 127);
    activation(rng, p.actMin, p.actMax);
    quantization(rng, cout, log2Ceil(int64_t{g.f.h} * g.f.w * cin * 255 * 128));
    p.multipliers = g_mult;
    p.shifts = g_shift;
    const int32_t* bias = rng.chance(85) ? g_bias : nullptr;
    prepareOutputs(g.out.elements());
    k::convInt8Reference(p, g.in, g_input, g.f, g_filter, bias, g.out, g_outRef);
    k::convInt8Optimized(p, g.in, g_input, g.f, g_filter, bias, g.out, g_outOpt);
    ++s.conv;
    s.macs += static_cast<uint64_t>(g.out.elements()) * g.f.h * g.f.w * cin;
    const int32_t dims[] = {g.in.n, g.in.h, g.in.w, cin, cout, g.f.h, g.f.w, p.window.strideH, p.window.strideW,
                            p.window.dilationH, p.window.dilationW, p.window.padH, p.window.padW, p.inputOffset};
    return compare(s, g.out.elements(), "conv n h w cin cout kh kw sh sw dh dw ph pw inoff:", dims, 14);
}

inline bool depthwiseCase(Rng& rng, Stats& s) {
    const int32_t cin = rng.chance(15) ? rng.range(1, 3) : rng.range(1, 40);
    const int32_t multiplier = rng.chance(75) ? 1 : rng.range(2, 3);
    const int32_t cout = cin * multiplier;
    if (cout > kMaxChannels) return true;
    Geometry g;
    if (!geometry(rng, g, cin, cout, cout, true)) return true;
    fill(rng, g_input, g.in.elements());
    fill(rng, g_filter, g.f.elements());
    k::DepthwiseInt8Params p;
    p.window = g.window;
    p.depthMultiplier = multiplier;
    p.inputOffset = -zeroPoint(rng);
    p.outputOffset = rng.range(-128, 127);
    activation(rng, p.actMin, p.actMax);
    quantization(rng, cout, log2Ceil(int64_t{g.f.h} * g.f.w * 255 * 128));
    p.multipliers = g_mult;
    p.shifts = g_shift;
    const int32_t* bias = rng.chance(85) ? g_bias : nullptr;
    prepareOutputs(g.out.elements());
    k::depthwiseConvInt8Reference(p, g.in, g_input, g.f, g_filter, bias, g.out, g_outRef);
    k::depthwiseConvInt8Optimized(p, g.in, g_input, g.f, g_filter, bias, g.out, g_outOpt);
    ++s.depthwise;
    s.macs += static_cast<uint64_t>(g.out.elements()) * g.f.h * g.f.w;
    const int32_t dims[] = {g.in.n, g.in.h, g.in.w, cin, multiplier, g.f.h, g.f.w, p.window.strideH, p.window.strideW,
                            p.window.dilationH, p.window.dilationW, p.window.padH, p.window.padW, p.inputOffset};
    return compare(s, g.out.elements(), "depthwise n h w cin mult kh kw sh sw dh dw ph pw inoff:", dims, 14);
}

// Geometry of a planar-path 3x3 layer: stride 1 or 2 on both axes, padding
// 0..2 before and after, batch 1 or 2; false when it does not fit.
inline bool planarGeometry(Rng& rng, Geometry& g, int32_t cin, int32_t cout, int32_t maxWidth, bool depthwise) {
    g.in.n = rng.chance(15) ? 2 : 1;
    g.in.h = rng.range(1, 12);
    g.in.w = rng.range(1, maxWidth);
    g.in.c = cin;
    if (g.in.elements() > kMaxInput || cout * 9 * cin > kMaxFilter) return false;
    g.f = depthwise ? k::Dims4{1, 3, 3, cout} : k::Dims4{cout, 3, 3, cin};
    k::Window& w = g.window;
    w.strideH = w.strideW = rng.range(1, 2);
    w.padH = rng.range(0, 2);
    w.padW = rng.range(0, 2);
    g.out.n = g.in.n;
    g.out.h = outSize(g.in.h, 3, w.strideH, 1, w.padH, rng.range(0, 2));
    g.out.w = outSize(g.in.w, 3, w.strideW, 1, w.padW, rng.range(0, 2));
    g.out.c = cout;
    return g.out.h >= 1 && g.out.w >= 1 && g.out.elements() <= kMaxOutput;
}

// Random data and quantization of a planar-path layer: input and filter
// bytes, zero points, clamp, per-channel multipliers (sometimes one shift
// outside the one-multiply range), bias or none.
struct LayerDraw {
    int32_t inputOffset, outputOffset, actMin, actMax;
    const int32_t* bias;
};

// Copies a draw into conv or depthwise parameters (same field names).
template <typename Params>
inline void applyDraw(const LayerDraw& d, const k::Window& w, Params& p) {
    p.window = w;
    p.inputOffset = d.inputOffset;
    p.outputOffset = d.outputOffset;
    p.actMin = d.actMin;
    p.actMax = d.actMax;
    p.multipliers = g_mult;
    p.shifts = g_shift;
}

inline LayerDraw drawLayer(Rng& rng, const Geometry& g, int32_t channels, int32_t taps) {
    fill(rng, g_input, g.in.elements());
    fill(rng, g_filter, g.f.elements());
    LayerDraw d;
    d.inputOffset = -zeroPoint(rng);
    d.outputOffset = rng.range(-128, 127);
    activation(rng, d.actMin, d.actMax);
    quantization(rng, channels, log2Ceil(int64_t{taps} * 255 * 128));
    if (rng.chance(10)) g_shift[rng.range(0, channels - 1)] = rng.range(0, 2);
    d.bias = rng.chance(85) ? g_bias : nullptr;
    prepareOutputs(g.out.elements());
    return d;
}

// The planar 3x3 depthwise path (depthwise_3x3_planar.h): 3x3, multiplier
// 1, stride 1 or 2, channels a multiple of 4, rows up to ~60 wide so some
// layers need several channel chunks; sometimes a shift outside the fast
// requantization range (the layer must then take the other path).
inline bool depthwise3x3Case(Rng& rng, Stats& s) {
    Geometry g;
    const int32_t ch = 4 * rng.range(1, 16);
    if (!planarGeometry(rng, g, ch, ch, 60, true)) return true;
    const k::Window& w = g.window;
    const LayerDraw d = drawLayer(rng, g, ch, 9);
    const int32_t* bias = d.bias;
    k::DepthwiseInt8Params p;
    applyDraw(d, w, p);
    k::depthwiseConvInt8Reference(p, g.in, g_input, g.f, g_filter, bias, g.out, g_outRef);
    k::depthwiseConvInt8Optimized(p, g.in, g_input, g.f, g_filter, bias, g.out, g_outOpt);
    ++s.depthwise;
    s.macs += static_cast<uint64_t>(g.out.elements()) * 9;
    const int32_t dims[] = {g.in.n, g.in.h, g.in.w, ch, w.strideW, w.padH, w.padW, g.out.h, g.out.w, p.inputOffset};
    return compare(s, g.out.elements(), "depthwise3x3 n h w c s ph pw oh ow inoff:", dims, 10);
}

// 1- or 3-channel 3x3 conv (grayscale / RGB first layers; the 1-channel one
// also as DEPTHWISE_CONV_2D with depth multiplier = output channels): the
// shared-plane planar path, output channels beyond one chunk (32), rows up
// to ~100 wide.
inline bool convFewChannelsCase(Rng& rng, Stats& s) {
    Geometry g;
    const int32_t cout = rng.range(1, 40);
    const int32_t cin = rng.chance(50) ? 1 : 3;
    if (!planarGeometry(rng, g, cin, cout, 100, false)) return true;
    const k::Window& w = g.window;
    const LayerDraw d = drawLayer(rng, g, cout, 9 * cin);
    const int32_t* bias = d.bias;
    k::ConvInt8Params p;
    applyDraw(d, w, p);
    if (cin == 1 && rng.chance(50)) {  // as a depthwise conv with multiplier cout (filter [1,3,3,cout])
        k::DepthwiseInt8Params dw;
        applyDraw(d, w, dw);
        dw.depthMultiplier = cout;
        const k::Dims4 df{1, 3, 3, cout};
        k::depthwiseConvInt8Reference(dw, g.in, g_input, df, g_filter, bias, g.out, g_outRef);
        k::depthwiseConvInt8Optimized(dw, g.in, g_input, df, g_filter, bias, g.out, g_outOpt);
        ++s.depthwise;
    } else {
        k::convInt8Reference(p, g.in, g_input, g.f, g_filter, bias, g.out, g_outRef);
        k::convInt8Optimized(p, g.in, g_input, g.f, g_filter, bias, g.out, g_outOpt);
        ++s.conv;
    }
    s.macs += static_cast<uint64_t>(g.out.elements()) * 9 * cin;
    const int32_t dims[] = {g.in.n, g.in.h, g.in.w, cin, cout, w.strideW, w.padH, w.padW, g.out.h, g.out.w, p.inputOffset};
    return compare(s, g.out.elements(), "conv few-channel 3x3 n h w cin cout s ph pw oh ow inoff:", dims, 11);
}

inline bool fullyConnectedCase(Rng& rng, Stats& s) {
    const int32_t batches = rng.range(1, 3);
    const int32_t depth = rng.chance(20) ? rng.range(1, 7) : rng.range(1, 300);
    const int32_t units = rng.range(1, 13);
    if (batches * depth > kMaxInput || units * depth > kMaxFilter) return true;
    fill(rng, g_input, batches * depth);
    fill(rng, g_filter, units * depth);
    k::FullyConnectedInt8Params p;
    p.inputOffset = -zeroPoint(rng);
    p.filterOffset = rng.chance(10) ? rng.range(-127, 127) : 0;
    p.outputOffset = rng.range(-128, 127);
    activation(rng, p.actMin, p.actMax);
    p.perChannel = rng.chance(50);
    quantization(rng, units, log2Ceil(int64_t{depth} * 255 * 255));
    p.multipliers = g_mult;
    p.shifts = g_shift;
    const int32_t* bias = rng.chance(85) ? g_bias : nullptr;
    prepareOutputs(batches * units);
    k::fullyConnectedInt8Reference(p, batches, depth, units, g_input, g_filter, bias, g_outRef);
    k::fullyConnectedInt8Optimized(p, batches, depth, units, g_input, g_filter, bias, g_outOpt);
    ++s.fullyConnected;
    s.macs += static_cast<uint64_t>(batches) * depth * units;
    const int32_t dims[] = {batches, depth, units, p.inputOffset, p.filterOffset, p.perChannel ? 1 : 0};
    return compare(s, batches * units, "fully_connected batches depth units inoff woff perch:", dims, 6);
}

}  // namespace detail

// The one-multiply requantization (requant_fast.h) against the literal
// reference sequence: `count` random (accumulator, multiplier, shift,
// offset) draws with extremes mixed in - INT32_MIN/MAX accumulators, m = 0,
// 2^30 (every second value a rounding tie) and INT32_MAX, r = 1, 22 and
// the literal-path shifts (r = 0 with left shifts up to 4, r = 23..31),
// offsets -256/255 and beyond - plus prepareFastRequant's classification.
inline void requantSweep(uint32_t seed, uint32_t count, Stats& stats) {
    Rng rng(seed);
    auto fail = [&](const char* what, int32_t acc, int32_t m, int32_t shift, int32_t off) {
        const int32_t dims[] = {acc, m, shift, off};
        detail::recordMismatch(stats, what, dims, 4);
    };
    for (uint32_t i = 0; i < count; ++i) {
        int32_t m;
        switch (rng.range(0, 7)) {
            case 0: m = 0; break;
            case 1: m = 1 << 30; break;
            case 2: m = k::kInt32Max; break;
            case 3: m = rng.range(0, 1 << 30); break;
            default: m = rng.range(1 << 30, k::kInt32Max); break;
        }
        int32_t shift;
        switch (rng.range(0, 9)) {
            case 0: shift = -1; break;
            case 1: shift = -22; break;
            case 2: shift = rng.range(0, 4); break;     // literal: left shift
            case 3: shift = -rng.range(23, 31); break;  // literal: tiny multiplier
            default: shift = -rng.range(1, 22); break;
        }
        int32_t off;
        switch (rng.range(0, 9)) {
            case 0: off = -256; break;
            case 1: off = 255; break;
            case 2: off = rng.chance(50) ? -300 : 300; break;  // literal path
            default: off = rng.range(-128, 127); break;
        }
        int32_t acc;
        switch (rng.range(0, 9)) {
            case 0: acc = k::kInt32Min; break;
            case 1: acc = k::kInt32Max; break;
            case 2: acc = rng.range(-3, 3); break;
            case 3: acc = static_cast<int32_t>(rng.next()); break;
            default: acc = rng.range(-(1 << 20), 1 << 20); break;
        }
        k::detail::FastRequant q;
        ++stats.cases;
        ++stats.requant;
        const auto kind = k::detail::prepareFastRequant(&m, &shift, true, off, 0, 1, &q);
        const bool fastForm = shift <= -1 && shift >= -22 && off >= -256 && off <= 255;
        if (kind != (fastForm ? k::detail::FastRequantKind::kAllFast : k::detail::FastRequantKind::kMixed)) {
            fail("requant misclassified acc m shift off:", acc, m, shift, off);
            continue;
        }
        const int32_t want = k::wrapAdd(k::multiplyByQuantizedMultiplier(acc, m, shift), off);
        if (k::detail::fastRequant(acc, q) != want) fail("requant acc m shift off:", acc, m, shift, off);
    }
    // A negative multiplier makes the layer fall back to the other kernels.
    const int32_t m = -(1 << 30), shift = -5;
    k::detail::FastRequant q;
    ++stats.cases;
    if (k::detail::prepareFastRequant(&m, &shift, true, 0, 0, 1, &q) != k::detail::FastRequantKind::kNone)
        fail("requant accepted m shift off:", 0, m, shift, 0);
}

// Runs `count` random cases (conv, depthwise, 3x3 depthwise, one-channel conv, fully connected in turn) from
// `seed`; accumulates into `stats`. Deterministic for a seed.
inline void run(uint32_t seed, uint32_t count, Stats& stats) {
    Rng rng(seed);
    for (uint32_t i = 0; i < count; ++i) {
        switch (i % 5) {
            case 0: detail::convCase(rng, stats); break;
            case 1: detail::depthwiseCase(rng, stats); break;
            case 2: detail::depthwise3x3Case(rng, stats); break;
            case 3: detail::convFewChannelsCase(rng, stats); break;
            default: detail::fullyConnectedCase(rng, stats); break;
        }
    }
}

}  // namespace mote::test::equivalence

#include "nn/kernels/gemm_extended.h"

#include "nn/kernels/dsp_ops.h"

namespace mote::nn::kernels::detail {

void extendPair(const int8_t* row0, const int8_t* row1, int32_t len, int32_t inputOffset, uint32_t* dst) {
    const uint32_t off2 = dsp::dup16(inputOffset);
    const int32_t quads = len >> 2;
    for (int32_t n = 0; n < quads; ++n, dst += 4) {
        const uint32_t a = dsp::load4(row0 + 4 * n), b = dsp::load4(row1 + 4 * n);
        dst[0] = dsp::sxtab16(off2, a);
        dst[1] = dsp::sxtab16Ror8(off2, a);
        dst[2] = dsp::sxtab16(off2, b);
        dst[3] = dsp::sxtab16Ror8(off2, b);
    }
    const int32_t tail = len & 3;
    if (tail == 0) return;
    int8_t pad0[4] = {0, 0, 0, 0}, pad1[4] = {0, 0, 0, 0};
    for (int32_t i = 0; i < tail; ++i) {
        pad0[i] = row0[4 * quads + i];
        pad1[i] = row1[4 * quads + i];
    }
    // The padded quad: lanes past the tail hold 0 (not x + offset).
    auto lanes = [&](const int8_t* v, int32_t first) {
        const int32_t lo = first < tail ? v[first] + inputOffset : 0;
        const int32_t hi = first + 2 < tail ? v[first + 2] + inputOffset : 0;
        return static_cast<uint32_t>(static_cast<uint16_t>(lo)) | (static_cast<uint32_t>(static_cast<uint16_t>(hi)) << 16);
    };
    dst[0] = lanes(pad0, 0);
    dst[1] = lanes(pad0, 1);
    dst[2] = lanes(pad1, 0);
    dst[3] = lanes(pad1, 1);
    dst += 4;
    for (int32_t i = 0; i < tail; ++i) {
        dst[i] = static_cast<uint32_t>(pad0[i] + inputOffset);
        dst[tail + i] = static_cast<uint32_t>(pad1[i] + inputOffset);
    }
}

namespace {

constexpr int32_t kShortPairBytes = 64;  // two filter rows + 3 bytes copied for the last pair

// `pairs` column pairs starting at y (filter row of column c; c+1 is `len`
// bytes further), both rows, from the bias (or 0) over `quads` groups of 4
// inputs. q null: the raw accumulators go to acc[4p..4p+3] = {row0 col c,
// row0 col c+1, row1 col c, row1 col c+1}. q set: they are requantized
// (FastRequant, clamped to [-128, 127] only) and stored to out0[2p],
// out0[2p+1], out1[2p], out1[2p+1].
struct PairsJob {
    int32_t quads;        // >= 1
    int32_t pairs;        // >= 1
    const int32_t* bias;  // at column c, or null
    int32_t* acc;
    const FastRequant* q;  // at column c, or null
    int8_t* out0;
    int8_t* out1;
};

#if defined(__ARM_FEATURE_DSP)
// Hand-scheduled (GCC's loop used 5 loads and 2 pointer adds for the input
// words, and a call per column pair): per 4 inputs x 2 rows x 2 columns
// LDM + 2 LDR + 4 SXTB16 + 8 SMLAD + SUBS/BNE = 17 instructions per 16 MACs;
// ~20 per column pair around it. Registers: r0 extended input (LDM needs
// the ascending r4-r7, hence naked asm), r1 weights, r2 = len - 4 (column
// c+1 from the post-incremented r1), r3 count, r8-r11 accumulators; the
// outer-loop state lives in 24 bytes of stack.
__attribute__((naked, noinline)) void pairs2x2(const uint32_t* /*xb*/, const int8_t* /*y*/, int32_t /*len*/,
                                               const PairsJob* /*job*/) {
    __asm__ volatile(
        "push {r4, r5, r6, r7, r8, r9, r10, r11, lr}\n"
        "sub sp, sp, #40\n"
        "ldr r4, [r3, #16]\n"  // q, out0, out1
        "str r4, [sp, #24]\n"
        "ldr r4, [r3, #20]\n"
        "str r4, [sp, #28]\n"
        "ldr r4, [r3, #24]\n"
        "str r4, [sp, #32]\n"
        "ldm r3, {r4, r5, r6, r7}\n"  // quads, pairs, bias, acc
        "str r0, [sp, #0]\n"
        "str r5, [sp, #4]\n"
        "str r6, [sp, #8]\n"
        "str r7, [sp, #12]\n"
        "str r4, [sp, #16]\n"
        "lsl r5, r2, #1\n"
        "sub r5, r5, r4, lsl #2\n"  // 2 len - 4 quads: to the next column pair
        "str r5, [sp, #20]\n"
        "sub r2, r2, #4\n"
        "2:\n"
        "ldr r6, [sp, #8]\n"
        "cbz r6, 3f\n"
        "ldrd r8, r9, [r6], #8\n"
        "str r6, [sp, #8]\n"
        "b 4f\n"
        "3:\n"
        "mov r8, #0\n"
        "mov r9, #0\n"
        "4:\n"
        "mov r10, r8\n"
        "mov r11, r9\n"
        "ldr r0, [sp, #0]\n"
        "ldr r3, [sp, #16]\n"
        "1:\n"
        "ldmia r0!, {r4, r5, r6, r7}\n"
        "ldr r12, [r1], #4\n"
        "sxtb16 lr, r12\n"
        "sxtb16 r12, r12, ror #8\n"
        "smlad r8, r4, lr, r8\n"
        "smlad r8, r5, r12, r8\n"
        "smlad r10, r6, lr, r10\n"
        "smlad r10, r7, r12, r10\n"
        "ldr r12, [r1, r2]\n"
        "sxtb16 lr, r12\n"
        "sxtb16 r12, r12, ror #8\n"
        "smlad r9, r4, lr, r9\n"
        "smlad r9, r5, r12, r9\n"
        "smlad r11, r6, lr, r11\n"
        "smlad r11, r7, r12, r11\n"
        "subs r3, r3, #1\n"
        "bne 1b\n"
        "ldr r3, [sp, #20]\n"
        "add r1, r1, r3\n"
        "ldr r3, [sp, #24]\n"
        "cmp r3, #0\n"
        "beq 5f\n"
        // Requantize: (acc * m + round - [acc < 0] 2^31) >> 32 >> shift, SSAT.
        "ldmia r3!, {r4, r5, r6, r7}\n"  // column c: round lo, hi, m, shift
        "mov r0, r4\n"
        "mov r12, r5\n"
        "smlal r0, r12, r8, r6\n"
        "asr lr, r8, #31\n"
        "adds r0, r0, lr, lsl #31\n"
        "adc r12, r12, lr\n"
        "asr r12, r12, r7\n"
        "ssat r8, #8, r12\n"
        "mov r0, r4\n"
        "mov r12, r5\n"
        "smlal r0, r12, r10, r6\n"
        "asr lr, r10, #31\n"
        "adds r0, r0, lr, lsl #31\n"
        "adc r12, r12, lr\n"
        "asr r12, r12, r7\n"
        "ssat r10, #8, r12\n"
        "ldmia r3!, {r4, r5, r6, r7}\n"  // column c + 1
        "mov r0, r4\n"
        "mov r12, r5\n"
        "smlal r0, r12, r9, r6\n"
        "asr lr, r9, #31\n"
        "adds r0, r0, lr, lsl #31\n"
        "adc r12, r12, lr\n"
        "asr r12, r12, r7\n"
        "ssat r9, #8, r12\n"
        "mov r0, r4\n"
        "mov r12, r5\n"
        "smlal r0, r12, r11, r6\n"
        "asr lr, r11, #31\n"
        "adds r0, r0, lr, lsl #31\n"
        "adc r12, r12, lr\n"
        "asr r12, r12, r7\n"
        "ssat r11, #8, r12\n"
        "str r3, [sp, #24]\n"
        "ldr r3, [sp, #28]\n"
        "strb r8, [r3], #1\n"
        "strb r9, [r3], #1\n"
        "str r3, [sp, #28]\n"
        "ldr r3, [sp, #32]\n"
        "strb r10, [r3], #1\n"
        "strb r11, [r3], #1\n"
        "str r3, [sp, #32]\n"
        "b 6f\n"
        "5:\n"
        "ldr r3, [sp, #12]\n"
        "stmia r3!, {r8, r9, r10, r11}\n"
        "str r3, [sp, #12]\n"
        "6:\n"
        "ldr r3, [sp, #4]\n"
        "subs r3, r3, #1\n"
        "str r3, [sp, #4]\n"
        "bne 2b\n"
        "add sp, sp, #40\n"
        "pop {r4, r5, r6, r7, r8, r9, r10, r11, pc}\n");
}
#else
// The same arithmetic with the instruction models (host).
void pairs2x2(const uint32_t* xb, const int8_t* y, int32_t len, const PairsJob* job) {
    int32_t* acc = job->acc;
    const int32_t* bias = job->bias;
    for (int32_t p = 0; p < job->pairs; ++p, y += 2 * len) {
        int32_t a[4];
        a[0] = a[2] = bias ? bias[2 * p] : 0;
        a[1] = a[3] = bias ? bias[2 * p + 1] : 0;
        const uint32_t* x = xb;
        const int8_t* w = y;
        for (int32_t n = job->quads; n > 0; --n, x += 4, w += 4) {
            const uint32_t y0 = dsp::load4(w), y1 = dsp::load4(w + len);
            const uint32_t y0a = dsp::sxtb16(y0), y0b = dsp::sxtb16Ror8(y0);
            const uint32_t y1a = dsp::sxtb16(y1), y1b = dsp::sxtb16Ror8(y1);
            a[0] = dsp::smlad(x[1], y0b, dsp::smlad(x[0], y0a, a[0]));
            a[2] = dsp::smlad(x[3], y0b, dsp::smlad(x[2], y0a, a[2]));
            a[1] = dsp::smlad(x[1], y1b, dsp::smlad(x[0], y1a, a[1]));
            a[3] = dsp::smlad(x[3], y1b, dsp::smlad(x[2], y1a, a[3]));
        }
        if (job->q) {
            const FastRequant* q = job->q + 2 * p;
            job->out0[2 * p] = saturateInt8(fastRequant(a[0], q[0]));
            job->out0[2 * p + 1] = saturateInt8(fastRequant(a[1], q[1]));
            job->out1[2 * p] = saturateInt8(fastRequant(a[2], q[0]));
            job->out1[2 * p + 1] = saturateInt8(fastRequant(a[3], q[1]));
        } else {
            for (int i = 0; i < 4; ++i) acc[4 * p + i] = a[i];
        }
    }
}
#endif

// One column (the odd last one) for both rows.
void quads2x1(const uint32_t* x, const int8_t* y, int32_t quads, int32_t& a0, int32_t& a1) {
    for (; quads > 0; --quads, x += 4, y += 4) {
        const uint32_t y0 = dsp::load4(y);
        const uint32_t y0a = dsp::sxtb16(y0), y0b = dsp::sxtb16Ror8(y0);
        a0 = dsp::smlad(x[1], y0b, dsp::smlad(x[0], y0a, a0));
        a1 = dsp::smlad(x[3], y0b, dsp::smlad(x[2], y0a, a1));
    }
}

}  // namespace

void gemmExtendedPair(const uint32_t* xb, int32_t len, const int8_t* w, int32_t c0, int32_t c1, const GemmOut& o,
                      int8_t* out0, int8_t* out1) {
    // By value: the int8 stores could alias anything reached by pointer.
    const GemmOut g = o;
    const bool fullRange = g.actMin == -128 && g.actMax == 127;
    const int32_t quads = len >> 2, tail = len & 3;
    const uint32_t* xt = xb + 4 * quads + (tail ? 4 : 0);  // tail words: row 0 then row 1
    auto store = [&](int8_t* out, int32_t c, int32_t acc, const FastRequant& q) {
        const int32_t v = fastRequant(acc, q);
        out[c] = fullRange ? saturateInt8(v) : clampInt8(v, g.actMin, g.actMax);
    };
    // Raw accumulators of all column pairs first (one asm call), then the
    // tail inputs and the requantization.
    const int32_t pairs = (c1 - c0) / 2;
    // With an odd column after them every pair's over-read lands in a row
    // of this call; otherwise the last pair must not read past row c1 - 1.
    const int32_t paddable = ((c1 - c0) & 1) ? pairs : pairs - 1;
    int32_t acc[4 * (kMaxGemmColumns / 2)];
    for (int32_t p0 = 0; p0 < pairs; p0 += kMaxGemmColumns / 2) {
        const int32_t n = pairs - p0 < kMaxGemmColumns / 2 ? pairs - p0 : kMaxGemmColumns / 2;
        const int32_t cBase = c0 + 2 * p0;
        // Pairs [p0, p0 + padded) run over the padded quad too (their
        // weight over-read stays inside the filter: see the header).
        int32_t padded = tail == 0 ? n : paddable - p0;
        padded = padded < 0 ? 0 : (padded > n ? n : padded);
        // Full-range clamp and two rows: requantized and stored inside.
        const bool inside = fullRange && out1 && g.allFast;
        if (padded > 0) {
            const PairsJob job{tail ? quads + 1 : quads, padded, g.bias ? g.bias + cBase : nullptr, acc,
                               inside ? g.q + (cBase - c0) : nullptr, out0 + cBase, out1 ? out1 + cBase : nullptr};
            pairs2x2(xb, w + cBase * len, len, &job);
        }
        if (padded < n && 2 * len + 3 <= kShortPairBytes) {
            // Short rows (first layers: K = 9, 27): the last pair runs the
            // padded quad over a copy of its two filter rows plus 3 zero
            // bytes, instead of the scalar tail.
            const int32_t cLast = cBase + 2 * padded;
            alignas(4) int8_t rows[kShortPairBytes];
            const int8_t* src = w + cLast * len;
            for (int32_t i = 0; i < 2 * len; ++i) rows[i] = src[i];
            rows[2 * len] = rows[2 * len + 1] = rows[2 * len + 2] = 0;
            const PairsJob job{quads + 1, 1, g.bias ? g.bias + cLast : nullptr, acc + 4 * padded,
                               inside ? g.q + (cLast - c0) : nullptr, out0 + cLast, out1 ? out1 + cLast : nullptr};
            pairs2x2(xb, rows, len, &job);
        } else if (padded < n) {  // the last pair: full quads, then the exact scalar tail
            const int32_t cLast = cBase + 2 * padded;
            int32_t* a = acc + 4 * padded;
            if (quads > 0) {
                const PairsJob job{quads, n - padded, g.bias ? g.bias + cLast : nullptr, a, nullptr, nullptr, nullptr};
                pairs2x2(xb, w + cLast * len, len, &job);
            } else {
                a[0] = a[2] = g.bias ? g.bias[cLast] : 0;
                a[1] = a[3] = g.bias ? g.bias[cLast + 1] : 0;
            }
            const int8_t* y = w + cLast * len + 4 * quads;
            for (int32_t i = 0; i < tail; ++i) {
                const int32_t v0 = static_cast<int32_t>(xt[i]), v1 = static_cast<int32_t>(xt[tail + i]);
                a[0] += v0 * y[i];
                a[1] += v0 * y[len + i];
                a[2] += v1 * y[i];
                a[3] += v1 * y[len + i];
            }
        }
        const int32_t requantized = inside ? (padded < n && 2 * len + 3 <= kShortPairBytes ? n : padded) : 0;
        for (int32_t p = requantized; p < n; ++p) {
            const int32_t c = cBase + 2 * p;
            const int32_t* a = acc + 4 * p;
            const FastRequant* q = g.q + (c - c0);
            store(out0, c, a[0], q[0]);
            store(out0, c + 1, a[1], q[1]);
            if (out1) {
                store(out1, c, a[2], q[0]);
                store(out1, c + 1, a[3], q[1]);
            }
        }
    }
    const int32_t c = c0 + 2 * pairs;
    if (c < c1) {
        const int8_t* y = w + c * len;
        int32_t a0 = g.bias ? g.bias[c] : 0, a1 = a0;
        quads2x1(xb, y, quads, a0, a1);
        y += 4 * quads;
        for (int32_t i = 0; i < tail; ++i) {
            a0 += static_cast<int32_t>(xt[i]) * y[i];
            a1 += static_cast<int32_t>(xt[tail + i]) * y[i];
        }
        store(out0, c, a0, g.q[c - c0]);
        if (out1) store(out1, c, a1, g.q[c - c0]);
    }
}

}  // namespace mote::nn::kernels::detail

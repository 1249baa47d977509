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
    for (int32_t i = 0; i < tail; ++i) {
        dst[i] = static_cast<uint32_t>(row0[4 * quads + i] + inputOffset);
        dst[tail + i] = static_cast<uint32_t>(row1[4 * quads + i] + inputOffset);
    }
}

namespace {

#if defined(__ARM_FEATURE_DSP)
// The 2 rows x 2 columns inner loop over `quads` (>= 1) groups of 4 inputs,
// hand-scheduled: GCC's version used 5 loads and 2 pointer adds for the
// input words (21 instructions per 16 MACs, not 17). Registers: r0 extended
// input (LDM needs ascending registers r4-r7, hence naked asm), r1 weights
// of column c, r2 = len - 4 (column c+1 relative to the post-incremented
// r1), r3 count, r8-r11 accumulators {a00, a01, a10, a11} in/out via acc.
__attribute__((naked, noinline)) void quads2x2(const uint32_t* /*x*/, const int8_t* /*y*/, int32_t /*len*/,
                                               int32_t* /*acc*/, int32_t /*quads*/) {
    __asm__ volatile(
        "push {r3, r4, r5, r6, r7, r8, r9, r10, r11, lr}\n"
        "ldm r3, {r8, r9, r10, r11}\n"
        "ldr r3, [sp, #40]\n"
        "sub r2, r2, #4\n"
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
        "pop {r3}\n"
        "stm r3, {r8, r9, r10, r11}\n"
        "pop {r4, r5, r6, r7, r8, r9, r10, r11, pc}\n");
}
#else
// The same arithmetic with the instruction models (host).
void quads2x2(const uint32_t* x, const int8_t* y, int32_t len, int32_t* acc, int32_t quads) {
    for (; quads > 0; --quads, x += 4, y += 4) {
        const uint32_t y0 = dsp::load4(y), y1 = dsp::load4(y + len);
        const uint32_t y0a = dsp::sxtb16(y0), y0b = dsp::sxtb16Ror8(y0);
        const uint32_t y1a = dsp::sxtb16(y1), y1b = dsp::sxtb16Ror8(y1);
        acc[0] = dsp::smlad(x[1], y0b, dsp::smlad(x[0], y0a, acc[0]));
        acc[2] = dsp::smlad(x[3], y0b, dsp::smlad(x[2], y0a, acc[2]));
        acc[1] = dsp::smlad(x[1], y1b, dsp::smlad(x[0], y1a, acc[1]));
        acc[3] = dsp::smlad(x[3], y1b, dsp::smlad(x[2], y1a, acc[3]));
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
    const uint32_t* xt = xb + 4 * quads;  // tail words: row 0 then row 1
    auto store = [&](int8_t* out, int32_t c, int32_t acc, const FastRequant& q) {
        const int32_t v = fastRequant(acc, q);
        out[c] = fullRange ? saturateInt8(v) : clampInt8(v, g.actMin, g.actMax);
    };
    int32_t c = c0;
    for (; c + 2 <= c1; c += 2) {
        const int8_t* y = w + c * len;
        int32_t acc[4] = {0, 0, 0, 0};
        if (g.bias) acc[0] = acc[2] = g.bias[c], acc[1] = acc[3] = g.bias[c + 1];
        if (quads) quads2x2(xb, y, len, acc, quads);
        y += 4 * quads;
        for (int32_t i = 0; i < tail; ++i) {
            const int32_t v0 = static_cast<int32_t>(xt[i]), v1 = static_cast<int32_t>(xt[tail + i]);
            acc[0] += v0 * y[i];
            acc[1] += v0 * y[len + i];
            acc[2] += v1 * y[i];
            acc[3] += v1 * y[len + i];
        }
        const FastRequant* q = g.q + (c - c0);
        store(out0, c, acc[0], q[0]);
        store(out0, c + 1, acc[1], q[1]);
        if (out1) {
            store(out1, c, acc[2], q[0]);
            store(out1, c + 1, acc[3], q[1]);
        }
    }
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

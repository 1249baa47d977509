#include "nn/kernels/gemm_int8.h"

#include "nn/kernels/dot_block.h"
#include "nn/kernels/dsp_ops.h"
#include "nn/kernels/fixed_point.h"

namespace mote::nn::kernels::detail {
void weightOffsetSums(const int8_t* w, int32_t len, int32_t c0, int32_t c1, int32_t inputOffset, int32_t* sums) {
    const uint32_t ones = dsp::dup16(1);
    for (int32_t c = c0; c < c1; ++c) {
        const int8_t* row = w + c * len;
        int32_t s = 0;
        int32_t i = 0;
        for (; i + 4 <= len; i += 4) {
            const uint32_t y = dsp::load4(row + i);
            s = dsp::smlad(dsp::sxtb16(y), ones, s);
            s = dsp::smlad(dsp::sxtb16Ror8(y), ones, s);
        }
        for (; i < len; ++i) s += row[i];
        sums[c - c0] = s * inputOffset;
    }
}

void gemmRowPair(const int8_t* a, int32_t len, const int8_t* w, int32_t c0, int32_t c1, const int32_t* offsetSums,
                 const Requant& q, int8_t* out0, int8_t* out1) {
    const RequantLocal rq(q.bias, q.multipliers, q.shifts, q.perChannel, q.outputOffset, q.actMin, q.actMax);
    const int32_t quads = len >> 2;
    const int32_t tail = len & 3;
    int32_t c = c0;
    for (; c + 2 <= c1; c += 2) {
        const int8_t* x = a;
        const int8_t* y = w + c * len;
        int32_t a00 = offsetSums[c - c0], a01 = offsetSums[c + 1 - c0];
        int32_t a10 = a00, a11 = a01;
        for (int32_t n = quads; n > 0; --n) {
            // Second row / second column sit exactly `len` bytes further.
            const uint32_t y0 = dsp::load4(y), y1 = dsp::load4(y + len);
            y += 4;
            const uint32_t y0a = dsp::sxtb16(y0), y0b = dsp::sxtb16Ror8(y0);
            const uint32_t y1a = dsp::sxtb16(y1), y1b = dsp::sxtb16Ror8(y1);
            const uint32_t x0 = dsp::load4(x), x1 = dsp::load4(x + len);
            x += 4;
            const uint32_t x0a = dsp::sxtb16(x0), x0b = dsp::sxtb16Ror8(x0);
            a00 = dsp::smlad(x0a, y0a, a00);
            a00 = dsp::smlad(x0b, y0b, a00);
            a01 = dsp::smlad(x0a, y1a, a01);
            a01 = dsp::smlad(x0b, y1b, a01);
            const uint32_t x1a = dsp::sxtb16(x1), x1b = dsp::sxtb16Ror8(x1);
            a10 = dsp::smlad(x1a, y0a, a10);
            a10 = dsp::smlad(x1b, y0b, a10);
            a11 = dsp::smlad(x1a, y1a, a11);
            a11 = dsp::smlad(x1b, y1b, a11);
        }
        for (int32_t i = 0; i < tail; ++i) {
            const int32_t x0 = x[i], x1 = x[i + len], y0 = y[i], y1 = y[i + len];
            a00 += x0 * y0;
            a01 += x0 * y1;
            a10 += x1 * y0;
            a11 += x1 * y1;
        }
        out0[c] = rq(a00, c);
        out0[c + 1] = rq(a01, c + 1);
        out1[c] = rq(a10, c);
        out1[c + 1] = rq(a11, c + 1);
    }
    if (c < c1) {
        const int8_t* y = w + c * len;
        int32_t a00 = offsetSums[c - c0], a10 = a00, unused0 = 0, unused1 = 0;
        // Offsets already in the start values: inputOffset 0 here.
        dotBlock<2, 1>(a, a + len, y, y, len, 0, a00, unused0, a10, unused1);
        out0[c] = rq(a00, c);
        out1[c] = rq(a10, c);
    }
}

void gemmRow(const int8_t* a, int32_t len, const int8_t* w, int32_t c0, int32_t c1, int32_t inputOffset,
             const Requant& q, int8_t* out0) {
    const RequantLocal rq(q.bias, q.multipliers, q.shifts, q.perChannel, q.outputOffset, q.actMin, q.actMax);
    int32_t c = c0;
    for (; c + 2 <= c1; c += 2) {
        int32_t a00 = 0, a01 = 0, unused0 = 0, unused1 = 0;
        const int8_t* y = w + c * len;
        dotBlock<1, 2>(a, a, y, y + len, len, inputOffset, a00, a01, unused0, unused1);
        out0[c] = rq(a00, c);
        out0[c + 1] = rq(a01, c + 1);
    }
    if (c < c1) {
        int32_t a00 = 0, unused0 = 0, unused1 = 0, unused2 = 0;
        const int8_t* y = w + c * len;
        dotBlock<1, 1>(a, a, y, y, len, inputOffset, a00, unused0, unused1, unused2);
        out0[c] = rq(a00, c);
    }
}

}  // namespace mote::nn::kernels::detail

#pragma once
// Internal to the optimized kernels: a register-blocked int8 dot product of
// P input runs (P = 1 or 2 output pixels) against C weight runs (C = 1 or 2
// output channels), all of length `len`:
//   accPC += sum_i (inP[i] + inputOffset) * wC[i]
// Four bytes per step with SXTAB16/SXTB16 + SMLAD (see dsp_ops.h), a scalar
// tail for len % 4. Exact integer arithmetic, so the order of the sum does
// not change the result. Header-only; no state.
#include <cstdint>

#include "nn/kernels/dsp_ops.h"
#include "nn/kernels/fixed_point.h"

namespace mote::nn::kernels::detail {

template <int P, int C>
inline void dotBlock(const int8_t* in0, const int8_t* in1, const int8_t* w0, const int8_t* w1, int32_t len,
                     int32_t inputOffset, int32_t& acc00, int32_t& acc01, int32_t& acc10, int32_t& acc11) {
    static_assert(P >= 1 && P <= 2 && C >= 1 && C <= 2, "1 or 2 pixels x 1 or 2 channels");
    const uint32_t off2 = dsp::dup16(inputOffset);
    int32_t a00 = acc00, a01 = acc01, a10 = acc10, a11 = acc11;
    int32_t i = 0;
    for (; i + 4 <= len; i += 4) {
        const uint32_t x0 = dsp::load4(in0 + i);
        const uint32_t x0a = dsp::sxtab16(off2, x0), x0b = dsp::sxtab16Ror8(off2, x0);
        const uint32_t y0 = dsp::load4(w0 + i);
        const uint32_t y0a = dsp::sxtb16(y0), y0b = dsp::sxtb16Ror8(y0);
        a00 = dsp::smlad(x0a, y0a, a00);
        a00 = dsp::smlad(x0b, y0b, a00);
        if constexpr (C == 2) {
            const uint32_t y1 = dsp::load4(w1 + i);
            const uint32_t y1a = dsp::sxtb16(y1), y1b = dsp::sxtb16Ror8(y1);
            a01 = dsp::smlad(x0a, y1a, a01);
            a01 = dsp::smlad(x0b, y1b, a01);
            if constexpr (P == 2) {
                const uint32_t x1 = dsp::load4(in1 + i);
                const uint32_t x1a = dsp::sxtab16(off2, x1), x1b = dsp::sxtab16Ror8(off2, x1);
                a10 = dsp::smlad(x1a, y0a, a10);
                a10 = dsp::smlad(x1b, y0b, a10);
                a11 = dsp::smlad(x1a, y1a, a11);
                a11 = dsp::smlad(x1b, y1b, a11);
            }
        } else if constexpr (P == 2) {
            const uint32_t x1 = dsp::load4(in1 + i);
            const uint32_t x1a = dsp::sxtab16(off2, x1), x1b = dsp::sxtab16Ror8(off2, x1);
            a10 = dsp::smlad(x1a, y0a, a10);
            a10 = dsp::smlad(x1b, y0b, a10);
        }
    }
    for (; i < len; ++i) {
        const int32_t x0 = in0[i] + inputOffset;
        a00 += x0 * w0[i];
        if constexpr (C == 2) a01 += x0 * w1[i];
        if constexpr (P == 2) {
            const int32_t x1 = in1[i] + inputOffset;
            a10 += x1 * w0[i];
            if constexpr (C == 2) a11 += x1 * w1[i];
        }
    }
    acc00 = a00;
    acc01 = a01;
    acc10 = a10;
    acc11 = a11;
}

// Bias, per-channel (or per-tensor) requantization, output offset and
// clamp: the reference's exact sequence. The parameters are copied to
// locals once: the int8 output stores may alias any memory as far as the
// compiler knows, so fields read through a pointer would be reloaded after
// every store.
struct RequantLocal {
    const int32_t* bias;
    const int32_t* multipliers;
    const int32_t* shifts;
    int32_t step, outputOffset, actMin, actMax;
    RequantLocal(const int32_t* bias_, const int32_t* multipliers_, const int32_t* shifts_, bool perChannel,
                 int32_t outputOffset_, int32_t actMin_, int32_t actMax_)
        : bias(bias_), multipliers(multipliers_), shifts(shifts_), step(perChannel ? 1 : 0),
          outputOffset(outputOffset_), actMin(actMin_), actMax(actMax_) {}
    // multiplyByQuantizedMultiplier written without branches on the shift
    // sign (the compiler put the common right-shift case out of line):
    // left shift max(shift, 0), doubling high multiply, rounding right
    // shift max(-shift, 0) with the same mask/threshold rule.
    int8_t operator()(int32_t acc, int32_t c) const {
        if (bias) acc += bias[c];
        const int32_t shift = shifts[c * step];
        const int32_t multiplier = multipliers[c * step];
        const int32_t left = shift > 0 ? shift : 0;
        const int32_t right = left - shift;
        const int32_t x = static_cast<int32_t>(static_cast<uint32_t>(acc) << left);
        int32_t v;
        if (__builtin_expect(x == kInt32Min && multiplier == kInt32Min, 0))
            v = kInt32Max;
        else
            v = static_cast<int32_t>((static_cast<int64_t>(x) * multiplier + (int64_t{1} << 30)) >> 31);
        const int32_t mask = static_cast<int32_t>((uint32_t{1} << right) - 1u);
        const int32_t threshold = (mask >> 1) + static_cast<int32_t>(static_cast<uint32_t>(v) >> 31);
        v = (v >> right) + ((v & mask) > threshold ? 1 : 0);
        v += outputOffset;
        v = v < actMin ? actMin : (v > actMax ? actMax : v);
        return static_cast<int8_t>(v);
    }
};

}  // namespace mote::nn::kernels::detail

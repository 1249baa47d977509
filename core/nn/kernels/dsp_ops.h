#pragma once
// The few Armv7E-M DSP-extension operations the optimized int8 kernels are
// built from. On a core with the DSP extension (__ARM_FEATURE_DSP, e.g.
// Cortex-M4/M7/M33) each is one instruction; elsewhere (the host) each is a
// plain-C model with exactly the instruction's arithmetic, so the optimized
// kernels run - and are tested byte for byte against the reference ones - on
// the host too.
//
// Lane notation: a 32-bit word holds two int16 lanes, lo = bits 0..15,
// hi = bits 16..31; an int8x4 word holds bytes b0 (bits 0..7) .. b3.
// Header-only, no state; safe from any thread.
#include <cstdint>
#include <cstring>

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

namespace mote::nn::kernels::dsp {

// Unaligned 32-bit load of 4 int8 values (LDR; the M4 allows unaligned
// word loads and memcpy compiles to one).
inline uint32_t load4(const int8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

#if defined(__ARM_FEATURE_DSP)

// {lo: b0, hi: b2} sign-extended to int16.
inline uint32_t sxtb16(uint32_t x) { return static_cast<uint32_t>(__sxtb16(static_cast<int32_t>(x))); }
// {lo: b1, hi: b3} sign-extended (SXTB16 with its built-in ROR #8).
inline uint32_t sxtb16Ror8(uint32_t x) {
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}
// {lo: a.lo + b0, hi: a.hi + b2} (sign-extend and add, one instruction).
inline uint32_t sxtab16(uint32_t a, uint32_t x) {
    return static_cast<uint32_t>(__sxtab16(static_cast<int32_t>(a), static_cast<int32_t>(x)));
}
// {lo: a.lo + b1, hi: a.hi + b3}.
inline uint32_t sxtab16Ror8(uint32_t a, uint32_t x) {
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}
// acc + a.lo*b.lo + a.hi*b.hi (dual 16-bit multiply-accumulate).
inline int32_t smlad(uint32_t a, uint32_t b, int32_t acc) {
    return __smlad(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
}
// acc + a.lo*b.lo / acc + a.hi*b.hi.
inline int32_t smlabb(uint32_t a, uint32_t b, int32_t acc) {
    return __smlabb(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
}
inline int32_t smlatt(uint32_t a, uint32_t b, int32_t acc) {
    return __smlatt(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
}
// acc + a.lo*b.hi / acc + a.hi*b.lo.
inline int32_t smlabt(uint32_t a, uint32_t b, int32_t acc) {
    return __smlabt(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
}
inline int32_t smlatb(uint32_t a, uint32_t b, int32_t acc) {
    return __smlatb(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
}
// {lo: a.lo, hi: b.lo} (PKHBT with LSL #16) and {lo: b.hi, hi: a.hi}
// (PKHTB with ASR #16).
inline uint32_t pkhLoLo(uint32_t a, uint32_t b) {
    uint32_t r;
    __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
inline uint32_t pkhHiHi(uint32_t a, uint32_t b) {
    uint32_t r;
    __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

#else  // plain-C models of the same instructions

namespace detail {
inline int32_t lo(uint32_t x) { return static_cast<int16_t>(static_cast<uint16_t>(x & 0xffffu)); }
inline int32_t hi(uint32_t x) { return static_cast<int16_t>(static_cast<uint16_t>(x >> 16)); }
inline int32_t byteAt(uint32_t x, int i) { return static_cast<int8_t>(static_cast<uint8_t>(x >> (8 * i))); }
inline uint32_t pack(int32_t lo16, int32_t hi16) {
    return (static_cast<uint32_t>(static_cast<uint16_t>(lo16))) |
           (static_cast<uint32_t>(static_cast<uint16_t>(hi16)) << 16);
}
// Wrapping int32 add: the instructions wrap (and set Q), they never trap.
inline int32_t add(int32_t a, int64_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
}  // namespace detail

inline uint32_t sxtb16(uint32_t x) { return detail::pack(detail::byteAt(x, 0), detail::byteAt(x, 2)); }
inline uint32_t sxtb16Ror8(uint32_t x) { return detail::pack(detail::byteAt(x, 1), detail::byteAt(x, 3)); }
inline uint32_t sxtab16(uint32_t a, uint32_t x) {
    return detail::pack(detail::lo(a) + detail::byteAt(x, 0), detail::hi(a) + detail::byteAt(x, 2));
}
inline uint32_t sxtab16Ror8(uint32_t a, uint32_t x) {
    return detail::pack(detail::lo(a) + detail::byteAt(x, 1), detail::hi(a) + detail::byteAt(x, 3));
}
inline int32_t smlad(uint32_t a, uint32_t b, int32_t acc) {
    return detail::add(acc, int64_t{detail::lo(a)} * detail::lo(b) + int64_t{detail::hi(a)} * detail::hi(b));
}
inline int32_t smlabb(uint32_t a, uint32_t b, int32_t acc) {
    return detail::add(acc, int64_t{detail::lo(a)} * detail::lo(b));
}
inline int32_t smlatt(uint32_t a, uint32_t b, int32_t acc) {
    return detail::add(acc, int64_t{detail::hi(a)} * detail::hi(b));
}
inline int32_t smlabt(uint32_t a, uint32_t b, int32_t acc) {
    return detail::add(acc, int64_t{detail::lo(a)} * detail::hi(b));
}
inline int32_t smlatb(uint32_t a, uint32_t b, int32_t acc) {
    return detail::add(acc, int64_t{detail::hi(a)} * detail::lo(b));
}
inline uint32_t pkhLoLo(uint32_t a, uint32_t b) { return (a & 0xffffu) | (b << 16); }
inline uint32_t pkhHiHi(uint32_t a, uint32_t b) { return (a & 0xffff0000u) | (b >> 16); }

#endif

// Unaligned 32-bit load/store of two int16 lanes (LDR/STR).
inline uint32_t load2x16(const int16_t* p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store2x16(int16_t* p, uint32_t v) { std::memcpy(p, &v, sizeof v); }

// Both int16 lanes set to v (v must fit int16): the input offset added to
// every sign-extended input byte by sxtab16.
inline uint32_t dup16(int32_t v) {
    const uint32_t h = static_cast<uint16_t>(static_cast<int16_t>(v));
    return h | (h << 16);
}

}  // namespace mote::nn::kernels::dsp

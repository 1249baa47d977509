#pragma once
// RealFft: forward FFT of a real sequence whose length is a power of two.
//
// Written for this project to run on the microcontroller as well as the
// host: no heap (the caller gives the twiddle storage), no recursion, float
// only (the Cortex-M4F has a single-precision FPU), O(N log N).
// Method: the N real samples are viewed as N/2 complex numbers
// z[n] = x[2n] + i x[2n+1], transformed with an iterative radix-2
// decimation-in-time FFT, then split into the N/2+1 bins of the real
// spectrum using X[k] = E[k] + W^k O[k].
//
// Thread safety: after init() the object is read-only; forward() may run
// concurrently on different buffers.
#include <cstddef>
#include <cstdint>

#include "dsp/dsp_status.h"

namespace mote::dsp {

class RealFft {
public:
    // Floats of twiddle storage init() needs for an n-point transform.
    static constexpr size_t twiddleFloats(uint32_t n) { return n; }
    static bool isValidLength(uint32_t n);

    // n: power of two in [kMinFft, kMaxFft] (4 also accepted for tests).
    // twiddles: twiddleFloats(n) floats owned by the caller, alive as long as this object.
    DspStatus init(uint32_t n, float* twiddles);

    uint32_t length() const { return m_n; }

    // in: n real samples; DESTROYED (used as the work buffer).
    // out: n/2 + 1 complex bins interleaved (re, im) = n + 2 floats, unnormalized:
    //      X[k] = sum_t x[t] exp(-2 pi i k t / n).
    void forward(float* in, float* out) const;

    // |X[k]|^2 for k = 0..n/2 from forward()'s output (n/2 + 1 floats).
    static void powerFromComplex(const float* spectrum, uint32_t n, float* power);

private:
    uint32_t m_n = 0;
    const float* m_twiddles = nullptr;  // (cos, -sin)(2 pi k / n), k < n/2
};

}  // namespace mote::dsp

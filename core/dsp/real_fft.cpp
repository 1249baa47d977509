#include "dsp/real_fft.h"

#include <cmath>

#include "dsp/dsp_config.h"

namespace mote::dsp {

bool RealFft::isValidLength(uint32_t n) {
    if (n < 4 || n > kMaxFft)
        return false;
    return (n & (n - 1)) == 0;
}

DspStatus RealFft::init(uint32_t n, float* twiddles) {
    if (!isValidLength(n))
        return DspStatus::kBadFftLength;
    if (twiddles == nullptr)
        return DspStatus::kNullPointer;
    // Double precision for the table (init only) keeps the spectrum within a
    // few float ulps of a double-precision reference even at N = 4096.
    const double step = 2.0 * 3.14159265358979323846 / static_cast<double>(n);
    for (uint32_t k = 0; k < n / 2; ++k) {
        twiddles[2 * k] = static_cast<float>(std::cos(step * k));
        twiddles[2 * k + 1] = static_cast<float>(-std::sin(step * k));
    }
    m_n = n;
    m_twiddles = twiddles;
    return DspStatus::kOk;
}

void RealFft::forward(float* in, float* out) const {
    const uint32_t m = m_n / 2;  // complex points
    float* z = in;               // interleaved complex view of the real input

    // Bit-reversal permutation of the m complex points.
    for (uint32_t i = 0, j = 0; i < m; ++i) {
        if (i < j) {
            float tr = z[2 * i], ti = z[2 * i + 1];
            z[2 * i] = z[2 * j];
            z[2 * i + 1] = z[2 * j + 1];
            z[2 * j] = tr;
            z[2 * j + 1] = ti;
        }
        uint32_t bit = m >> 1;
        while (bit != 0 && (j & bit) != 0) {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
    }

    // Radix-2 butterflies. W_len^j = W_n^(j * n / len), read from the n-point table.
    for (uint32_t len = 2; len <= m; len <<= 1) {
        const uint32_t half = len / 2;
        const uint32_t stride = m_n / len;
        for (uint32_t start = 0; start < m; start += len) {
            for (uint32_t j = 0; j < half; ++j) {
                const float wr = m_twiddles[2 * j * stride];
                const float wi = m_twiddles[2 * j * stride + 1];
                float* a = z + 2 * (start + j);
                float* b = z + 2 * (start + j + half);
                const float vr = b[0] * wr - b[1] * wi;
                const float vi = b[0] * wi + b[1] * wr;
                b[0] = a[0] - vr;
                b[1] = a[1] - vi;
                a[0] += vr;
                a[1] += vi;
            }
        }
    }

    // Split: E[k] = (Z[k] + conj Z[m-k]) / 2 is the spectrum of the even
    // samples, O[k] = (Z[k] - conj Z[m-k]) / 2i of the odd ones.
    out[0] = z[0] + z[1];
    out[1] = 0.0f;
    out[2 * m] = z[0] - z[1];
    out[2 * m + 1] = 0.0f;
    for (uint32_t k = 1; k < m; ++k) {
        const float ar = z[2 * k], ai = z[2 * k + 1];
        const float br = z[2 * (m - k)], bi = -z[2 * (m - k) + 1];
        const float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
        const float dr = ar - br, di = ai - bi;
        const float or_ = 0.5f * di, oi = -0.5f * dr;
        const float wr = m_twiddles[2 * k], wi = m_twiddles[2 * k + 1];
        out[2 * k] = er + (or_ * wr - oi * wi);
        out[2 * k + 1] = ei + (or_ * wi + oi * wr);
    }
}

void RealFft::powerFromComplex(const float* spectrum, uint32_t n, float* power) {
    for (uint32_t k = 0; k <= n / 2; ++k)
        power[k] = spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
}

}  // namespace mote::dsp

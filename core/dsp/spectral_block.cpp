// Spectral block for motion: per axis, optional Butterworth filter, then the
// time-domain statistics and a Welch-averaged power spectrum.
#include <cmath>

#include "dsp/blocks_internal.h"
#include "dsp/butterworth.h"
#include "dsp/real_fft.h"

namespace mote::dsp::detail {
namespace {

constexpr float kPowerFloor = 1e-10f;
constexpr float kTwoPi = 6.28318530717958647692f;

uint32_t featuresPerAxis(const SpectralParams& p) {
    return 3 + (p.mode == SpectralMode::kFftBins ? p.fftLength / 2 : 2 * p.peakCount);
}

float toOutputPower(const SpectralParams& p, float power) {
    return p.logPower ? std::log10(power > kPowerFloor ? power : kPowerFloor) : power;
}

}  // namespace

DspStatus validateSpectral(const DspConfig& config) {
    const SpectralParams& p = config.spectral;
    if (!RealFft::isValidLength(p.fftLength) || p.fftLength < kMinFft)
        return DspStatus::kBadFftLength;
    if (p.filter != FilterType::kNone) {
        if ((p.filter != FilterType::kLowPass && p.filter != FilterType::kHighPass) || p.filterOrder < 1 ||
            p.filterOrder > kMaxFilterOrder || !(p.filterCutoffHz > 0.0f) ||
            !(p.filterCutoffHz < 0.5f * config.sampleRateHz))
            return DspStatus::kBadFilter;
    }
    if (p.mode == SpectralMode::kPeaks) {
        if (p.peakCount < 1 || p.peakCount > p.fftLength / 2)
            return DspStatus::kBadPeakCount;
    } else if (p.mode != SpectralMode::kFftBins) {
        return DspStatus::kBadParameter;
    }
    return DspStatus::kOk;
}

OutputShape spectralShape(const DspConfig& config, uint32_t, uint32_t axes) {
    return OutputShape{1, axes * featuresPerAxis(config.spectral)};
}

size_t spectralScratchFloats(const DspConfig& config, uint32_t frames, uint32_t) {
    const size_t n = config.spectral.fftLength;
    // twiddles + fft input + fft output + power + Hann table + filtered axis
    return RealFft::twiddleFloats(config.spectral.fftLength) + n + (n + 2) + (n / 2 + 1) + n + frames;
}

DspStatus computeSpectral(const DspConfig& config, const float* in, uint32_t frames, uint32_t axes, float* out,
                          float* scratch) {
    const SpectralParams& p = config.spectral;
    const uint32_t n = p.fftLength;
    float* twiddles = scratch;
    float* fftIn = twiddles + RealFft::twiddleFloats(n);
    float* fftOut = fftIn + n;
    float* power = fftOut + n + 2;
    float* hann = power + n / 2 + 1;
    float* x = hann + n;

    RealFft fft;
    DspStatus status = fft.init(n, twiddles);
    if (status != DspStatus::kOk)
        return status;
    Biquad sections[kMaxBiquads];
    uint32_t sectionCount = 0;
    if (p.filter != FilterType::kNone) {
        status = designButterworth(p.filter, p.filterOrder, p.filterCutoffHz, config.sampleRateHz, sections,
                                   &sectionCount);
        if (status != DspStatus::kOk)
            return status;
    }

    // Welch segmentation: segments of L = min(frames, n) samples, hop n/2,
    // periodic Hann of length L, zero-padded to n; incomplete tails dropped.
    const uint32_t segLength = frames < n ? frames : n;
    const uint32_t hop = n / 2;
    const uint32_t segments = frames <= n ? 1 : 1 + (frames - n) / hop;
    float windowEnergy = 0.0f;
    for (uint32_t i = 0; i < segLength; ++i) {
        hann[i] = 0.5f - 0.5f * std::cos(kTwoPi * static_cast<float>(i) / static_cast<float>(segLength));
        windowEnergy += hann[i] * hann[i];
    }
    // A one-frame window has a zero Hann window; treat its spectrum as empty.
    const float powerScale =
        windowEnergy > 0.0f ? 1.0f / (windowEnergy * static_cast<float>(segments)) : 0.0f;

    const uint32_t perAxis = featuresPerAxis(p);
    for (uint32_t a = 0; a < axes; ++a) {
        float* o = out + static_cast<size_t>(a) * perAxis;
        for (uint32_t t = 0; t < frames; ++t)
            x[t] = in[static_cast<size_t>(t) * axes + a] * config.inputScale;
        if (sectionCount > 0)
            filterInPlace(sections, sectionCount, x, frames);

        // Two-pass moments: the mean first, so float sums stay accurate.
        float mean = 0.0f;
        for (uint32_t t = 0; t < frames; ++t)
            mean += x[t];
        mean /= static_cast<float>(frames);
        float m2 = 0.0f, m3 = 0.0f, m4 = 0.0f;
        for (uint32_t t = 0; t < frames; ++t) {
            x[t] -= mean;
            const float d2 = x[t] * x[t];
            m2 += d2;
            m3 += d2 * x[t];
            m4 += d2 * d2;
        }
        const float inv = 1.0f / static_cast<float>(frames);
        m2 *= inv;
        m3 *= inv;
        m4 *= inv;
        const float rms = std::sqrt(m2);
        // Shape statistics of a flat axis are undefined; report 0, not noise / ~0.
        const bool flat = rms <= 1e-6f * (1.0f + std::fabs(mean));
        o[0] = rms;
        o[1] = flat ? 0.0f : m3 / (m2 * rms);
        o[2] = flat ? 0.0f : m4 / (m2 * m2) - 3.0f;

        for (uint32_t k = 0; k <= n / 2; ++k)
            power[k] = 0.0f;
        for (uint32_t s = 0; s < segments; ++s) {
            const float* seg = x + static_cast<size_t>(s) * hop;
            for (uint32_t i = 0; i < segLength; ++i)
                fftIn[i] = seg[i] * hann[i];
            for (uint32_t i = segLength; i < n; ++i)
                fftIn[i] = 0.0f;
            fft.forward(fftIn, fftOut);
            for (uint32_t k = 0; k <= n / 2; ++k)
                power[k] += fftOut[2 * k] * fftOut[2 * k] + fftOut[2 * k + 1] * fftOut[2 * k + 1];
        }
        for (uint32_t k = 0; k <= n / 2; ++k)
            power[k] *= powerScale;

        float* spectral = o + 3;
        if (p.mode == SpectralMode::kFftBins) {
            for (uint32_t k = 1; k <= n / 2; ++k)
                spectral[k - 1] = toOutputPower(p, power[k]);
            continue;
        }
        // Peaks: strongest local maxima among bins 1..n/2-1, strongest first.
        // Chosen peaks are marked by negating their power (powers are >= 0).
        const float binHz = config.sampleRateHz / static_cast<float>(n);
        for (uint32_t i = 0; i < p.peakCount; ++i) {
            uint32_t best = 0;
            float bestPower = 0.0f;
            for (uint32_t k = 1; k < n / 2; ++k) {
                const float left = std::fabs(power[k - 1]);
                const float right = std::fabs(power[k + 1]);
                if (power[k] > bestPower && power[k] > left && power[k] >= right) {
                    best = k;
                    bestPower = power[k];
                }
            }
            if (best == 0) {
                spectral[2 * i] = 0.0f;
                spectral[2 * i + 1] = toOutputPower(p, 0.0f);
                continue;
            }
            spectral[2 * i] = binHz * static_cast<float>(best);
            spectral[2 * i + 1] = toOutputPower(p, bestPower);
            power[best] = -power[best];
        }
    }
    return DspStatus::kOk;
}

}  // namespace mote::dsp::detail

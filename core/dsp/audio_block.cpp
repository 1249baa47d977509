// MFE and MFCC blocks for audio: pre-emphasis, framing, window, power
// spectrum, mel filterbank, then log (MFE: dB with a noise floor; MFCC:
// natural log, DCT-II and optional lifter).
#include <cmath>

#include "dsp/blocks_internal.h"
#include "dsp/mel_filterbank.h"
#include "dsp/real_fft.h"

namespace mote::dsp::detail {
namespace {

constexpr float kEnergyFloor = 1e-10f;
constexpr double kPi = 3.14159265358979323846;

float audioHighHz(const DspConfig& config) {
    return config.audio.highHz > 0.0f ? config.audio.highHz : 0.5f * config.sampleRateHz;
}

uint32_t outputColumns(const DspConfig& config) {
    return config.kind == BlockKind::kMfcc ? config.audio.numCoefficients : config.audio.numFilters;
}

}  // namespace

DspStatus validateAudio(const DspConfig& config, uint32_t axes) {
    const AudioParams& p = config.audio;
    if (axes != 1)
        return DspStatus::kBadAxesForBlock;
    if (!RealFft::isValidLength(p.fftLength) || p.fftLength < kMinFft)
        return DspStatus::kBadFftLength;
    const uint32_t length = audioFrameLength(config);
    if (length == 0 || audioFrameStride(config) == 0 || length > p.fftLength)
        return DspStatus::kBadFrame;
    if (p.numFilters < 2 || p.numFilters > kMaxMelFilters)
        return DspStatus::kBadFilterCount;
    const float high = audioHighHz(config);
    if (!(p.lowHz >= 0.0f) || !(high > p.lowHz) || high > 0.5f * config.sampleRateHz)
        return DspStatus::kBadFrequencyRange;
    if (!(p.preEmphasis >= 0.0f && p.preEmphasis < 1.0f))
        return DspStatus::kBadParameter;
    if (p.window != FrameWindow::kRectangular && p.window != FrameWindow::kHamming && p.window != FrameWindow::kHann)
        return DspStatus::kBadParameter;
    if (config.kind == BlockKind::kMfe && !(p.noiseFloorDb < 0.0f && p.noiseFloorDb > -1000.0f))
        return DspStatus::kBadParameter;
    if (config.kind == BlockKind::kMfcc) {
        if (p.numCoefficients < 1 || p.numCoefficients > p.numFilters)
            return DspStatus::kBadCoefficientCount;
        if (!(p.lifter >= 0.0f) || !std::isfinite(p.lifter))
            return DspStatus::kBadParameter;
    }
    return DspStatus::kOk;
}

OutputShape audioShape(const DspConfig& config, uint32_t frames) {
    return OutputShape{audioFrameCount(config, frames), outputColumns(config)};
}

size_t audioScratchFloats(const DspConfig& config) {
    const AudioParams& p = config.audio;
    const size_t n = p.fftLength;
    size_t floats = RealFft::twiddleFloats(p.fftLength) + n + (n + 2) + (n / 2 + 1);  // fft + power
    floats += MelFilterbank::storageFloats(p.fftLength, p.numFilters) + p.numFilters;  // bank + energies
    floats += audioFrameLength(config);                                                // window table
    if (config.kind == BlockKind::kMfcc)
        floats += static_cast<size_t>(p.numCoefficients) * p.numFilters;  // DCT table
    return floats;
}

DspStatus computeAudio(const DspConfig& config, const float* in, uint32_t frames, float* out, float* scratch) {
    const AudioParams& p = config.audio;
    const uint32_t n = p.fftLength;
    const uint32_t length = audioFrameLength(config);
    const uint32_t stride = audioFrameStride(config);
    const uint32_t count = audioFrameCount(config, frames);
    const uint32_t filters = p.numFilters;

    float* twiddles = scratch;
    float* fftIn = twiddles + RealFft::twiddleFloats(n);
    float* fftOut = fftIn + n;
    float* power = fftOut + n + 2;
    float* bankStorage = power + n / 2 + 1;
    float* energies = bankStorage + MelFilterbank::storageFloats(n, filters);
    float* window = energies + filters;
    float* dct = window + length;

    RealFft fft;
    DspStatus status = fft.init(n, twiddles);
    if (status != DspStatus::kOk)
        return status;
    MelFilterbank bank;
    status = bank.init(config.sampleRateHz, n, filters, p.lowHz, audioHighHz(config), bankStorage);
    if (status != DspStatus::kOk)
        return status;

    // Symmetric windows (numpy.hamming / numpy.hanning), as speech front ends use.
    for (uint32_t i = 0; i < length; ++i) {
        const double phase = length > 1 ? 2.0 * kPi * i / (length - 1) : 0.0;
        double w = 1.0;
        if (p.window == FrameWindow::kHamming)
            w = 0.54 - 0.46 * std::cos(phase);
        else if (p.window == FrameWindow::kHann)
            w = 0.5 - 0.5 * std::cos(phase);
        window[i] = static_cast<float>(w);
    }
    const bool mfcc = config.kind == BlockKind::kMfcc;
    const uint32_t coefficients = p.numCoefficients;
    if (mfcc) {
        // Orthonormal DCT-II (scipy.fft.dct(norm="ortho")) rows 0..coefficients-1,
        // with the lifter folded in so the per-frame cost is one matrix-vector product.
        for (uint32_t c = 0; c < coefficients; ++c) {
            const double scale = std::sqrt((c == 0 ? 1.0 : 2.0) / filters);
            const double lift = p.lifter > 0.0f ? 1.0 + 0.5 * p.lifter * std::sin(kPi * c / p.lifter) : 1.0;
            for (uint32_t m = 0; m < filters; ++m)
                dct[c * filters + m] =
                    static_cast<float>(lift * scale * std::cos(kPi * c * (2.0 * m + 1.0) / (2.0 * filters)));
        }
    }

    const float a = p.preEmphasis;
    const float gain = config.inputScale;
    const float powerScale = 1.0f / static_cast<float>(n);
    for (uint32_t f = 0; f < count; ++f) {
        const uint32_t start = f * stride;
        // Pre-emphasis over the whole window (x[-1] = 0), evaluated per frame
        // so no window-length buffer is needed.
        for (uint32_t i = 0; i < length; ++i) {
            const uint32_t t = start + i;
            const float x = t < frames ? in[t] * gain : 0.0f;
            const float prev = (t >= 1 && t - 1 < frames) ? in[t - 1] * gain : 0.0f;
            fftIn[i] = (x - a * prev) * window[i];
        }
        for (uint32_t i = length; i < n; ++i)
            fftIn[i] = 0.0f;
        fft.forward(fftIn, fftOut);
        for (uint32_t k = 0; k <= n / 2; ++k)
            power[k] = (fftOut[2 * k] * fftOut[2 * k] + fftOut[2 * k + 1] * fftOut[2 * k + 1]) * powerScale;
        bank.apply(power, energies);

        float* row = out + static_cast<size_t>(f) * outputColumns(config);
        if (!mfcc) {
            const float floor = p.noiseFloorDb;
            for (uint32_t m = 0; m < filters; ++m) {
                const float e = energies[m] > kEnergyFloor ? energies[m] : kEnergyFloor;
                float db = 10.0f * std::log10(e);
                if (db < floor)
                    db = floor;
                row[m] = (db - floor) / -floor;
            }
            continue;
        }
        for (uint32_t m = 0; m < filters; ++m)
            energies[m] = std::log(energies[m] > kEnergyFloor ? energies[m] : kEnergyFloor);
        for (uint32_t c = 0; c < coefficients; ++c) {
            float acc = 0.0f;
            const float* basis = dct + static_cast<size_t>(c) * filters;
            for (uint32_t m = 0; m < filters; ++m)
                acc += basis[m] * energies[m];
            row[c] = acc;
        }
    }
    return DspStatus::kOk;
}

}  // namespace mote::dsp::detail

#include "dsp/mel_filterbank.h"

#include <cmath>

#include "dsp/dsp_config.h"

namespace mote::dsp {

float hzToMel(float hz) { return 2595.0f * std::log10(1.0f + hz / 700.0f); }

float melToHz(float mel) { return 700.0f * (std::pow(10.0f, mel / 2595.0f) - 1.0f); }

DspStatus MelFilterbank::init(float sampleRateHz, uint32_t fftLength, uint32_t numFilters, float lowHz,
                              float highHz, float* storage) {
    if (storage == nullptr)
        return DspStatus::kNullPointer;
    if (!(sampleRateHz > 0.0f) || !std::isfinite(sampleRateHz))
        return DspStatus::kBadSampleRate;
    if (fftLength < 4 || fftLength > kMaxFft || (fftLength & (fftLength - 1)) != 0)
        return DspStatus::kBadFftLength;
    if (numFilters < 2 || numFilters > kMaxMelFilters)
        return DspStatus::kBadFilterCount;
    if (!(lowHz >= 0.0f) || !(highHz > lowHz) || highHz > 0.5f * sampleRateHz)
        return DspStatus::kBadFrequencyRange;

    m_filters = numFilters;
    m_bins = fftLength / 2 + 1;
    float* segment = storage;
    float* fraction = storage + m_bins;
    float* edges = storage + 2 * m_bins;

    const float lowMel = hzToMel(lowHz);
    const float highMel = hzToMel(highHz);
    for (uint32_t i = 0; i < numFilters + 2; ++i)
        edges[i] = melToHz(lowMel + (highMel - lowMel) * static_cast<float>(i) / static_cast<float>(numFilters + 1));
    // Exact ends: the float round trip through mel must not move them.
    edges[0] = lowHz;
    edges[numFilters + 1] = highHz;

    const float binHz = sampleRateHz / static_cast<float>(fftLength);
    uint32_t j = 0;
    for (uint32_t k = 0; k < m_bins; ++k) {
        const float f = binHz * static_cast<float>(k);
        if (f < edges[0] || f >= edges[numFilters + 1]) {
            segment[k] = -1.0f;
            fraction[k] = 0.0f;
            continue;
        }
        while (f >= edges[j + 1])
            ++j;
        segment[k] = static_cast<float>(j);
        fraction[k] = (f - edges[j]) / (edges[j + 1] - edges[j]);
    }
    m_segment = segment;
    m_fraction = fraction;
    m_edges = edges;
    return DspStatus::kOk;
}

float MelFilterbank::weight(uint32_t filter, uint32_t bin) const {
    if (filter >= m_filters || bin >= m_bins || m_segment[bin] < 0.0f)
        return 0.0f;
    const uint32_t j = static_cast<uint32_t>(m_segment[bin]);
    if (j == filter)
        return m_fraction[bin];          // rising edge
    if (j == filter + 1)
        return 1.0f - m_fraction[bin];   // falling edge
    return 0.0f;
}

void MelFilterbank::apply(const float* power, float* energies) const {
    for (uint32_t m = 0; m < m_filters; ++m)
        energies[m] = 0.0f;
    for (uint32_t k = 0; k < m_bins; ++k) {
        if (m_segment[k] < 0.0f)
            continue;
        const uint32_t j = static_cast<uint32_t>(m_segment[k]);
        const float p = power[k];
        if (j < m_filters)
            energies[j] += m_fraction[k] * p;
        if (j >= 1)
            energies[j - 1] += (1.0f - m_fraction[k]) * p;
    }
}

}  // namespace mote::dsp

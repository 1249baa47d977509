#pragma once
// Triangular mel filterbank over the bins of a real FFT.
//
// Mel scale (HTK): mel(f) = 2595 log10(1 + f / 700). numFilters + 2 edge
// frequencies are equally spaced in mel between low and high; filter m
// rises linearly from edge m to edge m+1 (weight 1) and falls to 0 at edge
// m+2. Weights are evaluated at each bin's exact frequency k * rate / fft
// (not rounded to bins), so no filter is empty at small FFT sizes. No area
// normalization. Each bin lies between two consecutive edges, so it
// contributes to at most two filters: the bank stores one (segment,
// fraction) pair per bin instead of a dense matrix — 2 floats per bin.
//
// Storage is the caller's (no heap); read-only after init(), thread-safe.
#include <cstddef>
#include <cstdint>

#include "dsp/dsp_status.h"

namespace mote::dsp {

float hzToMel(float hz);
float melToHz(float mel);

class MelFilterbank {
public:
    static constexpr size_t storageFloats(uint32_t fftLength, uint32_t numFilters) {
        return 2 * (fftLength / 2 + 1) + numFilters + 2;
    }

    // storage: storageFloats() floats, alive as long as this object.
    DspStatus init(float sampleRateHz, uint32_t fftLength, uint32_t numFilters, float lowHz, float highHz,
                   float* storage);

    uint32_t numFilters() const { return m_filters; }
    uint32_t numBins() const { return m_bins; }
    // Edge i in [0, numFilters + 1]: filter m spans edgeHz(m)..edgeHz(m+2), peak at edgeHz(m+1).
    float edgeHz(uint32_t i) const { return m_edges[i]; }
    // Weight of `bin` in `filter` (for tests and plots; apply() is the fast path).
    float weight(uint32_t filter, uint32_t bin) const;

    // energies[m] = sum_k weight(m, k) * power[k]; power has numBins() values.
    void apply(const float* power, float* energies) const;

private:
    uint32_t m_filters = 0;
    uint32_t m_bins = 0;
    const float* m_segment = nullptr;   // per bin: index j of edges[j] <= f < edges[j+1], or -1
    const float* m_fraction = nullptr;  // per bin: (f - edges[j]) / (edges[j+1] - edges[j])
    const float* m_edges = nullptr;
};

}  // namespace mote::dsp

#pragma once
// Status codes of the portable DSP library. The firmware has no exceptions
// and no heap, so every DSP function returns one of these instead of a
// Result<T>; host code turns them into mote::Error with dspStatusMessage().
#include <cstdint>

namespace mote::dsp {

enum class DspStatus : uint8_t {
    kOk = 0,
    kBadBlock,            // unknown block kind
    kBadSampleRate,       // sample rate <= 0 or not finite
    kBadShape,            // zero frames or zero axes, or too many axes
    kBadAxesForBlock,     // MFE/MFCC take exactly one axis (mono audio)
    kBadFftLength,        // FFT length not a power of two in [kMinFft, kMaxFft]
    kBadFrame,            // audio frame length/stride is zero or longer than the FFT
    kBadFilterCount,      // mel filter count out of range
    kBadCoefficientCount, // MFCC coefficients 0 or more than the mel filters
    kBadFrequencyRange,   // low >= high, negative, or above Nyquist
    kBadFilter,           // low/high-pass order or cutoff invalid
    kBadPeakCount,        // spectral peaks 0 or more than the FFT bins
    kBadParameter,        // any other parameter out of range (scale, noise floor, pre-emphasis, lifter)
    kScratchTooSmall,     // caller's scratch buffer smaller than scratchBytes()
    kNullPointer,         // input, output or scratch pointer is null
};

// A short English sentence naming the problem (static storage, never null).
const char* dspStatusMessage(DspStatus status);

}  // namespace mote::dsp

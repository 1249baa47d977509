#include "dsp/dsp_status.h"

namespace mote::dsp {

const char* dspStatusMessage(DspStatus status) {
    switch (status) {
    case DspStatus::kOk: return "ok";
    case DspStatus::kBadBlock: return "unknown DSP block kind";
    case DspStatus::kBadSampleRate: return "sample rate must be a positive number of Hz";
    case DspStatus::kBadShape: return "input must have at least one frame and between 1 and 16 axes";
    case DspStatus::kBadAxesForBlock: return "MFE and MFCC need exactly one axis (mono audio): select one axis";
    case DspStatus::kBadFftLength: return "FFT length must be a power of two between 16 and 4096";
    case DspStatus::kBadFrame:
        return "audio frame length and stride must be at least one sample and the frame must fit in the FFT length";
    case DspStatus::kBadFilterCount: return "number of mel filters must be between 2 and 128";
    case DspStatus::kBadCoefficientCount:
        return "number of MFCC coefficients must be between 1 and the number of mel filters";
    case DspStatus::kBadFrequencyRange:
        return "low/high frequency must satisfy 0 <= low < high <= sample rate / 2";
    case DspStatus::kBadFilter:
        return "filter order must be 1..8 and its cutoff between 0 and the sample rate / 2 (exclusive)";
    case DspStatus::kBadPeakCount: return "number of spectral peaks must be between 1 and the number of FFT bins";
    case DspStatus::kBadParameter:
        return "a DSP parameter is out of range (scale, noise floor, pre-emphasis in [0,1), lifter >= 0)";
    case DspStatus::kScratchTooSmall: return "scratch buffer is smaller than scratchBytes() for this configuration";
    case DspStatus::kNullPointer: return "null input, output or scratch pointer";
    }
    return "unknown DSP status";
}

}  // namespace mote::dsp

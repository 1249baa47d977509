#pragma once
// DspConfig: which feature block turns a window of sensor frames into the
// features the network sees, and its parameters. A plain struct (no heap)
// so the firmware can hold one as a constant generated at deploy time.
// JSON (de)serialization lives in dsp_config_json.h (host only).
//
// Output layouts (all float32, row-major, see docs/dsp.md):
//   Raw      -> [frames][axes]                 (the window, scaled/normalized)
//   Spectral -> [1][axes * featuresPerAxis]    per axis: rms, skewness, kurtosis,
//               then fftLength/2 bin powers (bins 1..N/2) or peakCount (freq Hz, power) pairs
//   MFE      -> [numFrames][numFilters]        mel energies, dB clipped at the noise floor, scaled to ~[0,1]
//   MFCC     -> [numFrames][numCoefficients]   DCT-II (orthonormal) of natural-log mel energies
#include <cstdint>

namespace mote::dsp {

enum class BlockKind : uint8_t { kRaw = 0, kSpectral = 1, kMfe = 2, kMfcc = 3 };
enum class FilterType : uint8_t { kNone = 0, kLowPass = 1, kHighPass = 2 };
enum class SpectralMode : uint8_t { kFftBins = 0, kPeaks = 1 };
enum class FrameWindow : uint8_t { kRectangular = 0, kHamming = 1, kHann = 2 };

// Limits that bound every scratch and output size.
constexpr uint32_t kMinFft = 16;
constexpr uint32_t kMaxFft = 4096;
constexpr uint32_t kMaxAxes = 16;
constexpr uint32_t kMaxMelFilters = 128;
constexpr uint32_t kMaxFilterOrder = 8;

struct RawParams {
    bool normalize = false;  // per axis over the window: subtract mean, divide by std (std 0 -> 0)
};

struct SpectralParams {
    FilterType filter = FilterType::kNone;
    float filterCutoffHz = 3.0f;          // Butterworth cutoff (-3 dB)
    uint32_t filterOrder = 4;             // 1..8; biquad cascade designed at compute time
    uint32_t fftLength = 64;              // power of two; Welch segments of this length, hop N/2, Hann window
    SpectralMode mode = SpectralMode::kFftBins;
    bool logPower = true;                 // bin powers / peak powers as log10(max(p, 1e-10))
    uint32_t peakCount = 3;               // kPeaks: strongest local maxima, as (frequency Hz, power) pairs
};

struct AudioParams {  // shared by MFE and MFCC
    float frameLengthS = 0.02f;
    float frameStrideS = 0.02f;
    uint32_t fftLength = 512;
    uint32_t numFilters = 32;
    float lowHz = 80.0f;
    float highHz = 0.0f;                  // 0 = sample rate / 2
    float preEmphasis = 0.98f;            // y[n] = x[n] - a*x[n-1]; 0 disables
    FrameWindow window = FrameWindow::kHamming;
    float noiseFloorDb = -52.0f;          // MFE only: dB values below are clipped, then (dB - floor) / -floor
    uint32_t numCoefficients = 13;        // MFCC only
    float lifter = 0.0f;                  // MFCC only: c[n] *= 1 + L/2 sin(pi n / L); 0 disables
};

struct DspConfig {
    BlockKind kind = BlockKind::kSpectral;
    float sampleRateHz = 100.0f;  // of the input frames
    float inputScale = 1.0f;      // every block first multiplies the input by this
                                  // (1/32768 turns int16 PCM into [-1, 1) audio)
    RawParams raw;
    SpectralParams spectral;
    AudioParams audio;             // used by kMfe and kMfcc
};

// Defaults a new user gets (see docs/dsp.md for the reasoning).
DspConfig defaultRaw(float sampleRateHz);
DspConfig defaultSpectral(float sampleRateHz);  // motion: FFT 64 (128 when rate > 200 Hz), log bins, no filter
DspConfig defaultMfcc(float sampleRateHz);      // audio (int16 PCM, input scale 1/32768): 13 coeffs, 20 ms frames/stride, FFT 512, 32 filters, 80 Hz..Nyquist, 0.98
DspConfig defaultMfe(float sampleRateHz);       // audio: as MFCC but 40 filters, noise floor -52 dB

const char* blockKindName(BlockKind kind);  // "raw", "spectral", "mfe", "mfcc"
// Parses a name written by blockKindName(); false when unknown.
bool parseBlockKind(const char* name, BlockKind* out);

}  // namespace mote::dsp

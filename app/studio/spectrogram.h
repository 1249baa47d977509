#pragma once
// Short-time power spectrum of a mono signal, for the audio sample view.
// A small radix-2 FFT of our own (display only: the DSP features the model
// sees come from core/dsp). Pure functions, any thread.
#include <QImage>

#include <vector>

namespace mote::studio {

struct Spectrogram {
    int frames = 0;           // time columns
    int bins = 0;             // frequency rows (fftSize / 2 + 1)
    double sampleRate = 0.0;  // Hz of the source signal
    int hop = 0;              // samples between columns
    std::vector<float> db;    // frames × bins, row-major by frame, power in dB
};

// Hann-windowed STFT with fftSize (power of two, 64…4096) and hop; columns
// past maxFrames are skipped by widening the hop so long recordings stay cheap.
Spectrogram computeSpectrogram(const float* mono, std::size_t count, double sampleRate, int fftSize = 256,
                               int hop = 128, int maxFrames = 1200);

// Renders dB values to an image (time → x, frequency up), clamping to the
// top `dynamicRangeDb` below the peak, with a perceptual dark-to-bright map.
QImage renderSpectrogram(const Spectrogram& s, double dynamicRangeDb = 80.0);

// In-place complex FFT of size n (power of two). Exposed for tests.
void fftInPlace(std::vector<float>& re, std::vector<float>& im);

}  // namespace mote::studio

// Feature extraction speed: MFCC/MFE on 1 hour of 16 kHz audio and spectral
// features on 1 hour of 100 Hz 3-axis motion, single core and all cores.
// Prints seconds and "x real time" (hours of signal per hour of CPU wall time).
// The signal is a repeating 60 s synthetic buffer (tones + noise); speed
// does not depend on the content. Usage: mote-dsp-bench [--minutes N]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "dsp/dsp_block.h"
#include "dsp/windowing.h"

namespace {

using namespace mote::dsp;

std::vector<float> makeSignal(double rate, uint32_t axes, double seconds, float amplitude) {
    const size_t frames = static_cast<size_t>(rate * seconds);
    std::vector<float> x(frames * axes);
    std::mt19937 rng(42);
    std::normal_distribution<float> noise(0.0f, 0.1f * amplitude);
    for (size_t f = 0; f < frames; ++f)
        for (uint32_t a = 0; a < axes; ++a) {
            const double t = static_cast<double>(f) / rate;
            x[f * axes + a] = amplitude * static_cast<float>(0.5 * std::sin(2 * M_PI * (rate / 37.0) * (a + 1) * t) +
                                                             0.2 * std::sin(2 * M_PI * (rate / 9.0) * t)) +
                              noise(rng);
        }
    return x;
}

struct Figures {
    double seconds = 0;
    size_t windows = 0;
    float checksum = 0;
};

// Computes `windows` windows of `windowFrames` starting every `strideFrames`
// over an endless loop of `signal`, split over `threads` threads.
Figures run(const DspConfig& config, const std::vector<float>& signal, uint32_t axes, uint32_t windowFrames,
            uint32_t strideFrames, size_t windows, unsigned threads) {
    OutputShape shape;
    if (outputShape(config, windowFrames, axes, &shape) != DspStatus::kOk) {
        std::fprintf(stderr, "bad configuration\n");
        std::exit(1);
    }
    const size_t signalFrames = signal.size() / axes;
    std::vector<float> sums(threads, 0.0f);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            const size_t bytes = scratchBytes(config, windowFrames, axes);
            std::vector<float> scratch(bytes / 4 + 1), window(static_cast<size_t>(windowFrames) * axes),
                out(shape.size());
            for (size_t w = t; w < windows; w += threads) {
                const size_t startFrame = (w * strideFrames) % (signalFrames - windowFrames);
                copyWindow(signal.data(), static_cast<uint32_t>(signalFrames), axes, nullptr, axes,
                           static_cast<uint32_t>(startFrame), windowFrames, window.data());
                compute(config, window.data(), windowFrames, axes, out.data(), scratch.data(), bytes);
                sums[t] += out[0];
            }
        });
    }
    for (auto& th : pool)
        th.join();
    Figures f;
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    f.windows = windows;
    for (float s : sums)
        f.checksum += s;
    return f;
}

void report(const char* name, const DspConfig& config, const std::vector<float>& signal, uint32_t axes,
            double windowS, double strideS, double signalSeconds, unsigned cores) {
    const auto windowFrames = static_cast<uint32_t>(std::lround(windowS * config.sampleRateHz));
    const auto strideFrames = static_cast<uint32_t>(std::lround(strideS * config.sampleRateHz));
    const size_t windows = static_cast<size_t>((signalSeconds - windowS) / strideS) + 1;
    for (unsigned threads : {1u, cores}) {
        const Figures f = run(config, signal, axes, windowFrames, strideFrames, windows, threads);
        std::printf("%-44s %u thread%s  %7zu windows  %8.3f s  %9.1f x real time  %8.1f us/window  (checksum %.3g)\n",
                    name, threads, threads == 1 ? " " : "s", f.windows, f.seconds, signalSeconds / f.seconds,
                    1e6 * f.seconds / static_cast<double>(f.windows), static_cast<double>(f.checksum));
        if (cores == 1)
            break;
    }
}

}  // namespace

int main(int argc, char** argv) {
    double minutes = 60.0;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--minutes") == 0)
            minutes = std::atof(argv[i + 1]);
    const double seconds = minutes * 60.0;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("DSP feature extraction on %.0f min of signal, %u cores available\n", minutes, cores);

    const auto audio = makeSignal(16000.0, 1, 60.0, 8000.0);  // int16-scale PCM
    const auto motion = makeSignal(100.0, 3, 60.0, 2.0);

    report("MFCC 16 kHz, 1 s windows (13 x 50, FFT 512)", defaultMfcc(16000.0f), audio, 1, 1.0, 1.0, seconds, cores);
    report("MFE 16 kHz, 1 s windows (40 x 50, FFT 512)", defaultMfe(16000.0f), audio, 1, 1.0, 1.0, seconds, cores);
    report("spectral 100 Hz x3, 2 s windows, stride 2 s", defaultSpectral(100.0f), motion, 3, 2.0, 2.0, seconds, cores);
    report("spectral 100 Hz x3, 2 s windows, stride 0.5 s", defaultSpectral(100.0f), motion, 3, 2.0, 0.5, seconds,
           cores);
    DspConfig filtered = defaultSpectral(100.0f);
    filtered.spectral.filter = FilterType::kLowPass;
    filtered.spectral.filterCutoffHz = 20.0f;
    filtered.spectral.filterOrder = 4;
    report("spectral + 4th-order low-pass, stride 2 s", filtered, motion, 3, 2.0, 2.0, seconds, cores);
    return 0;
}

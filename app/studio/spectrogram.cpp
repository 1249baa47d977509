#include "spectrogram.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mote::studio {

void fftInPlace(std::vector<float>& re, std::vector<float>& im) {
    const std::size_t n = re.size();
    if (n < 2 || (n & (n - 1)) != 0 || im.size() != n)
        return;
    // Bit-reversal permutation.
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j) {
            std::swap(re[i], re[j]);
            std::swap(im[i], im[j]);
        }
    }
    // Iterative butterflies.
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2.0 * std::numbers::pi / static_cast<double>(len);
        const float wr = static_cast<float>(std::cos(angle));
        const float wi = static_cast<float>(std::sin(angle));
        for (std::size_t i = 0; i < n; i += len) {
            float cr = 1.0f;
            float ci = 0.0f;
            for (std::size_t k = 0; k < len / 2; ++k) {
                const std::size_t a = i + k;
                const std::size_t b = a + len / 2;
                const float tr = re[b] * cr - im[b] * ci;
                const float ti = re[b] * ci + im[b] * cr;
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
                const float nr = cr * wr - ci * wi;
                ci = cr * wi + ci * wr;
                cr = nr;
            }
        }
    }
}

Spectrogram computeSpectrogram(const float* mono, std::size_t count, double sampleRate, int fftSize, int hop,
                               int maxFrames) {
    Spectrogram s;
    fftSize = std::clamp(fftSize, 64, 4096);
    if ((fftSize & (fftSize - 1)) != 0)
        fftSize = 256;
    hop = std::max(1, hop);
    s.sampleRate = sampleRate;
    s.bins = fftSize / 2 + 1;
    if (mono == nullptr || count == 0)
        return s;
    const std::size_t n = static_cast<std::size_t>(fftSize);
    std::size_t frames = count <= n ? 1 : 1 + (count - n) / static_cast<std::size_t>(hop);
    if (maxFrames > 0 && frames > static_cast<std::size_t>(maxFrames)) {
        hop = static_cast<int>((count - n) / static_cast<std::size_t>(maxFrames - 1));
        frames = 1 + (count - n) / static_cast<std::size_t>(hop);
        frames = std::min<std::size_t>(frames, static_cast<std::size_t>(maxFrames));
    }
    s.hop = hop;
    s.frames = static_cast<int>(frames);
    s.db.resize(frames * static_cast<std::size_t>(s.bins));
    std::vector<float> window(n);
    for (std::size_t i = 0; i < n; ++i)
        window[i] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n)));
    std::vector<float> re(n);
    std::vector<float> im(n);
    for (std::size_t f = 0; f < frames; ++f) {
        const std::size_t offset = f * static_cast<std::size_t>(hop);
        for (std::size_t i = 0; i < n; ++i) {
            re[i] = offset + i < count ? mono[offset + i] * window[i] : 0.0f;
            im[i] = 0.0f;
        }
        fftInPlace(re, im);
        float* row = s.db.data() + f * static_cast<std::size_t>(s.bins);
        for (int b = 0; b < s.bins; ++b) {
            const double power = static_cast<double>(re[static_cast<std::size_t>(b)]) * re[static_cast<std::size_t>(b)] +
                                 static_cast<double>(im[static_cast<std::size_t>(b)]) * im[static_cast<std::size_t>(b)];
            row[b] = static_cast<float>(10.0 * std::log10(power + 1e-12));
        }
    }
    return s;
}

namespace {

// Dark blue → purple → orange → pale yellow, readable in print and for most
// colour-vision deficiencies (in the spirit of perceptual "magma"-like maps).
QRgb heat(double t) {
    static const double kStops[][3] = {{0.02, 0.02, 0.08}, {0.23, 0.06, 0.44}, {0.55, 0.13, 0.51},
                                       {0.87, 0.32, 0.34}, {0.99, 0.65, 0.31}, {0.99, 0.99, 0.75}};
    constexpr int kLast = 5;
    t = std::clamp(t, 0.0, 1.0) * kLast;
    const int i = std::min(kLast - 1, static_cast<int>(t));
    const double u = t - i;
    auto mix = [&](int c) { return static_cast<int>(255.0 * (kStops[i][c] + (kStops[i + 1][c] - kStops[i][c]) * u)); };
    return qRgb(mix(0), mix(1), mix(2));
}

}  // namespace

QImage renderSpectrogram(const Spectrogram& s, double dynamicRangeDb) {
    if (s.frames <= 0 || s.bins <= 0)
        return {};
    QImage image(s.frames, s.bins, QImage::Format_RGB32);
    const float peak = *std::max_element(s.db.begin(), s.db.end());
    const double floorDb = peak - dynamicRangeDb;
    for (int f = 0; f < s.frames; ++f) {
        const float* row = s.db.data() + static_cast<std::size_t>(f) * static_cast<std::size_t>(s.bins);
        for (int b = 0; b < s.bins; ++b) {
            const double t = (row[b] - floorDb) / dynamicRangeDb;
            image.setPixel(f, s.bins - 1 - b, heat(t));
        }
    }
    return image;
}

}  // namespace mote::studio

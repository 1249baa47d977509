#include "dsp/butterworth.h"

#include <cmath>
#include <cstddef>

namespace mote::dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;

// One conjugate pole pair of quality q, bilinear with K = tan(pi fc / fs).
Biquad secondOrder(FilterType type, double k, double q) {
    const double norm = 1.0 / (1.0 + k / q + k * k);
    Biquad s;
    if (type == FilterType::kLowPass) {
        s.b0 = static_cast<float>(k * k * norm);
        s.b1 = static_cast<float>(2.0 * k * k * norm);
        s.b2 = s.b0;
    } else {
        s.b0 = static_cast<float>(norm);
        s.b1 = static_cast<float>(-2.0 * norm);
        s.b2 = s.b0;
    }
    s.a1 = static_cast<float>(2.0 * (k * k - 1.0) * norm);
    s.a2 = static_cast<float>((1.0 - k / q + k * k) * norm);
    return s;
}

// The real pole of an odd order.
Biquad firstOrder(FilterType type, double k) {
    Biquad s;
    const double norm = 1.0 / (1.0 + k);
    if (type == FilterType::kLowPass) {
        s.b0 = static_cast<float>(k * norm);
        s.b1 = s.b0;
    } else {
        s.b0 = static_cast<float>(norm);
        s.b1 = static_cast<float>(-norm);
    }
    s.a1 = static_cast<float>((k - 1.0) * norm);
    return s;
}

}  // namespace

DspStatus designButterworth(FilterType type, uint32_t order, float cutoffHz, float sampleRateHz,
                            Biquad* sections, uint32_t* count) {
    if (sections == nullptr || count == nullptr)
        return DspStatus::kNullPointer;
    if (!(sampleRateHz > 0.0f) || !std::isfinite(sampleRateHz))
        return DspStatus::kBadSampleRate;
    if ((type != FilterType::kLowPass && type != FilterType::kHighPass) || order < 1 ||
        order > kMaxFilterOrder || !(cutoffHz > 0.0f) || !(cutoffHz < 0.5f * sampleRateHz))
        return DspStatus::kBadFilter;
    const double k = std::tan(kPi * static_cast<double>(cutoffHz) / static_cast<double>(sampleRateHz));
    uint32_t n = 0;
    // Analog poles sit on the unit circle at angles pi/2 + pi(2i+1)/(2*order);
    // a pair's quality factor is 1 / (2 sin(pi(2i+1)/(2*order))).
    for (uint32_t i = 0; i < order / 2; ++i) {
        const double q = 1.0 / (2.0 * std::sin(kPi * (2.0 * i + 1.0) / (2.0 * order)));
        sections[n++] = secondOrder(type, k, q);
    }
    if (order % 2 == 1)
        sections[n++] = firstOrder(type, k);
    *count = n;
    return DspStatus::kOk;
}

void filterInPlace(const Biquad* sections, uint32_t count, float* x, uint32_t n, uint32_t stride) {
    for (uint32_t s = 0; s < count; ++s) {
        const Biquad& q = sections[s];
        float z1 = 0.0f, z2 = 0.0f;
        for (uint32_t i = 0; i < n; ++i) {
            float& v = x[static_cast<size_t>(i) * stride];
            const float in = v;
            const float out = q.b0 * in + z1;
            z1 = q.b1 * in - q.a1 * out + z2;
            z2 = q.b2 * in - q.a2 * out;
            v = out;
        }
    }
}

}  // namespace mote::dsp

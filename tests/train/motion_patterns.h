#pragma once
// Motion recordings like the simulated board's patterns (idle, wave,
// circle, shake), 3-axis accelerometer at 100 Hz, for project-level tests.
#include <cmath>
#include <random>
#include <string>

#include "dataset/sample.h"

namespace mote::test {

inline const char* kMotionPatterns[] = {"idle", "wave", "circle", "shake"};

inline dataset::Sample motionSample(const std::string& pattern, int seconds, uint32_t seed,
                                    dataset::Split split = dataset::Split::Train) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 0.15f);
    std::uniform_real_distribution<float> phase(0.0f, 6.2831853f), jitter(0.9f, 1.1f);
    const float p = phase(rng), f = jitter(rng);
    dataset::Sample s;
    s.label = pattern;
    s.split = split;
    s.sensor = "accelerometer";
    s.axisNames = {"accX", "accY", "accZ"};
    s.units = {"m/s2", "m/s2", "m/s2"};
    s.sampleRateHz = 100;
    std::vector<float> v;
    const int frames = seconds * 100;
    for (int i = 0; i < frames; ++i) {
        const float t = static_cast<float>(i) / 100.0f;
        float x = 0, y = 0, z = 9.81f;
        if (pattern == "wave") {
            x = 4.0f * std::sin(6.2831853f * 1.0f * f * t + p);
        } else if (pattern == "circle") {
            x = 3.0f * std::sin(6.2831853f * 0.5f * f * t + p);
            y = 3.0f * std::cos(6.2831853f * 0.5f * f * t + p);
        } else if (pattern == "shake") {
            x = 6.0f * std::sin(6.2831853f * 6.0f * f * t + p);
            z += 2.0f * std::sin(6.2831853f * 12.0f * f * t);
        }
        v.push_back(x + noise(rng));
        v.push_back(y + noise(rng));
        v.push_back(z + noise(rng));
    }
    s.setFloatData(v);
    return s;
}

}  // namespace mote::test

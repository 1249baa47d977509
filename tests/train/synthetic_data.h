#pragma once
// Small deterministic datasets for training tests.
#include <cmath>
#include <random>

#include "train/training_job.h"

namespace mote::test {

// `classes` Gaussian blobs in `dims` dimensions, well separated.
inline train::FeatureSet blobs(int classes, int dims, int perClass, uint64_t seed) {
    std::mt19937 rng(static_cast<uint32_t>(seed));
    std::normal_distribution<float> noise(0.0f, 0.6f);
    train::FeatureSet set;
    for (int i = 0; i < perClass; ++i)
        for (int c = 0; c < classes; ++c) {
            for (int d = 0; d < dims; ++d) {
                const float center = ((d % classes) == c ? 2.0f : 0.0f) + 0.3f * static_cast<float>(d % 3);
                set.values.push_back(center + noise(rng));
            }
            set.labels.push_back(c);
        }
    return set;
}

// [time, channels] windows: class c is a sine of frequency (c + 1) cycles per
// window on every channel, with random phase and noise.
inline train::FeatureSet waves(int classes, int time, int channels, int perClass, uint64_t seed) {
    std::mt19937 rng(static_cast<uint32_t>(seed));
    std::normal_distribution<float> noise(0.0f, 0.3f);
    std::uniform_real_distribution<float> phase(0.0f, 6.2831853f);
    train::FeatureSet set;
    for (int i = 0; i < perClass; ++i)
        for (int c = 0; c < classes; ++c) {
            const float p = phase(rng);
            for (int t = 0; t < time; ++t)
                for (int ch = 0; ch < channels; ++ch)
                    set.values.push_back(
                        std::sin(6.2831853f * static_cast<float>((c + 1) * t) / static_cast<float>(time) + p +
                                 static_cast<float>(ch)) +
                        noise(rng));
            set.labels.push_back(c);
        }
    return set;
}

}  // namespace mote::test

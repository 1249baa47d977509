// Float reference forward pass speed: windows per second for the default
// motion network (spectral features -> dense 20 -> dense 10 -> 4 classes)
// and the default audio network (MFCC 50x13 -> 2 conv1d blocks -> 10
// classes), random weights, one thread. This bounds how long the studio's
// check of a trainer's weights takes on a validation set.
#include <chrono>
#include <cstdio>
#include <random>

#include "impulse/impulse_defaults.h"
#include "nn/graph/graph.h"

using namespace mote;

namespace {

void run(const char* name, impulse::SensorType sensor, std::vector<int> inputShape, int classes, int windows) {
    auto spec = impulse::defaultImpulse(sensor).modelSpec(inputShape, classes);
    if (!spec) {
        std::printf("%s: %s\n", name, spec.message().c_str());
        return;
    }
    auto graph = nn::Graph::build(*spec);
    if (!graph) return;
    std::mt19937 rng(1);
    std::normal_distribution<float> dist(0.0f, 0.3f);
    for (const auto& slot : graph->weightSlots()) {
        size_t n = 1;
        for (int d : slot.shape) n *= static_cast<size_t>(d);
        std::vector<float> v(n);
        for (auto& x : v) x = slot.name == "var" ? 1.0f : dist(rng);
        (void)graph->setWeight(slot.layer, slot.name, std::move(v));
    }
    std::vector<float> input(graph->inputSize());
    for (auto& x : input) x = dist(rng);
    double checksum = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int w = 0; w < windows; ++w) {
        input[static_cast<size_t>(w) % input.size()] += 0.001f;
        auto out = graph->forward(input);
        checksum += (*out)[0];
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-44s params %7zu  %8d windows  %8.3f s  %10.0f windows/s  (checksum %.3f)\n", name,
                graph->parameterCount(), windows, s, windows / s, checksum);
}

}  // namespace

int main() {
    run("motion default (105 features -> 4 classes)", impulse::SensorType::Motion, {105}, 4, 200000);
    run("audio default (MFCC 50x13 -> 10 classes)", impulse::SensorType::Audio, {50, 13}, 10, 5000);
    return 0;
}

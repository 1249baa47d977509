#pragma once
// Rebuilds the synthetic inputs described in tests/data/dsp/*.json with the
// same formulas as tools/dsp_golden/make_goldens.py (float64, then float32).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/shared_dir.h"

namespace mote::test {

inline nlohmann::json loadDspGolden(const std::string& name) {
    const auto path = sourceDir() / "tests" / "data" / "dsp" / (name + ".json");
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("missing golden file " + path.string());
    return nlohmann::json::parse(in);
}

inline std::vector<double> synthAxis(const nlohmann::json& spec, double rate, size_t frames) {
    constexpr double kPi = 3.14159265358979323846;
    std::vector<double> x(frames, 0.0);
    for (const auto& c : spec) {
        const std::string kind = c.at("kind");
        for (size_t i = 0; i < frames; ++i) {
            const double t = static_cast<double>(i) / rate;
            if (kind == "sine") {
                x[i] += c.at("amp").get<double>() *
                        std::sin(2 * kPi * c.at("freq").get<double>() * t + c.value("phase", 0.0));
            } else if (kind == "chirp") {
                const double duration = static_cast<double>(frames) / rate;
                const double f0 = c.at("f0"), f1 = c.at("f1");
                const double k = (f1 - f0) / duration;
                x[i] += c.at("amp").get<double>() * std::sin(2 * kPi * (f0 * t + 0.5 * k * t * t));
            } else if (kind == "offset") {
                x[i] += c.at("value").get<double>();
            } else if (kind == "am") {
                x[i] *= 1.0 + c.at("depth").get<double>() * std::sin(2 * kPi * c.at("freq").get<double>() * t);
            } else {
                throw std::runtime_error("unknown signal component " + kind);
            }
        }
    }
    return x;
}

// [frames][axes] interleaved float32.
inline std::vector<float> synthInterleaved(const nlohmann::json& axesSpecs, double rate, size_t frames) {
    const size_t axes = axesSpecs.size();
    std::vector<float> out(frames * axes);
    for (size_t a = 0; a < axes; ++a) {
        const auto x = synthAxis(axesSpecs[a], rate, frames);
        for (size_t i = 0; i < frames; ++i)
            out[i * axes + a] = static_cast<float>(x[i]);
    }
    return out;
}

}  // namespace mote::test

#pragma once
// Helpers for dataset tests: temp folders and small synthetic samples.
#include <filesystem>
#include <random>
#include <string>

#include <unistd.h>

#include "dataset/sample.h"

namespace mote::test {

// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        m_path = std::filesystem::temp_directory_path() /
                 ("mote-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

inline dataset::Sample makeSample(const std::string& label, int frames = 10, int seed = 0,
                                  dataset::Split split = dataset::Split::Train) {
    dataset::Sample s;
    s.label = label;
    s.split = split;
    s.sensor = "accelerometer";
    s.axisNames = {"accX", "accY", "accZ"};
    s.units = {"m/s2", "m/s2", "m/s2"};
    s.sampleRateHz = 100;
    std::vector<float> v(static_cast<size_t>(frames) * 3);
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<float>(seed) + static_cast<float>(i) * 0.5f;
    s.setFloatData(v);
    s.captureTimeMs = 1700000000000;
    return s;
}

}  // namespace mote::test

#pragma once
// One trained project shared by the quantization tests. gtest_discover_tests
// runs every TEST in its own process (maybe in parallel), so the project is
// trained once into test-tmp/quantize/base under a file lock, stamped with
// the test binary's build time, and every test works on its own copy of it.
//
// The dataset is the simulated board's IMU (the same simulator mote-board-sim
// runs): five motion patterns from three simulated devices; devices 1 and 2
// are the Train split, device 3 is the Test split (a held-out board).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "common/shared_dir.h"
#include "sim/imu_simulator.h"
#include "train/dataset_features.h"
#include "train/project_training.h"

namespace mote::test {

inline dataset::Sample simBoardRecording(sim::ImuSimulator& imu, wire::MotionPattern pattern, const char* label,
                                         int seconds, uint64_t& timeUs, const std::string& device,
                                         dataset::Split split) {
    imu.setPattern(pattern);
    const auto& spec = imu.spec();
    dataset::Sample s;
    s.label = label;
    s.split = split;
    s.sensor = spec.name;
    for (int a = 0; a < spec.axisCount; ++a) {
        s.axisNames.emplace_back(spec.axes[a]);
        s.units.emplace_back(spec.units[a]);
    }
    s.sampleRateHz = 100;
    s.device = device;
    std::vector<float> values;
    int16_t raw[6];
    for (int i = 0; i < seconds * 100; ++i) {
        imu.sample(static_cast<uint32_t>(i), timeUs, raw);
        timeUs += 10000;
        for (int a = 0; a < spec.axisCount; ++a) values.push_back(static_cast<float>(raw[a]) * spec.scales[a]);
    }
    s.setFloatData(values);
    return s;
}

// Builds (once per test binary build) and returns the trained base folder.
inline std::filesystem::path trainedMotionProjectBase() {
    namespace fs = std::filesystem;
    const fs::path root = binaryDir() / "test-tmp" / "quantize";
    fs::create_directories(root);
    const fs::path base = root / "base";
    const fs::path stampFile = root / "base.stamp";
    std::error_code ec;
    const auto exeTime = fs::last_write_time("/proc/self/exe", ec).time_since_epoch().count();
    const std::string stamp = std::to_string(exeTime);

    const int fd = ::open((root / "base.lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    EXPECT_GE(fd, 0);
    ::flock(fd, LOCK_EX);
    struct Unlock {
        int fd;
        ~Unlock() { ::close(fd); }
    } unlock{fd};

    std::string have;
    if (std::ifstream in(stampFile); in) std::getline(in, have);
    if (have == stamp && fs::exists(base)) return base;

    fs::remove(stampFile, ec);
    fs::remove_all(base, ec);
    auto project = project::Project::create(base, "quantize-base");
    EXPECT_TRUE(project) << project.message();
    if (!project) return base;
    const std::pair<wire::MotionPattern, const char*> patterns[] = {
        {wire::MotionPattern::Idle, "idle"},     {wire::MotionPattern::Wave, "wave"},
        {wire::MotionPattern::Circle, "circle"}, {wire::MotionPattern::Shake, "shake"},
        {wire::MotionPattern::UpDown, "updown"},
    };
    std::vector<dataset::Sample> samples;
    for (uint32_t board = 1; board <= 3; ++board) {
        sim::ImuSimulator imu(board);
        imu.begin(100.0f);
        uint64_t timeUs = 0;
        for (int take = 0; take < 3; ++take)
            for (const auto& [pattern, label] : patterns)
                samples.push_back(simBoardRecording(imu, pattern, label, 6, timeUs, "sim-" + std::to_string(board),
                                                    board == 3 ? dataset::Split::Test : dataset::Split::Train));
    }
    auto ids = project->store().insertAll(samples);
    EXPECT_TRUE(ids) << ids.message();
    auto current = train::currentImpulse(*project);
    EXPECT_TRUE(current) << current.message();
    if (!current) return base;
    impulse::TrainingSettings settings = current->config.training;
    settings.epochs = 20;
    train::TrainerOptions options;
    options.resourcesDir = sourceDir() / "resources";
    options.timeLimit = std::chrono::seconds(120);
    train::TrainingRunner runner;
    auto result = train::trainProject(*project, current->config, &train::computeDatasetFeatures, runner, options, {},
                                      &settings);
    EXPECT_TRUE(result) << result.message();
    if (!result) return base;
    EXPECT_TRUE(result->outcome.ok()) << result->outcome.error << "\n" << result->outcome.log;
    if (!result->outcome.ok()) return base;
    std::ofstream(stampFile) << stamp << "\n";
    return base;
}

// A private copy of the trained project for one test.
inline std::filesystem::path trainedMotionProjectCopy(const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path base = trainedMotionProjectBase();
    const fs::path dir = binaryDir() / "test-tmp" / "quantize" / ("copy-" + name);
    fs::remove_all(dir);
    fs::copy(base, dir, fs::copy_options::recursive);
    return dir;
}

}  // namespace mote::test

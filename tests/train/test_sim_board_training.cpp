// End to end on the simulated board's IMU: five motion patterns recorded
// from the same simulator the board (mote-board-sim) runs, on three
// simulated devices, stored in a project, trained with the project's default
// motion impulse (spectral features + small dense network) by the real torch
// trainer, and confirmed by the studio's own float forward pass.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/shared_dir.h"
#include "sim/imu_simulator.h"
#include "train/dataset_features.h"
#include "train/project_training.h"

namespace fs = std::filesystem;
using namespace mote;
using namespace mote::train;
using namespace std::chrono_literals;

namespace {

const std::pair<wire::MotionPattern, const char*> kPatterns[] = {
    {wire::MotionPattern::Idle, "idle"},     {wire::MotionPattern::Wave, "wave"},
    {wire::MotionPattern::Circle, "circle"}, {wire::MotionPattern::Shake, "shake"},
    {wire::MotionPattern::UpDown, "updown"},
};

// One recording of `seconds` at 100 Hz from a simulated board, in physical units.
dataset::Sample record(sim::ImuSimulator& imu, wire::MotionPattern pattern, const char* label, int seconds,
                       uint64_t& timeUs, const std::string& device) {
    imu.setPattern(pattern);
    const auto& spec = imu.spec();
    dataset::Sample s;
    s.label = label;
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

}  // namespace

TEST(SimBoardTraining, FivePatternsFromThreeBoardsTrainAbove90Percent) {
    const auto dir = test::binaryDir() / "test-tmp" / "train-projects" / "sim_board";
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    auto project = project::Project::create(dir, "sim-board");
    ASSERT_TRUE(project) << project.message();

    std::vector<dataset::Sample> samples;
    for (uint32_t board = 1; board <= 3; ++board) {
        sim::ImuSimulator imu(board);
        imu.begin(100.0f);
        uint64_t timeUs = 0;
        for (int take = 0; take < 4; ++take)
            for (const auto& [pattern, label] : kPatterns)
                samples.push_back(record(imu, pattern, label, 8, timeUs, "sim-" + std::to_string(board)));
    }
    auto ids = project->store().insertAll(samples);
    ASSERT_TRUE(ids) << ids.message();

    auto current = currentImpulse(*project);
    ASSERT_TRUE(current) << current.message();
    EXPECT_EQ(current->config.sensorType, impulse::SensorType::Motion);
    impulse::TrainingSettings settings = current->config.training;
    settings.epochs = 25;

    TrainerOptions options;
    options.resourcesDir = test::sourceDir() / "resources";
    options.timeLimit = 120s;
    TrainingRunner runner;
    auto result = trainProject(*project, current->config, &computeDatasetFeatures, runner, options, {}, &settings);
    ASSERT_TRUE(result) << result.message();
    const auto& out = result->outcome;
    ASSERT_TRUE(out.ok()) << out.error << "\n" << out.log;
    std::printf("[ REPORT ] simulated board, 5 patterns x 3 boards (%zu classes, default motion impulse): "
                "val accuracy %.1f%% (trainer) / %.1f%% (studio), agreement %.1f%%\n",
                result->classes.size(), out.valAccuracy * 100, out.coreValAccuracy * 100, out.coreAgreement * 100);
    EXPECT_EQ(result->classes.size(), 5u);
    EXPECT_GE(out.valAccuracy, 0.9);
    EXPECT_GE(out.coreAgreement, 0.99);
    EXPECT_NEAR(out.coreValAccuracy, out.valAccuracy, 0.005);
}

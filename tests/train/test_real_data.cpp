// Training on real recordings from ../shared/data (Edge Impulse capstone
// magic-wand set: 4 gestures, 6-axis IMU at 100 Hz, 100 rows per file). The
// CSVs are read here directly so that this test covers the trainer path on
// real data independently of the importer and the DSP blocks; the project
// path (import -> features -> train) is covered by test_project_training.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/shared_dir.h"
#include "train/training_runner.h"

namespace fs = std::filesystem;
using namespace mote;
using namespace mote::train;
using namespace std::chrono_literals;

namespace {

// Rows of "timestamp,accX,accY,accZ,gyrX,gyrY,gyrZ"; returns 100x6 values
// scaled to similar ranges (m/s^2 / 10, deg/s / 200), or empty if malformed.
std::vector<float> readWandCsv(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::vector<float> v;
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string cell;
        std::getline(ss, cell, ',');  // timestamp
        for (int a = 0; a < 6 && std::getline(ss, cell, ','); ++a)
            v.push_back(std::stof(cell) / (a < 3 ? 10.0f : 200.0f));
    }
    if (v.size() < 600) return {};
    v.resize(600);
    return v;
}

nn::LayerSpec layer(const char* json) {
    auto l = nn::layerFromJson(nlohmann::json::parse(json), 0);
    EXPECT_TRUE(l) << l.message();
    return *l;
}

}  // namespace

TEST(RealData, WandGesturesTrainAndTheStudioAgrees) {
    MOTE_REQUIRE_SHARED("data/ei_capstone_wand_csv/magic-wand-raw");
    const auto dir = test::sharedDir() / "data/ei_capstone_wand_csv/magic-wand-raw";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".csv") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 300u);

    TrainingJob job;
    job.classes = {"alpha", "beta", "gamma", "unknown"};
    std::map<std::string, int> perClassSeen;
    for (const auto& f : files) {
        const std::string name = f.filename().string();
        const std::string label = name.substr(0, name.find('.'));
        const auto it = std::find(job.classes.begin(), job.classes.end(), label);
        ASSERT_NE(it, job.classes.end()) << "unexpected label in " << name;
        auto values = readWandCsv(f);
        ASSERT_FALSE(values.empty()) << name;
        // Every 5th recording of each class (in file-name order) is validation.
        FeatureSet& set = (perClassSeen[label]++ % 5 == 4) ? job.validation : job.train;
        set.values.insert(set.values.end(), values.begin(), values.end());
        set.labels.push_back(static_cast<int32_t>(it - job.classes.begin()));
    }
    job.model.inputShape = {100, 6};
    job.model.layers = {
        layer(R"({"type":"conv1d","params":{"filters":8,"kernel_size":5,"stride":2,"padding":"same","activation":"relu"}})"),
        layer(R"({"type":"max_pool1d","params":{"pool_size":2}})"),
        layer(R"({"type":"conv1d","params":{"filters":16,"kernel_size":3,"padding":"same","activation":"relu"}})"),
        layer(R"({"type":"max_pool1d","params":{"pool_size":2}})"),
        layer(R"({"type":"flatten"})"),
        layer(R"({"type":"dropout","params":{"rate":0.25}})"),
        layer(R"({"type":"dense","params":{"units":4}})"),
        layer(R"({"type":"softmax"})")};
    job.training.epochs = 30;
    job.training.learningRate = 0.005;
    job.training.batchSize = 16;
    job.training.seed = 1;

    TrainerOptions o;
    o.resourcesDir = test::sourceDir() / "resources";
    o.timeLimit = 120s;
    const auto jobDir = test::binaryDir() / "test-tmp" / "train" / "real_wand";
    fs::remove_all(jobDir);
    TrainingRunner runner;
    auto out = runner.run(job, jobDir, o);
    ASSERT_TRUE(out.ok()) << out.error << "\n" << out.log;
    std::printf("[ REPORT ] wand CSV (%zu train / %zu validation recordings, raw 100x6, conv1d): "
                "trainer val accuracy %.1f%%, studio %.1f%%, agreement %.1f%%\n",
                job.train.windows(), job.validation.windows(), out.valAccuracy * 100, out.coreValAccuracy * 100,
                out.coreAgreement * 100);
    EXPECT_GE(out.valAccuracy, 0.85);
    EXPECT_GE(out.coreAgreement, 0.99);
    EXPECT_NEAR(out.coreValAccuracy, out.valAccuracy, 0.005);
}

// The CLI end to end: `mote impulse`, `mote train --json`, `mote runs`
// run as real processes on a real project folder.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/shared_dir.h"
#include "motion_patterns.h"
#include "project/project.h"
#include "train/process_runner.h"

namespace fs = std::filesystem;
using namespace mote;

namespace {

struct CliRun {
    int exitCode = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

CliRun runMote(std::vector<std::string> args) {
    train::ProcessRunner runner;
    train::ProcessOptions o;
    o.argv = {(test::binaryDir() / "bin" / "mote").string()};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.timeLimit = std::chrono::seconds(120);
    CliRun r;
    auto outcome = runner.run(o, [&](const std::string& l) { r.out += l + "\n"; },
                              [&](const std::string& l) { r.err += l + "\n"; });
    EXPECT_TRUE(outcome) << outcome.message();
    if (outcome) r.exitCode = outcome->exited ? outcome->exitCode : -1;
    return r;
}

fs::path makeProject(const std::string& name) {
    const auto dir = test::binaryDir() / "test-tmp" / "train-cli" / name;
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    auto p = project::Project::create(dir, name);
    EXPECT_TRUE(p) << p.message();
    std::vector<dataset::Sample> samples;
    uint32_t seed = 100;
    for (const char* pattern : test::kMotionPatterns)
        for (int i = 0; i < 8; ++i) samples.push_back(test::motionSample(pattern, 6, seed++));
    EXPECT_TRUE(p->store().insertAll(samples));
    return dir;
}

}  // namespace

TEST(CliTrain, ImpulseTrainRuns) {
    const auto dir = makeProject("cli");
    const std::string project = dir.string();

    auto show = runMote({"impulse", "show", "--project", project, "--json"});
    ASSERT_EQ(show.exitCode, 0) << show.err;
    auto impulseJson = nlohmann::json::parse(show.out);
    EXPECT_EQ(impulseJson["sensor"], "motion");
    EXPECT_EQ(impulseJson["version"], 0);

    auto set = runMote({"impulse", "set", "--project", project, "--epochs", "20", "--window-ms", "1000"});
    ASSERT_EQ(set.exitCode, 0) << set.err;
    EXPECT_NE(set.out.find("version 1 saved"), std::string::npos) << set.out;

    auto bad = runMote({"impulse", "set", "--project", project, "--epochs", "0"});
    EXPECT_EQ(bad.exitCode, 4);
    EXPECT_NE(bad.err.find("training.epochs must be between 1 and 10000"), std::string::npos) << bad.err;

    auto trained = runMote({"--json", "train", "--project", project});
    ASSERT_EQ(trained.exitCode, 0) << trained.err;
    auto result = nlohmann::json::parse(trained.out);
    for (const char* key : {"run_id", "dataset_version", "epochs", "train_accuracy", "val_accuracy",
                            "core_val_accuracy", "core_agreement"})
        EXPECT_TRUE(result.contains(key)) << key << " missing in " << trained.out;
    EXPECT_EQ(result["epochs"], 20);
    EXPECT_GE(result["val_accuracy"].get<double>(), 0.9);
    EXPECT_GE(result["core_agreement"].get<double>(), 0.99);
    // One progress line per epoch on stderr.
    EXPECT_NE(trained.err.find("epoch 20/20"), std::string::npos) << trained.err;

    auto list = runMote({"runs", "list", "--project", project, "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    auto runs = nlohmann::json::parse(list.out);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0]["status"], "succeeded");
    EXPECT_EQ(runs[0]["run_id"], result["run_id"]);

    auto shown = runMote({"runs", "show", result["run_id"].dump(), "--project", project, "--log"});
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    EXPECT_NE(shown.out.find("succeeded"), std::string::npos);
    EXPECT_NE(shown.out.find("trainer log"), std::string::npos);

    auto missing = runMote({"runs", "show", "999", "--project", project});
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_NE(missing.err.find("mote runs list"), std::string::npos) << missing.err;
}

TEST(CliTrain, FailingTrainerExitsNonZeroWithTheReason) {
    const auto dir = makeProject("cli_fail");
    {
        auto p = project::Project::open(dir);
        ASSERT_TRUE(p);
        const auto garbage = (test::sourceDir() / "tests/train/fake_trainers/garbage.py").string();
        ASSERT_TRUE(p->setSetting(project::kSettingTrainerCommand,
                                  nlohmann::json::array({"/usr/bin/python3", garbage, "{job}"}).dump()));
    }
    auto r = runMote({"train", "--project", dir.string()});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("failed: the trainer exited without reporting"), std::string::npos) << r.err;
    auto list = runMote({"--json", "runs", "list", "--project", dir.string()});
    auto runs = nlohmann::json::parse(list.out);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0]["status"], "failed");
}

// Training inside a project: impulse stored and versioned, features from
// the stored samples, the real torch trainer, and the run + model recorded
// in the project database. Failures leave a failed run, never a done one.
#include <gtest/gtest.h>

#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/shared_dir.h"
#include "impulse/impulse_defaults.h"
#include "motion_patterns.h"
#include "features/feature_generator.h"
#include "features/impulse_request.h"
#include "train/dataset_features.h"
#include "train/project_training.h"

namespace fs = std::filesystem;
using namespace mote;
using namespace mote::train;
using namespace std::chrono_literals;

namespace {

project::Project makeMotionProject(const std::string& name, int perPattern) {
    const auto dir = test::binaryDir() / "test-tmp" / "train-projects" / name;
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    auto p = project::Project::create(dir, name);
    EXPECT_TRUE(p) << p.message();
    std::vector<dataset::Sample> samples;
    uint32_t seed = 1;
    for (const char* pattern : test::kMotionPatterns)
        for (int i = 0; i < perPattern; ++i)
            samples.push_back(test::motionSample(pattern, 6, seed++, i % 5 == 4 ? dataset::Split::Test : dataset::Split::Train));
    auto ids = p->store().insertAll(samples);
    EXPECT_TRUE(ids) << ids.message();
    return std::move(*p);
}

TrainerOptions options() {
    TrainerOptions o;
    o.resourcesDir = test::sourceDir() / "resources";
    o.timeLimit = 120s;
    return o;
}

}  // namespace

TEST(ProjectTraining, DefaultMotionImpulseTrainsAndIsRecorded) {
    auto project = makeMotionProject("motion_ok", 10);
    auto current = currentImpulse(project);
    ASSERT_TRUE(current) << current.message();
    EXPECT_EQ(current->version, 0);  // not stored yet: the default for the samples' sensor
    EXPECT_EQ(current->config.sensorType, impulse::SensorType::Motion);

    impulse::TrainingSettings quick = current->config.training;
    quick.epochs = 20;
    TrainingRunner runner;
    int epochsSeen = 0;
    TrainingCallbacks cb;
    cb.onEpoch = [&](const EpochReport&) { ++epochsSeen; };
    auto result = trainProject(project, current->config, &computeDatasetFeatures, runner, options(), cb, &quick);
    ASSERT_TRUE(result) << result.message();
    const auto& out = result->outcome;
    ASSERT_TRUE(out.ok()) << out.error << "\n" << out.log;
    EXPECT_EQ(epochsSeen, 20);
    EXPECT_EQ(result->classes, (std::vector<std::string>{"circle", "idle", "shake", "wave"}));
    EXPECT_GE(out.valAccuracy, 0.9);
    EXPECT_GE(out.coreAgreement, 0.99);
    EXPECT_NEAR(out.coreValAccuracy, out.valAccuracy, 0.005);
    std::printf("[ REPORT ] synthetic motion project: val accuracy %.1f%% (trainer) / %.1f%% (studio), agreement %.1f%%\n",
                out.valAccuracy * 100, out.coreValAccuracy * 100, out.coreAgreement * 100);

    // Recorded: impulse version 1 (unchanged by the epochs override), run, model.
    auto stored = currentImpulse(project);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->version, 1);
    EXPECT_EQ(stored->config.training.epochs, current->config.training.epochs);
    auto run = project.store().trainingRun(result->runId);
    ASSERT_TRUE(run) << run.message();
    EXPECT_EQ(run->status, "succeeded");
    EXPECT_EQ(run->datasetVersion, result->datasetVersion);
    EXPECT_EQ(run->impulseConfigId, *stored->id);
    auto metrics = nlohmann::json::parse(run->metricsJson);
    EXPECT_DOUBLE_EQ(metrics["core_agreement"].get<double>(), out.coreAgreement);
    EXPECT_EQ(metrics["history"].size(), 20u);
    EXPECT_NE(metrics["log"].get<std::string>().find("\"event\": \"done\""), std::string::npos);
    auto settings = nlohmann::json::parse(run->settingsJson);
    EXPECT_EQ(settings["impulse"]["training"]["epochs"], 20);  // the effective value of this run
    ASSERT_TRUE(result->modelId);
    auto model = project.store().model(*result->modelId);
    ASSERT_TRUE(model) << model.message();
    EXPECT_EQ(model->kind, "float");
    EXPECT_EQ(model->trainingRunId, result->runId);
    EXPECT_EQ(model->sha256.size(), 64u);
    EXPECT_TRUE(fs::exists(project.dir() / model->path / "0_kernel.npy"));

    // Training again with the same impulse does not add an impulse version.
    auto again = saveImpulse(project, stored->config);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->version, 1);
}

TEST(ProjectTraining, CrashingTrainerLeavesAFailedRunAndNoModel) {
    auto project = makeMotionProject("motion_crash", 4);
    const auto crash = (test::sourceDir() / "tests/train/fake_trainers/crash.py").string();
    ASSERT_TRUE(project.setSetting(project::kSettingTrainerCommand,
                                   nlohmann::json::array({"/usr/bin/python3", crash, "{job}"}).dump()));
    auto opts = trainerOptionsFor(project, test::sourceDir() / "resources");
    ASSERT_TRUE(opts) << opts.message();
    ASSERT_EQ(opts->command.size(), 3u);
    auto current = currentImpulse(project);
    ASSERT_TRUE(current);
    TrainingRunner runner;
    auto result = trainProject(project, current->config, &computeDatasetFeatures, runner, *opts);
    ASSERT_TRUE(result) << result.message();
    EXPECT_EQ(result->outcome.status, RunStatus::Failed);
    auto run = project.store().trainingRun(result->runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, "failed");
    auto metrics = nlohmann::json::parse(run->metricsJson);
    EXPECT_NE(metrics["error"].get<std::string>().find("simulated crash"), std::string::npos);
    EXPECT_NE(metrics["log"].get<std::string>().find("Traceback"), std::string::npos);
    EXPECT_FALSE(result->modelId);
    auto models = project.store().models();
    ASSERT_TRUE(models);
    EXPECT_TRUE(models->empty());
}

TEST(ProjectTraining, BadTrainerSettingAndEmptyProjectAreClearErrors) {
    const auto dir = test::binaryDir() / "test-tmp" / "train-projects" / "empty";
    fs::remove_all(dir);
    auto project = project::Project::create(dir, "empty");
    ASSERT_TRUE(project) << project.message();
    ASSERT_TRUE(project->setSetting(project::kSettingTrainerCommand, "python3 train.py"));
    auto opts = trainerOptionsFor(*project, "/nowhere");
    ASSERT_FALSE(opts);
    EXPECT_NE(opts.message().find("must be a JSON list of strings"), std::string::npos) << opts.message();

    auto current = currentImpulse(*project);
    ASSERT_TRUE(current);
    TrainingRunner runner;
    auto result = trainProject(*project, current->config, &computeDatasetFeatures, runner, options());
    ASSERT_FALSE(result);
    EXPECT_NE(result.message().find("no samples"), std::string::npos) << result.message();
    auto runs = project->store().trainingRuns();
    ASSERT_TRUE(runs);
    EXPECT_TRUE(runs->empty());  // nothing recorded for a run that never started
}

TEST(ProjectTraining, InterruptedRunsAreMarkedFailedButLiveOnesAreNot) {
    auto project = makeMotionProject("interrupted", 2);
    auto impulseRow = saveImpulse(project, impulse::defaultImpulse(impulse::SensorType::Motion));
    ASSERT_TRUE(impulseRow) << impulseRow.message();
    auto version = project.store().datasetVersion();
    ASSERT_TRUE(version);
    // A run whose process died: its row says "running", nobody holds its lock.
    auto dead = project.store().addTrainingRun(*impulseRow->id, *version, "{}", "artifacts/runs/run-dead");
    ASSERT_TRUE(dead) << dead.message();
    // A run still training in another process: its job folder lock is held.
    const auto liveDir = project.dir() / "artifacts/runs/run-live";
    fs::create_directories(liveDir);
    const int fd = ::open((liveDir / ".lock").c_str(), O_CREAT | O_RDWR, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    auto live = project.store().addTrainingRun(*impulseRow->id, *version, "{}", "artifacts/runs/run-live");
    ASSERT_TRUE(live);

    auto marked = recoverInterruptedRuns(project);
    ASSERT_TRUE(marked) << marked.message();
    EXPECT_EQ(*marked, 1);
    auto deadRow = project.store().trainingRun(*dead);
    ASSERT_TRUE(deadRow);
    EXPECT_EQ(deadRow->status, "failed");
    EXPECT_NE(deadRow->metricsJson.find("interrupted"), std::string::npos);
    auto liveRow = project.store().trainingRun(*live);
    ASSERT_TRUE(liveRow);
    EXPECT_EQ(liveRow->status, "running");
    ::close(fd);
}

// Training uses core/features (one feature path): the trainer's matrices are
// exactly the generator's rows, regrouped by split, and a second run reads
// every sample from the cache.
TEST(ProjectTraining, TrainingFeaturesAreTheFeatureGeneratorsRows) {
    auto project = makeMotionProject("features_unified", 4);
    auto current = currentImpulse(project);
    ASSERT_TRUE(current) << current.message();
    auto request = features::requestFromImpulse(current->config);
    ASSERT_TRUE(request) << request.message();
    features::GenerateOptions single;
    single.threads = 1;
    auto reference = features::generateFeatures(project.databaseFile(), *request, single);
    ASSERT_TRUE(reference) << reference.message();
    ASSERT_GT(reference->windows(), 0u);

    size_t lastDone = 0, lastTotal = 0;
    DatasetFeatureOptions opts;
    opts.progress = [&](size_t done, size_t total) { lastDone = done; lastTotal = total; };
    auto trained = computeDatasetFeaturesWith(project, current->config, opts);
    ASSERT_TRUE(trained) << trained.message();
    EXPECT_EQ(lastTotal, reference->samplesUsed);
    EXPECT_EQ(lastDone, lastTotal);
    EXPECT_EQ(trained->classes, reference->classes);
    EXPECT_EQ(trained->train.windows() + trained->test.windows(), reference->windows());
    size_t trainRow = 0, testRow = 0;
    for (size_t w = 0; w < reference->windows(); ++w) {
        const bool isTrain = reference->splits[w] == dataset::Split::Train;
        const FeatureSet& set = isTrain ? trained->train : trained->test;
        size_t& row = isTrain ? trainRow : testRow;
        ASSERT_EQ(set.labels[row], reference->labels[w]);
        ASSERT_EQ(set.groups[row], reference->sampleIds[w]);
        for (uint32_t f = 0; f < reference->featureCount; ++f)
            ASSERT_EQ(set.values[row * reference->featureCount + f], reference->row(w)[f]) << "window " << w << " feature " << f;
        ++row;
    }

    // Second call: everything from the cache, same numbers.
    features::GenerateOptions cached;
    cached.cacheRoot = project.artifactsDir() / "features";
    auto again = features::generateFeatures(project.databaseFile(), *request, cached);
    ASSERT_TRUE(again) << again.message();
    EXPECT_EQ(again->cacheHits, again->samplesUsed);
    EXPECT_EQ(again->values, reference->values);

    // Cancel before start: a clear error, no features.
    std::atomic<bool> cancel{true};
    DatasetFeatureOptions cancelled;
    cancelled.cancel = &cancel;
    cancelled.useCache = false;
    auto none = computeDatasetFeaturesWith(project, current->config, cancelled);
    ASSERT_FALSE(none);
    EXPECT_NE(none.message().find("cancelled"), std::string::npos) << none.message();
}

// The training runner end to end with the real torch trainer, and with fake
// trainers that crash, hang, print garbage, or write wrong weights: each must
// end in a clear error, never in a run that looks done.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/shared_dir.h"
#include "synthetic_data.h"
#include "train/python_finder.h"
#include "train/training_runner.h"

namespace fs = std::filesystem;
using namespace mote;
using namespace mote::train;
using namespace std::chrono_literals;

namespace {

fs::path jobDir(const std::string& name) {
    auto dir = test::binaryDir() / "test-tmp" / "train" / name;
    fs::remove_all(dir);
    return dir;
}

std::string fake(const std::string& name) {
    return (test::sourceDir() / "tests/train/fake_trainers" / name).string();
}

TrainerOptions defaultOptions() {
    TrainerOptions o;
    o.resourcesDir = test::sourceDir() / "resources";
    o.timeLimit = 120s;
    return o;
}

nn::LayerSpec layer(const char* json) {
    auto l = nn::layerFromJson(nlohmann::json::parse(json), 0);
    EXPECT_TRUE(l) << l.message();
    return *l;
}

// 4 well-separated classes, MLP 12 -> 16 -> 4.
TrainingJob blobJob(int epochs = 15) {
    TrainingJob job;
    job.classes = {"idle", "wave", "circle", "shake"};
    job.model.inputShape = {12};
    job.model.layers = {layer(R"({"type":"dense","params":{"units":16,"activation":"relu"}})"),
                        layer(R"({"type":"dense","params":{"units":4}})"), layer(R"({"type":"softmax"})")};
    job.training.epochs = epochs;
    job.training.learningRate = 0.01;
    job.training.batchSize = 16;
    job.training.seed = 3;
    job.train = test::blobs(4, 12, 60, 1);
    job.validation = test::blobs(4, 12, 20, 2);
    return job;
}

}  // namespace

TEST(TrainingRunner, TorchTrainerLearnsAndTheStudioAgrees) {
    const auto dir = jobDir("torch_mlp");
    TrainingJob job = blobJob();
    std::vector<EpochReport> epochs;
    TrainingCallbacks cb;
    cb.onEpoch = [&](const EpochReport& e) { epochs.push_back(e); };
    TrainingRunner runner;
    auto out = runner.run(job, dir, defaultOptions(), cb);
    ASSERT_TRUE(out.ok()) << out.error << "\n" << out.log;
    EXPECT_EQ(out.epochs, 15);
    ASSERT_EQ(epochs.size(), 15u);
    EXPECT_EQ(epochs.back().epoch, 15);
    ASSERT_TRUE(epochs.back().valAccuracy.has_value());
    EXPECT_LT(epochs.back().loss, epochs.front().loss);  // it learned
    EXPECT_GE(out.valAccuracy, 0.9);
    EXPECT_GE(out.coreAgreement, 0.99);
    EXPECT_NEAR(out.coreValAccuracy, out.valAccuracy, 0.005);
    EXPECT_EQ(out.coreMetrics.confusion.size(), 4u);
    EXPECT_TRUE(fs::exists(dir / "weights" / "0_kernel.npy"));
    EXPECT_TRUE(fs::exists(dir / "trainer.log"));
    EXPECT_NE(out.log.find("\"event\": \"done\""), std::string::npos);
    ASSERT_TRUE(out.graph.has_value());
    EXPECT_TRUE(out.graph->hasAllWeights());

    auto m = out.metricsJson(job.classes);
    EXPECT_EQ(m["status"], "succeeded");
    EXPECT_EQ(m["history"].size(), 15u);
    EXPECT_EQ(m["core"]["per_class"][2]["class"], "circle");
    EXPECT_DOUBLE_EQ(m["core_agreement"].get<double>(), out.coreAgreement);

    // Same seed, same data: the trainer is deterministic.
    TrainingRunner again;
    auto out2 = again.run(job, jobDir("torch_mlp_again"), defaultOptions());
    ASSERT_TRUE(out2.ok()) << out2.error;
    EXPECT_DOUBLE_EQ(out2.valAccuracy, out.valAccuracy);
    EXPECT_DOUBLE_EQ(out2.trainLoss, out.trainLoss);
}

TEST(TrainingRunner, TorchTrainerConvBatchNormPoolLayoutsAgree) {
    TrainingJob job;
    job.classes = {"a", "b", "c"};
    job.model.inputShape = {16, 3};
    job.model.layers = {
        layer(R"({"type":"conv1d","params":{"filters":6,"kernel_size":3,"padding":"same","activation":"relu"}})"),
        layer(R"({"type":"batch_norm"})"), layer(R"({"type":"max_pool1d","params":{"pool_size":2}})"),
        layer(R"({"type":"reshape","params":{"shape":[8,6,1]}})"),
        layer(R"({"type":"depthwise_conv2d","params":{"kernel_size":[3,1],"depth_multiplier":2,"padding":"same"}})"),
        layer(R"({"type":"flatten"})"), layer(R"({"type":"dropout","params":{"rate":0.2}})"),
        layer(R"({"type":"dense","params":{"units":3}})"), layer(R"({"type":"softmax"})")};
    job.training.epochs = 12;
    job.training.learningRate = 0.01;
    job.training.batchSize = 16;
    job.training.augmentation = {0.05, 2, 1};
    job.train = test::waves(3, 16, 3, 50, 5);
    job.validation = test::waves(3, 16, 3, 20, 6);
    TrainingRunner runner;
    auto out = runner.run(job, jobDir("torch_conv"), defaultOptions());
    ASSERT_TRUE(out.ok()) << out.error << "\n" << out.log;
    EXPECT_GE(out.coreAgreement, 0.99);
    EXPECT_NEAR(out.coreValAccuracy, out.valAccuracy, 0.005);
    EXPECT_GE(out.valAccuracy, 0.9);
}

TEST(TrainingRunner, CrashingTrainerIsAFailureWithItsMessage) {
    TrainerOptions o = defaultOptions();
    o.command = {"/usr/bin/python3", fake("crash.py"), "{job}"};
    TrainingRunner runner;
    auto out = runner.run(blobJob(), jobDir("crash"), o);
    EXPECT_EQ(out.status, RunStatus::Failed);
    EXPECT_NE(out.error.find("exited with code 1"), std::string::npos) << out.error;
    EXPECT_NE(out.error.find("simulated crash"), std::string::npos) << out.error;
    EXPECT_EQ(out.history.size(), 1u);
    EXPECT_NE(out.log.find("stderr: Traceback"), std::string::npos) << out.log;
    EXPECT_FALSE(out.graph.has_value());
}

TEST(TrainingRunner, HangingTrainerHitsTheTimeLimit) {
    TrainerOptions o = defaultOptions();
    o.command = {"/usr/bin/python3", fake("hang.py"), "{job}"};
    o.timeLimit = 1500ms;
    o.killGrace = 300ms;
    TrainingRunner runner;
    const auto t0 = std::chrono::steady_clock::now();
    auto out = runner.run(blobJob(), jobDir("hang"), o);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
    EXPECT_EQ(out.status, RunStatus::TimedOut);
    EXPECT_NE(out.error.find("time limit of 1.5 s passed"), std::string::npos) << out.error;
}

TEST(TrainingRunner, GarbageOutputIsAFailureQuotingIt) {
    TrainerOptions o = defaultOptions();
    o.command = {"/usr/bin/python3", fake("garbage.py"), "{job}"};
    TrainingRunner runner;
    auto out = runner.run(blobJob(), jobDir("garbage"), o);
    EXPECT_EQ(out.status, RunStatus::Failed);
    EXPECT_NE(out.error.find("without reporting {\"event\":\"done\"}"), std::string::npos) << out.error;
    EXPECT_NE(out.error.find("3 stdout line(s) were not JSON"), std::string::npos) << out.error;
    EXPECT_NE(out.error.find("Epoch 1/3"), std::string::npos) << out.error;
}

TEST(TrainingRunner, WrongShapedWeightsAreRejected) {
    TrainerOptions o = defaultOptions();
    o.command = {"/usr/bin/python3", fake("wrong_shape.py"), "{job}"};
    TrainingRunner runner;
    auto out = runner.run(blobJob(), jobDir("wrong_shape"), o);
    EXPECT_EQ(out.status, RunStatus::Failed);
    EXPECT_NE(out.error.find("0_kernel.npy has shape [12, 16], expected [16, 12]"), std::string::npos) << out.error;
    EXPECT_NE(out.error.find("docs/trainer-contract.md"), std::string::npos);
}

TEST(TrainingRunner, RightShapeWrongLayoutIsCaughtByTheForwardPass) {
    TrainerOptions o = defaultOptions();
    auto python = findTorchPython();
    ASSERT_TRUE(python) << python.message();
    o.command = {*python, fake("shuffled_layout.py"), "{resources}/trainers/torch_trainer.py", "{job}"};
    TrainingRunner runner;
    auto out = runner.run(blobJob(), jobDir("shuffled"), o);
    EXPECT_EQ(out.status, RunStatus::Failed);
    EXPECT_NE(out.error.find("forward pass disagrees with the trainer"), std::string::npos) << out.error;
}

TEST(TrainingRunner, CancelStopsTheTrainer) {
    TrainerOptions o = defaultOptions();
    o.command = {"/usr/bin/python3", fake("hang.py"), "{job}"};
    o.killGrace = 300ms;
    TrainingRunner runner;
    std::thread canceller;
    TrainingCallbacks cb;
    cb.onEvent = [&](const nlohmann::json& e) {
        if (e["event"] == "start") canceller = std::thread([&] { runner.cancel(); });
    };
    auto out = runner.run(blobJob(), jobDir("cancel"), o, cb);
    if (canceller.joinable()) canceller.join();
    EXPECT_EQ(out.status, RunStatus::Cancelled);
    EXPECT_EQ(out.error, "training was cancelled");
}

TEST(TrainingRunner, MissingTorchNamesThePackage) {
    TrainerOptions o = defaultOptions();
    o.python = fake("no_torch_python.sh");
    TrainingRunner runner;
    auto out = runner.run(blobJob(), jobDir("no_torch"), o);
    EXPECT_EQ(out.status, RunStatus::Failed);
    EXPECT_NE(out.error.find("apt-get install python3-torch"), std::string::npos) << out.error;
}

TEST(TrainingRunner, BadJobIsRefusedBeforeRunning) {
    TrainingJob job = blobJob();
    job.train.labels[3] = 9;
    TrainingRunner runner;
    auto out = runner.run(job, jobDir("bad_job"), defaultOptions());
    EXPECT_EQ(out.status, RunStatus::Failed);
    EXPECT_NE(out.error.find("class index 9"), std::string::npos) << out.error;
    EXPECT_TRUE(out.argv.empty());
}

TEST(TrainingJob, SplitValidationKeepsSamplesTogetherAndIsStratified) {
    FeatureSet all;
    for (int s = 0; s < 20; ++s)
        for (int w = 0; w < 3; ++w) {
            all.values.push_back(static_cast<float>(s));
            all.labels.push_back(s % 2);
            all.groups.push_back(s);
        }
    FeatureSet train, val;
    splitValidation(all, 1, 0.2, 7, train, val);
    EXPECT_EQ(val.windows(), 12u);  // 2 samples per class x 3 windows
    EXPECT_EQ(train.windows(), 48u);
    for (int64_t g : val.groups)
        EXPECT_EQ(std::count(train.groups.begin(), train.groups.end(), g), 0) << "sample " << g << " leaked";
    EXPECT_EQ(std::count(val.labels.begin(), val.labels.end(), 0), 6);
    FeatureSet train2, val2;
    splitValidation(all, 1, 0.2, 7, train2, val2);
    EXPECT_EQ(val2.groups, val.groups);
}

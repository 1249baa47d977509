// quantizeRun on a real project trained by the real torch trainer on the
// simulated board's IMU data: int8 accuracy within 2 points of float,
// consistent report, files + DB rows, float I/O, stored reports, errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "nn/quantize/tensor_float.h"
#include "nn/runtime/executor.h"
#include "nn/tflite/reader.h"
#include "trained_motion_project.h"
#include "train/process_runner.h"
#include "train/project_quantization.h"

namespace fs = std::filesystem;
using namespace mote;
using namespace mote::train;

namespace {

int64_t sum(const std::vector<std::vector<int64_t>>& m) {
    int64_t s = 0;
    for (const auto& row : m)
        for (int64_t v : row) s += v;
    return s;
}

}  // namespace

TEST(ProjectQuantize, Int8WithinTwoPointsOfFloatAndReportConsistent) {
    const auto dir = test::trainedMotionProjectCopy("main");
    auto project = project::Project::open(dir);
    ASSERT_TRUE(project) << project.message();
    std::vector<std::string> stages;
    auto report = quantizeRun(*project, {}, [&](const std::string& stage, size_t, size_t) {
        if (stages.empty() || stages.back() != stage) stages.push_back(stage);
    });
    ASSERT_TRUE(report) << report.message();
    const auto& r = *report;
    std::printf("[ REPORT ] simulated board (5 patterns, held-out board as test): float %.2f%%, int8 %.2f%%, "
                "drop %.2f pp on %lld %s windows; flash %zu B, weights %zu B, arena %zu B (lower bound %zu), "
                "%lld MACs, host %.1f us/inference\n",
                r.floatAccuracy * 100, r.int8Accuracy * 100, r.accuracyDropPp, static_cast<long long>(r.evaluatedWindows),
                r.evaluatedOn.c_str(), r.flashBytes, r.weightsBytes, r.arenaBytes, r.arenaLowerBoundBytes,
                static_cast<long long>(r.macs), r.hostInferenceUs);

    EXPECT_EQ(r.labels.size(), 5u);
    EXPECT_EQ(r.evaluatedOn, "test");
    EXPECT_GE(r.floatAccuracy, 0.8);
    EXPECT_LE(std::abs(r.floatAccuracy - r.int8Accuracy), 0.02) << "int8 must stay within 2 percentage points";
    EXPECT_NEAR(r.accuracyDropPp, (r.floatAccuracy - r.int8Accuracy) * 100, 1e-9);
    EXPECT_EQ(sum(r.floatMetrics.confusion), r.evaluatedWindows);
    EXPECT_EQ(sum(r.int8Metrics.confusion), r.evaluatedWindows);
    EXPECT_EQ(r.floatMetrics.perClass.size(), 5u);
    EXPECT_EQ(r.calibrationWindows, 200);
    EXPECT_GE(r.arenaBytes, r.arenaLowerBoundBytes);
    EXPECT_GT(r.arenaLowerBoundBytes, 0u);
    EXPECT_GT(r.macs, 0);
    EXPECT_GT(r.weightsBytes, 0u);
    EXPECT_GT(r.flashBytes, r.weightsBytes);
    EXPECT_LT(r.flashBytes, r.floatFlashBytes);  // int8 weights are a quarter of float's
    EXPECT_GT(r.inputScale, 0.0f);
    const std::vector<std::string> expectedStages = {"features", "calibrate", "quantize", "evaluate", "debug", "write"};
    EXPECT_EQ(stages, expectedStages);

    // The debugger: one row per activation op, real scales, finite figures,
    // and a softmax output at TFLite's fixed 1/256, -128.
    ASSERT_FALSE(r.layers.empty());
    bool sawSoftmax = false;
    for (const auto& l : r.layers) {
        EXPECT_FALSE(l.op.empty());
        EXPECT_FALSE(l.tensor.empty());
        EXPECT_GT(l.scale, 0.0f) << l.tensor;
        EXPECT_GE(l.rmse, 0.0);
        EXPECT_GE(l.maxAbsError, l.rmse);
        EXPECT_GT(l.snrDb, 5.0) << l.op << " " << l.tensor;
        if (l.op == "SOFTMAX") {
            sawSoftmax = true;
            EXPECT_FLOAT_EQ(l.scale, 1.0f / 256.0f);
            EXPECT_EQ(l.zeroPoint, -128);
        }
    }
    EXPECT_TRUE(sawSoftmax);
    auto worst = worstLayers(r, 2);
    ASSERT_EQ(worst.size(), std::min<size_t>(2, r.layers.size()));
    for (const auto& l : r.layers) EXPECT_GE(l.snrDb, worst[0].snrDb);

    // Latency estimates: the Cortex-M4 profile has a figure, host-sim does not.
    bool sawQemu = false, sawHost = false;
    for (const auto& e : r.latency) {
        if (e.board == "qemu-mps2-an386") {
            sawQemu = true;
            ASSERT_TRUE(e.applicable) << e.note;
            EXPECT_NEAR(e.estimatedMs, static_cast<double>(r.macs) * e.cyclesPerMac / e.clockHz * 1000.0, 1e-9);
            EXPECT_NE(e.note.find("estimate"), std::string::npos);
        }
        if (e.board == "host-sim") {
            sawHost = true;
            EXPECT_FALSE(e.applicable);
            EXPECT_NE(e.note.find("measured host inference"), std::string::npos) << e.note;
        }
    }
    EXPECT_TRUE(sawQemu);
    EXPECT_TRUE(sawHost);

    // Files and DB rows: int8 <- float-tflite <- float weights.
    EXPECT_EQ(r.path, "artifacts/models/run-" + std::to_string(r.runId) + "-int8.tflite");
    ASSERT_TRUE(fs::exists(dir / r.path));
    ASSERT_TRUE(fs::exists(dir / r.floatPath));
    EXPECT_TRUE(fs::exists(dir / "artifacts/models" / ("run-" + std::to_string(r.runId) + "-int8.report.json")));
    EXPECT_EQ(fs::file_size(dir / r.path), r.flashBytes);
    auto int8Row = project->store().model(r.modelId);
    ASSERT_TRUE(int8Row) << int8Row.message();
    EXPECT_EQ(int8Row->kind, "int8");
    EXPECT_EQ(int8Row->trainingRunId, r.runId);
    ASSERT_TRUE(int8Row->parentModelId.has_value());
    EXPECT_EQ(*int8Row->parentModelId, r.floatModelId);
    auto floatRow = project->store().model(r.floatModelId);
    ASSERT_TRUE(floatRow);
    EXPECT_EQ(floatRow->kind, "float-tflite");
    ASSERT_TRUE(floatRow->parentModelId.has_value());
    EXPECT_EQ(project->store().model(*floatRow->parentModelId)->kind, "float");

    // The written int8 model reads back, is int8 in and out, and gives the
    // report's int8 predictions... spot-check: it runs and its output is a distribution.
    auto model = nn::readModelFile((dir / r.path).string());
    ASSERT_TRUE(model) << model.message();
    EXPECT_EQ(model->tensors[size_t(model->inputs[0])].type, nn::DType::Int8);
    EXPECT_EQ(model->tensors[size_t(model->outputs[0])].type, nn::DType::Int8);
    EXPECT_NE(model->description.find("Mote Studio"), std::string::npos);

    // Stored report == returned report.
    auto loaded = loadReport(*project, r.modelId);
    ASSERT_TRUE(loaded) << loaded.message();
    EXPECT_EQ(reportToJson(*loaded), reportToJson(r));

    // A second quantization does not overwrite the first model file.
    QuantizeRunOptions again;
    again.calibrationWindows = 20;
    again.percentile = 99.9;
    auto second = quantizeRun(*project, again);
    ASSERT_TRUE(second) << second.message();
    EXPECT_NE(second->path, r.path);
    EXPECT_EQ(second->calibrationWindows, 20);
    EXPECT_EQ(fs::file_size(dir / r.path), r.flashBytes);
    EXPECT_LE(std::abs(second->floatAccuracy - r.floatAccuracy), 1e-12);
}

TEST(ProjectQuantize, FloatIoModelTakesAndGivesFloat32) {
    const auto dir = test::trainedMotionProjectCopy("float_io");
    auto project = project::Project::open(dir);
    ASSERT_TRUE(project) << project.message();
    auto plain = quantizeRun(*project, {});
    ASSERT_TRUE(plain) << plain.message();
    QuantizeRunOptions o;
    o.floatIo = true;
    o.outputPath = dir / "exports" / "motion-float-io.tflite";
    auto wrapped = quantizeRun(*project, o);
    ASSERT_TRUE(wrapped) << wrapped.message();
    EXPECT_TRUE(wrapped->floatIo);
    EXPECT_EQ(wrapped->path, "exports/motion-float-io.tflite");
    EXPECT_EQ(wrapped->floatPath, "exports/motion-float-io-float.tflite");
    // Same int8 graph inside: identical predictions, so identical metrics.
    EXPECT_EQ(wrapped->int8Metrics.confusion, plain->int8Metrics.confusion);

    auto model = nn::readModelFile((dir / wrapped->path).string());
    ASSERT_TRUE(model) << model.message();
    const auto& in = model->tensors[size_t(model->inputs[0])];
    const auto& out = model->tensors[size_t(model->outputs[0])];
    EXPECT_EQ(in.type, nn::DType::Float32);
    EXPECT_EQ(out.type, nn::DType::Float32);
    EXPECT_EQ(model->operators.front().builtin, static_cast<int32_t>(nn::BuiltinOp::Quantize));
    EXPECT_EQ(model->operators.back().builtin, static_cast<int32_t>(nn::BuiltinOp::Dequantize));

    // Runs: float in, a probability distribution out, equal to the plain
    // int8 model's dequantized output for the same window.
    auto plainModel = nn::readModelFile((dir / plain->path).string());
    ASSERT_TRUE(plainModel);
    auto fx = nn::Executor::create(*model);
    ASSERT_TRUE(fx) << fx.message();
    auto qx = nn::Executor::create(*plainModel);
    ASSERT_TRUE(qx) << qx.message();
    std::vector<float> x(static_cast<size_t>(in.elements()));
    for (size_t i = 0; i < x.size(); ++i) x[i] = 0.3f * std::sin(0.7f * static_cast<float>(i));
    ASSERT_TRUE(nn::storeFloats(in, x, (*fx)->inputData(0)));
    ASSERT_TRUE(nn::storeFloats((*qx)->inputTensor(0), x, (*qx)->inputData(0)));
    (*fx)->invoke();
    (*qx)->invoke();
    const auto a = nn::loadFloats(out, (*fx)->outputData(0));
    const auto b = nn::loadFloats((*qx)->outputTensor(0), (*qx)->outputData(0));
    EXPECT_EQ(a, b);
    float total = 0;
    for (float v : a) total += v;
    EXPECT_NEAR(total, 1.0f, 0.05f);
}

TEST(ProjectQuantize, ErrorsNameTheProblem) {
    const auto empty = test::binaryDir() / "test-tmp" / "quantize" / "empty";
    fs::remove_all(empty);
    auto fresh = project::Project::create(empty, "empty");
    ASSERT_TRUE(fresh) << fresh.message();
    auto none = quantizeRun(*fresh, {});
    ASSERT_FALSE(none);
    EXPECT_EQ(none.message(), "no trained run: run `mote train` first");

    const auto dir = test::trainedMotionProjectCopy("errors");
    auto project = project::Project::open(dir);
    ASSERT_TRUE(project) << project.message();
    QuantizeRunOptions bad;
    bad.runId = 9999;
    auto missing = quantizeRun(*project, bad);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.message().find("run 9999 does not exist"), std::string::npos) << missing.message();

    QuantizeRunOptions zero;
    zero.calibrationWindows = 0;
    auto noCalibration = quantizeRun(*project, zero);
    ASSERT_FALSE(noCalibration);
    EXPECT_NE(noCalibration.message().find("--calibration"), std::string::npos);

    QuantizeRunOptions pct;
    pct.percentile = 20;
    EXPECT_FALSE(quantizeRun(*project, pct));

    // Cancelled (during evaluation): an error, and nothing recorded.
    const auto before = project->store().models()->size();
    auto filesIn = [](const fs::path& d) {
        size_t n = 0;
        if (fs::exists(d))
            for ([[maybe_unused]] const auto& e : fs::directory_iterator(d)) ++n;
        return n;
    };
    const size_t filesBefore = filesIn(dir / "artifacts/models");
    std::atomic<bool> cancel{false};
    auto cancelled = quantizeRun(*project, {}, [&](const std::string& stage, size_t done, size_t) {
        if (stage == "evaluate" && done >= 3) cancel = true;
    }, &cancel);
    ASSERT_FALSE(cancelled);
    EXPECT_EQ(cancelled.message(), "quantization cancelled");
    EXPECT_EQ(project->store().models()->size(), before);
    EXPECT_EQ(filesIn(dir / "artifacts/models"), filesBefore);
    // ... and while the features are computed.
    std::atomic<bool> cancelEarly{false};
    size_t featureCalls = 0;
    auto early = quantizeRun(*project, {}, [&](const std::string& stage, size_t, size_t total) {
        if (stage == "features" && total > 0 && ++featureCalls == 1) cancelEarly = true;
    }, &cancelEarly);
    ASSERT_FALSE(early);
    EXPECT_EQ(early.message(), "quantization cancelled");
    EXPECT_GE(featureCalls, 1u);
    EXPECT_EQ(project->store().models()->size(), before);

    // loadReport on a non-int8 model.
    auto models = project->store().models();
    ASSERT_TRUE(models && !models->empty());
    auto notInt8 = loadReport(*project, models->front().id);
    ASSERT_FALSE(notInt8);
    EXPECT_NE(notInt8.message().find("reports exist for int8 models"), std::string::npos) << notInt8.message();
    EXPECT_FALSE(loadReport(*project, 424242));
}

// The CLI as a real process on a copy of the trained project.
namespace {

struct CliRun {
    int exitCode = -1;
    std::string out, err;
};

CliRun runMote(const std::vector<std::string>& args) {
    ProcessRunner runner;
    ProcessOptions o;
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

}  // namespace

TEST(ProjectQuantizeCli, QuantizeJsonModelsListLibraryExportAndErrors) {
    const auto dir = test::trainedMotionProjectCopy("cli");
    const std::string project = dir.string();

    auto q = runMote({"--json", "quantize", "--project", project, "--calibration", "50"});
    ASSERT_EQ(q.exitCode, 0) << q.err;
    auto j = nlohmann::json::parse(q.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << q.out;
    for (const char* key : {"model_id", "path", "run_id", "labels", "float_accuracy", "int8_accuracy",
                            "accuracy_drop_pp", "evaluated_on", "confusion_float", "confusion_int8", "layers",
                            "weights_bytes", "flash_bytes", "arena_bytes", "arena_lower_bound_bytes", "macs",
                            "latency_estimates"})
        EXPECT_TRUE(j.contains(key)) << key << " missing";
    EXPECT_EQ(j["calibration_windows"], 50);
    EXPECT_LE(std::abs(j["float_accuracy"].get<double>() - j["int8_accuracy"].get<double>()), 0.02);
    EXPECT_FALSE(j["layers"].empty());
    EXPECT_EQ(j["confusion_int8"]["confusion"].size(), j["labels"].size());
    for (const auto& e : j["latency_estimates"]) EXPECT_TRUE(e["estimate"].get<bool>());
    EXPECT_NE(q.err.find("calibrate"), std::string::npos) << "progress goes to stderr: " << q.err;
    ASSERT_TRUE(fs::exists(dir / j["path"].get<std::string>()));

    // Human output names the figures.
    auto human = runMote({"quantize", "--project", project, "--float-io"});
    ASSERT_EQ(human.exitCode, 0) << human.err;
    EXPECT_NE(human.out.find("accuracy on test"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("worst layers"), std::string::npos);
    EXPECT_NE(human.out.find("ESTIMATES"), std::string::npos);
    EXPECT_NE(human.out.find("float32"), std::string::npos);

    auto list = runMote({"models", "list", "--project", project, "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    auto models = nlohmann::json::parse(list.out, nullptr, false);
    ASSERT_TRUE(models.is_array());
    int int8Rows = 0;
    for (const auto& m : models)
        if (m["kind"] == "int8") ++int8Rows;
    EXPECT_EQ(int8Rows, 2);

    auto lib = runMote({"model", "export", (dir / j["path"].get<std::string>()).string(), "--format", "c++-library",
                        "--output", (dir / "lib").string(), "--json"});
    ASSERT_EQ(lib.exitCode, 0) << lib.err;
    auto libJson = nlohmann::json::parse(lib.out, nullptr, false);
    ASSERT_TRUE(libJson.is_object()) << lib.out;
    EXPECT_TRUE(fs::exists(dir / "lib" / "CMakeLists.txt"));
    EXPECT_TRUE(fs::exists(dir / "lib" / "include" / "mote_model_library.h"));
    EXPECT_FALSE(libJson["kernel_sources"].empty());

    auto badRun = runMote({"quantize", "--project", project, "--run", "999"});
    EXPECT_EQ(badRun.exitCode, 4);
    EXPECT_NE(badRun.err.find("run 999 does not exist"), std::string::npos) << badRun.err;

    const auto empty = test::binaryDir() / "test-tmp" / "quantize" / "cli-empty";
    fs::remove_all(empty);
    ASSERT_TRUE(project::Project::create(empty, "empty"));
    auto none = runMote({"quantize", "--project", empty.string(), "--json"});
    EXPECT_EQ(none.exitCode, 4);
    EXPECT_NE(none.err.find("no trained run: run `mote train` first"), std::string::npos) << none.err;
    EXPECT_TRUE(none.out.empty());
}

TEST(ProjectQuantize, EmptyTestSplitEvaluatesOnValidationAndSaysSo) {
    const auto dir = test::trainedMotionProjectCopy("no_test_split");
    auto project = project::Project::open(dir);
    ASSERT_TRUE(project) << project.message();
    dataset::SampleFilter testOnly;
    testOnly.split = dataset::Split::Test;
    dataset::Page all;
    all.limit = 0;
    auto tests = project->store().query(testOnly, all);
    ASSERT_TRUE(tests && !tests->empty());
    std::vector<int64_t> ids;
    for (const auto& s : *tests) ids.push_back(s.id);
    ASSERT_TRUE(project->store().moveToSplit(ids, dataset::Split::Train));

    auto r = quantizeRun(*project, {});
    ASSERT_TRUE(r) << r.message();
    EXPECT_EQ(r->evaluatedOn, "validation");
    EXPECT_GT(r->evaluatedWindows, 0);
    EXPECT_EQ(sum(r->int8Metrics.confusion), r->evaluatedWindows);
    auto mentions = [&](const std::string& text) {
        return std::any_of(r->warnings.begin(), r->warnings.end(),
                           [&](const std::string& w) { return w.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(mentions("test split is empty"));
    EXPECT_TRUE(mentions("dataset changed since run"));
}

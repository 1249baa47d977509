#include "firmware/on_device_eval.h"

#include <algorithm>
#include <chrono>
#include <span>

#include "nn/graph/graph.h"
#include "nn/graph/metrics.h"
#include "nn/quantize/tensor_float.h"
#include "nn/runtime/executor.h"
#include "nn/tflite/reader.h"
#include "train/dataset_features.h"
#include "train/project_quantization.h"

namespace mote::firmware {
namespace {

Result<int64_t> newestInt8Model(const dataset::SampleStore& store) {
    auto models = store.models();
    if (!models)
        return models.error();
    for (auto it = models->rbegin(); it != models->rend(); ++it)
        if (it->kind == train::kModelKindInt8)
            return it->id;
    return makeError("the project has no int8 model: run `mote quantize` first");
}

std::filesystem::path resolve(const project::Project& project, const std::string& path) {
    const std::filesystem::path p(path);
    return p.is_absolute() ? p : project.dir() / p;
}

}  // namespace

Result<OnDeviceEvalReport> evaluateOnDevice(project::Project& project, const OnDeviceEvalOptions& options,
                                            const LogFn& log, const EvalProgressFn& progress,
                                            const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    auto say = [&](const std::string& line) {
        if (log)
            log(line);
    };
    OnDeviceEvalReport report;
    auto modelId = options.modelId ? Result<int64_t>(*options.modelId) : newestInt8Model(project.store());
    if (!modelId)
        return modelId.error();
    auto quant = train::loadReport(project, *modelId);
    if (!quant)
        return makeError("model " + std::to_string(*modelId) + ": " + quant.message());
    report.modelId = *modelId;
    report.modelPath = quant->path;
    report.labels = quant->labels;
    report.board = options.board.name;
    report.emulated = options.board.emulated;

    // The impulse the model was trained with (recorded in its run).
    auto run = project.store().trainingRun(quant->runId);
    if (!run)
        return run.error();
    auto settings = nlohmann::json::parse(run->settingsJson, nullptr, false);
    if (!settings.is_object() || !settings.contains("impulse"))
        return makeError("run " + std::to_string(run->id) + " has no impulse recorded: train it again");
    auto impulse = impulse::impulseFromJson(settings["impulse"]);
    if (!impulse)
        return impulse.error();

    say("computing test-split features");
    auto data = train::computeDatasetFeatures(project, *impulse);
    if (!data)
        return data.error();
    if (data->classes != report.labels)
        return makeError("the dataset's labels changed since the model was trained: quantize a new model");
    const auto& test = data->test;
    if (test.windows() == 0)
        return makeError("the test split has no windows: move some samples to Test (mote dataset split)");

    const auto modelPath = resolve(project, quant->path);
    auto model = nn::readModelFile(modelPath.string());
    if (!model)
        return makeError("cannot read " + modelPath.string() + ": " + model.message());
    auto host = nn::Executor::create(std::move(*model));
    if (!host)
        return host.error();
    auto& ex = **host;
    size_t windowSize = 1;
    for (int d : data->windowShape)
        windowSize *= static_cast<size_t>(d);
    if (ex.inputCount() != 1 || static_cast<size_t>(ex.inputTensor(0).elements()) != windowSize)
        return makeError("the model's input does not match the impulse's " + std::to_string(windowSize) +
                         " features per window");

    BoardModelRequest request;
    request.model = modelPath;
    request.labels = report.labels;
    request.board = options.board;
    request.flasher = options.flasher;
    request.port = options.port;
    request.workDir = options.workDir.empty()
                          ? std::filesystem::temp_directory_path() / ("mote-eval-" + options.board.name)
                          : options.workDir;
    auto runner = BoardModelRunner::open(request, log);
    if (!runner)
        return runner.error();
    report.deployed = (*runner)->deployed();
    report.modelHash = (*runner)->modelHash();

    const size_t total = options.maxWindows ? std::min(options.maxWindows, test.windows()) : test.windows();
    std::vector<int64_t> truth, hostPred, devicePred;
    double cycleSum = 0, usSum = 0;
    report.minCycles = UINT64_MAX;
    uint32_t windowInSample = 0;
    say("running " + std::to_string(total) + " test windows on " + options.board.name);
    for (size_t i = 0; i < total; ++i) {
        if (cancel && cancel->load())
            return makeError("evaluation cancelled");
        const int64_t sampleId = i < test.groups.size() ? test.groups[i] : -1;
        windowInSample = (i > 0 && i < test.groups.size() && test.groups[i - 1] == sampleId) ? windowInSample + 1 : 0;
        const float* x = test.values.data() + i * windowSize;
        if (auto s = nn::storeFloats(ex.inputTensor(0), std::span<const float>(x, windowSize), ex.inputData(0)); !s)
            return s.error();
        // The exact bytes the host runs go to the board.
        std::vector<uint8_t> input(ex.inputData(0), ex.inputData(0) + ex.inputTensor(0).bytes());
        ex.invoke();
        const int hostClass = nn::argmax(nn::loadFloats(ex.outputTensor(0), ex.outputData(0)));
        BoardRunStats stats;
        auto out = (*runner)->run({input}, &stats);
        if (!out)
            return makeError("window " + std::to_string(windowInSample) + " of sample " + std::to_string(sampleId) +
                             ": " + out.message());
        if (out->size() != 1 || (*out)[0].size() != ex.outputTensor(0).bytes())
            return makeError("the board returned an output of the wrong size");
        const int deviceClass = nn::argmax(nn::loadFloats(ex.outputTensor(0), (*out)[0].data()));
        truth.push_back(test.labels[i]);
        hostPred.push_back(hostClass);
        devicePred.push_back(deviceClass);
        if (hostClass != deviceClass)
            report.mismatches.push_back({sampleId, windowInSample, test.labels[i], hostClass, deviceClass});
        cycleSum += static_cast<double>(stats.cycles);
        usSum += stats.timeUs;
        report.minCycles = std::min(report.minCycles, stats.cycles);
        report.maxCycles = std::max(report.maxCycles, stats.cycles);
        if (progress)
            progress(i + 1, total);
    }
    const int classes = static_cast<int>(report.labels.size());
    const auto deviceMetrics = nn::computeMetrics(truth, devicePred, classes);
    const auto hostMetrics = nn::computeMetrics(truth, hostPred, classes);
    report.windows = total;
    report.deviceAccuracy = deviceMetrics.accuracy;
    report.hostInt8Accuracy = hostMetrics.accuracy;
    report.confusionDevice = deviceMetrics.confusion;
    report.confusionHost = hostMetrics.confusion;
    report.deviceMatchesHost =
        total ? static_cast<double>(total - report.mismatches.size()) / static_cast<double>(total) : 1.0;
    report.cyclesPerInference = total ? cycleSum / static_cast<double>(total) : 0;
    report.meanBoardUs = total ? usSum / static_cast<double>(total) : 0;
    if (total == 0)
        report.minCycles = 0;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

nlohmann::json onDeviceEvalToJson(const OnDeviceEvalReport& r) {
    nlohmann::json mismatches = nlohmann::json::array();
    for (const auto& m : r.mismatches)
        mismatches.push_back({{"sample_id", m.sampleId},
                              {"window", m.window},
                              {"true", m.trueLabel},
                              {"host", m.host},
                              {"device", m.device}});
    return {{"windows", r.windows},
            {"device_accuracy", r.deviceAccuracy},
            {"host_int8_accuracy", r.hostInt8Accuracy},
            {"device_matches_host", r.deviceMatchesHost},
            {"mismatches", mismatches},
            {"confusion_device", r.confusionDevice},
            {"confusion_host", r.confusionHost},
            {"cycles_per_inference", r.cyclesPerInference},
            {"min_cycles", r.minCycles},
            {"max_cycles", r.maxCycles},
            {"board_us_per_inference", r.meanBoardUs},
            {"board", r.board},
            {"emulated", r.emulated},
            {"model_id", r.modelId},
            {"model_path", r.modelPath},
            {"model_hash", r.modelHash},
            {"labels", r.labels},
            {"deployed", r.deployed},
            {"seconds", r.seconds}};
}

}  // namespace mote::firmware

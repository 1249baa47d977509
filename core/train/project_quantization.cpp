#include "train/project_quantization.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>

#include "dataset/sha256.h"
#include "impulse/impulse_config.h"
#include "nn/graph/graph.h"
#include "nn/plan/plan.h"
#include "nn/quantize/float_io.h"
#include "nn/quantize/graph_to_tflite.h"
#include "nn/quantize/layer_error.h"
#include "nn/quantize/quantizer.h"
#include "nn/quantize/tensor_float.h"
#include "nn/runtime/executor.h"
#include "nn/tflite/writer.h"
#include "train/dataset_features.h"
#include "train/quantization_estimates.h"

namespace mote::train {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

const Error kCancelled{"quantization cancelled"};

bool cancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(); }

// The run to quantize and its float weights row.
struct RunSource {
    dataset::TrainingRunRow run;
    dataset::ModelRow floatWeights;
};

Result<RunSource> findRun(project::Project& project, std::optional<int64_t> runId) {
    auto runs = project.store().trainingRuns();
    if (!runs) return runs.error();
    auto models = project.store().models();
    if (!models) return models.error();
    auto weightsOf = [&](int64_t id) -> const dataset::ModelRow* {
        for (const auto& m : *models)
            if (m.trainingRunId == id && m.kind == "float") return &m;
        return nullptr;
    };
    if (runId) {
        auto it = std::find_if(runs->begin(), runs->end(), [&](const auto& r) { return r.id == *runId; });
        if (it == runs->end())
            return makeError("run " + std::to_string(*runId) + " does not exist (see `mote runs list`)");
        if (it->status != "succeeded")
            return makeError("run " + std::to_string(*runId) + " is " + it->status +
                             ": only a succeeded run can be quantized (see `mote runs list`)");
        const auto* w = weightsOf(it->id);
        if (!w) return makeError("run " + std::to_string(*runId) + " has no float model recorded: train it again");
        return RunSource{*it, *w};
    }
    const dataset::TrainingRunRow* best = nullptr;
    for (const auto& r : *runs)
        if (r.status == "succeeded" && weightsOf(r.id) && (!best || r.id > best->id)) best = &r;
    if (!best) return makeError("no trained run: run `mote train` first");
    return RunSource{*best, *weightsOf(best->id)};
}

// Project-relative when inside the project folder, else absolute.
std::string projectPath(const project::Project& project, const fs::path& file) {
    std::error_code ec;
    const auto rel = fs::relative(fs::weakly_canonical(file, ec), fs::weakly_canonical(project.dir(), ec), ec);
    if (!ec && !rel.empty() && *rel.begin() != "..") return rel.generic_string();
    return fs::absolute(file).string();
}

fs::path resolve(const project::Project& project, const std::string& stored) {
    const fs::path p(stored);
    return p.is_absolute() ? p : project.dir() / p;
}

// artifacts/models/run-<id>-int8.tflite, or -int8-2, -int8-3... when taken
// (a model file recorded in the DB is never overwritten).
fs::path defaultOutput(const project::Project& project, int64_t runId) {
    const std::string base = "run-" + std::to_string(runId) + "-int8";
    fs::path p = project.modelsDir() / (base + ".tflite");
    for (int n = 2; fs::exists(p); ++n) p = project.modelsDir() / (base + "-" + std::to_string(n) + ".tflite");
    return p;
}

fs::path floatPathFor(const fs::path& int8Path) {
    std::string stem = int8Path.stem().string();
    if (auto at = stem.find("-int8"); at != std::string::npos) stem.replace(at, 5, "-float");
    else stem += "-float";
    return int8Path.parent_path() / (stem + ".tflite");
}

fs::path reportPathFor(const fs::path& int8Path) {
    return int8Path.parent_path() / (int8Path.stem().string() + ".report.json");
}

Status writeFile(const fs::path& path, const void* data, size_t size) {
    std::error_code ec;
    if (!path.parent_path().empty()) fs::create_directories(path.parent_path(), ec);
    const fs::path tmp = path.string() + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return makeError("cannot write '" + path.string() + "'");
        out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
        if (!out) return makeError("failed writing '" + path.string() + "' (disk full?)");
    }
    fs::rename(tmp, path, ec);
    if (ec) return makeError("cannot move '" + tmp.string() + "' to '" + path.string() + "': " + ec.message());
    return {};
}

std::vector<float> window(const FeatureSet& set, size_t i, size_t size) {
    return std::vector<float>(set.values.begin() + static_cast<std::ptrdiff_t>(i * size),
                              set.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * size));
}

// Classifies every window; returns the metrics and (optionally) the mean
// time per invoke in microseconds.
Result<nn::ClassificationMetrics> evaluate(const nn::Model& model, const FeatureSet& set, size_t windowSize,
                                           int classCount, const std::atomic<bool>* cancel,
                                           const std::function<void(size_t)>& onWindow, double* meanUs) {
    auto ex = nn::Executor::create(model);
    if (!ex) return ex.error();
    std::vector<int64_t> truth, predicted;
    Clock::duration spent{};
    for (size_t i = 0; i < set.windows(); ++i) {
        if (cancelled(cancel)) return kCancelled;
        const float* x = set.values.data() + i * windowSize;
        if (auto s = nn::storeFloats((*ex)->inputTensor(0), std::span<const float>(x, windowSize), (*ex)->inputData(0));
            !s)
            return s.error();
        const auto t0 = Clock::now();
        (*ex)->invoke();
        spent += Clock::now() - t0;
        const auto out = nn::loadFloats((*ex)->outputTensor(0), (*ex)->outputData(0));
        truth.push_back(set.labels[i]);
        predicted.push_back(nn::argmax(out));
        if (onWindow) onWindow(i + 1);
    }
    if (meanUs && set.windows() > 0)
        *meanUs = std::chrono::duration<double, std::micro>(spent).count() / static_cast<double>(set.windows());
    return nn::computeMetrics(truth, predicted, classCount);
}

Result<nn::ModelSpec> specOf(const dataset::ModelRow& weights, const impulse::ImpulseConfig& config,
                             const std::vector<int>& windowShape, int classCount) {
    auto metrics = nlohmann::json::parse(weights.metricsJson, nullptr, false);
    if (metrics.is_object() && metrics.contains("layers") && metrics.contains("input_shape")) {
        auto layers = nn::layersFromJson(metrics["layers"]);
        if (!layers) return makeError("model " + std::to_string(weights.id) + " has invalid layers: " + layers.message());
        nn::ModelSpec spec;
        spec.layers = std::move(*layers);
        spec.inputShape = metrics["input_shape"].get<std::vector<int>>();
        return spec;
    }
    return config.modelSpec(windowShape, classCount);
}

}  // namespace

Result<QuantizationReport> quantizeRun(project::Project& project, const QuantizeRunOptions& options,
                                       const QuantizeProgressFn& progress, const std::atomic<bool>* cancel) {
    auto say = [&](const char* stage, size_t done, size_t total) {
        if (progress) progress(stage, done, total);
    };
    if (options.calibrationWindows <= 0)
        return makeError("--calibration must be at least 1 window (got " + std::to_string(options.calibrationWindows) +
                         ")");
    if (!(options.percentile > 50.0 && options.percentile <= 100.0))
        return makeError("--percentile must be in (50, 100] (100 = min/max), got " + std::to_string(options.percentile));

    auto source = findRun(project, options.runId);
    if (!source) return source.error();
    const auto& run = source->run;
    const std::string runName = "run " + std::to_string(run.id);
    auto settings = nlohmann::json::parse(run.settingsJson, nullptr, false);
    if (!settings.is_object() || !settings.contains("impulse") || !settings.contains("classes"))
        return makeError(runName + " has no usable settings (impulse, classes) recorded: train it again");
    auto config = impulse::impulseFromJson(settings["impulse"]);
    if (!config) return makeError(runName + "'s impulse is invalid: " + config.message());
    const auto labels = settings["classes"].get<std::vector<std::string>>();

    QuantizationReport report;
    report.runId = run.id;
    report.labels = labels;
    report.percentile = options.percentile;
    report.floatIo = options.floatIo;
    report.createdMs = nowMs();
    if (auto version = project.store().datasetVersion(); version && *version != run.datasetVersion)
        report.warnings.push_back("the dataset changed since " + runName +
                                  " was trained: calibration and evaluation use the current samples");

    // 1. Features of the current dataset through the run's impulse.
    if (cancelled(cancel)) return kCancelled;
    say("features", 0, 0);
    Result<DatasetFeatures> data = makeError("no features");
    if (options.features) {
        data = options.features(project, *config);
    } else {
        DatasetFeatureOptions fo;  // all cores, cached; progress per sample
        fo.progress = [&](size_t done, size_t total) { say("features", done, total); };
        fo.cancel = cancel;
        data = computeDatasetFeaturesWith(project, *config, fo);
    }
    if (cancelled(cancel)) return kCancelled;
    if (!data) return data.error();
    if (data->classes != labels)
        return makeError("the dataset's labels changed since " + runName + " was trained (the model knows " +
                         std::to_string(labels.size()) + " labels, the dataset has " +
                         std::to_string(data->classes.size()) + "): train again before quantizing");
    size_t windowSize = 1;
    for (int d : data->windowShape) windowSize *= static_cast<size_t>(d);

    // 2. The float graph with the run's weights -> float .tflite.
    auto spec = specOf(source->floatWeights, *config, data->windowShape, static_cast<int>(labels.size()));
    if (!spec) return spec.error();
    auto graph = nn::Graph::build(*spec);
    if (!graph) return makeError(runName + "'s network does not build: " + graph.message());
    if (graph->inputSize() != windowSize)
        return makeError(runName + " was trained on windows of " + std::to_string(graph->inputSize()) +
                         " features, the impulse now gives " + std::to_string(windowSize) + ": train again");
    if (auto s = graph->loadWeights(resolve(project, source->floatWeights.path)); !s)
        return makeError(runName + "'s weights cannot be loaded: " + s.message());
    auto floatModel = nn::floatModelFromGraph(*graph);
    if (!floatModel) return floatModel.error();
    nn::stampMoteMetadata(*floatModel, impulse::toJson(*config).dump(), labels);

    // 3. Calibration windows, evenly spread over the run's training windows
    //    (the validation part is split off exactly as training did).
    FeatureSet trainPart, validation;
    splitValidation(data->train, windowSize, config->training.validationFraction, config->training.seed, trainPart,
                    validation);
    const FeatureSet& calibrationSource = trainPart.windows() > 0 ? trainPart : data->train;
    if (calibrationSource.windows() == 0)
        return makeError("the training split has no windows to calibrate on: add Train samples");
    const size_t calibrationCount = std::min(static_cast<size_t>(options.calibrationWindows), calibrationSource.windows());
    std::vector<std::vector<float>> calibration;
    for (size_t k = 0; k < calibrationCount; ++k)
        calibration.push_back(window(calibrationSource, k * calibrationSource.windows() / calibrationCount, windowSize));
    report.calibrationWindows = static_cast<int>(calibrationCount);
    say("calibrate", calibrationCount, calibrationCount);

    // 4. Quantize.
    if (cancelled(cancel)) return kCancelled;
    say("quantize", 0, 1);
    nn::QuantizeOptions qopts;
    qopts.percentile = options.percentile;
    auto quantized = nn::quantizeModel(*floatModel, calibration, qopts);
    if (!quantized) return quantized.error();
    nn::Model int8Model = quantized->model;
    nn::stampMoteMetadata(int8Model, impulse::toJson(*config).dump(), labels);
    const nn::Tensor& qin = int8Model.tensors[static_cast<size_t>(int8Model.inputs[0])];
    const nn::Tensor& qout = int8Model.tensors[static_cast<size_t>(int8Model.outputs[0])];
    report.inputScale = qin.quant.scale();
    report.inputZeroPoint = qin.quant.zeroPoint();
    report.outputScale = qout.quant.scale();
    report.outputZeroPoint = qout.quant.zeroPoint();
    nn::Model written = int8Model;
    if (options.floatIo) {
        auto wrapped = nn::wrapFloatIo(int8Model);
        if (!wrapped) return wrapped.error();
        written = std::move(*wrapped);
    }
    say("quantize", 1, 1);

    // 5. Accuracy of both on the test split (validation when it is empty).
    const bool haveTest = data->test.windows() > 0;
    const FeatureSet& evalSet = haveTest ? data->test : validation;
    report.evaluatedOn = haveTest ? "test" : "validation";
    if (!haveTest) report.warnings.push_back("the test split is empty: accuracy is measured on the validation windows");
    if (evalSet.windows() == 0) return makeError("no test or validation windows to evaluate on: add Test samples");
    report.evaluatedWindows = static_cast<int64_t>(evalSet.windows());
    const size_t evalTotal = 2 * evalSet.windows();
    const int classCount = static_cast<int>(labels.size());
    auto floatMetrics = evaluate(*floatModel, evalSet, windowSize, classCount, cancel,
                                 [&](size_t i) { say("evaluate", i, evalTotal); }, nullptr);
    if (!floatMetrics) return floatMetrics.error();
    auto int8Metrics = evaluate(written, evalSet, windowSize, classCount, cancel,
                                [&](size_t i) { say("evaluate", evalSet.windows() + i, evalTotal); },
                                &report.hostInferenceUs);
    if (!int8Metrics) return int8Metrics.error();
    report.floatMetrics = std::move(*floatMetrics);
    report.int8Metrics = std::move(*int8Metrics);
    report.floatAccuracy = report.floatMetrics.accuracy;
    report.int8Accuracy = report.int8Metrics.accuracy;
    report.accuracyDropPp = (report.floatAccuracy - report.int8Accuracy) * 100.0;

    // 6. Per-layer error over the calibration windows.
    if (cancelled(cancel)) return kCancelled;
    say("debug", 0, 1);
    auto layers = nn::compareLayers(*floatModel, written, calibration);
    if (!layers) return makeError("quantization debugger: " + layers.message());
    for (const auto& l : *layers) {
        LayerError e;
        e.opIndex = l.opIndex;
        e.op = l.op;
        e.tensor = l.tensorName;
        e.scale = l.scale;
        e.zeroPoint = l.zeroPoint;
        e.floatMin = l.floatMin;
        e.floatMax = l.floatMax;
        e.rmse = l.rmse;
        e.maxAbsError = l.maxAbsError;
        e.snrDb = l.snrDb;
        report.layers.push_back(std::move(e));
    }
    say("debug", 1, 1);

    // 7. Sizes, MACs, latency estimates.
    auto int8Bytes = nn::writeModel(written);
    if (!int8Bytes) return int8Bytes.error();
    auto floatBytes = nn::writeModel(*floatModel);
    if (!floatBytes) return floatBytes.error();
    auto plan = nn::planModel(written);
    if (!plan) return plan.error();
    auto ex = nn::Executor::create(written);
    if (!ex) return ex.error();
    report.weightsBytes = written.weightsBytes();
    report.flashBytes = int8Bytes->size();
    report.floatFlashBytes = floatBytes->size();
    report.arenaBytes = plan->arenaBytes;
    report.arenaLowerBoundBytes = plan->lowerBoundBytes;
    report.macs = (*ex)->macs();
    auto latency = latencyEstimates(report.macs, report.hostInferenceUs, options.boardsDir);
    if (!latency) return latency.error();
    report.latency = std::move(*latency);

    // 8. Files and DB rows. Nothing is recorded when cancelled before here.
    if (cancelled(cancel)) return kCancelled;
    say("write", 0, 1);
    const fs::path int8Path = options.outputPath.empty() ? defaultOutput(project, run.id)
                              : options.outputPath.is_absolute() ? options.outputPath
                                                                 : fs::absolute(options.outputPath);
    const fs::path floatPath = floatPathFor(int8Path);
    if (auto s = writeFile(floatPath, floatBytes->data(), floatBytes->size()); !s) return s.error();
    if (auto s = writeFile(int8Path, int8Bytes->data(), int8Bytes->size()); !s) return s.error();
    report.path = projectPath(project, int8Path);
    report.floatPath = projectPath(project, floatPath);

    const auto sha = [](const std::vector<uint8_t>& b) {
        return dataset::sha256Hex(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
    };
    nlohmann::json floatRowMetrics = {{"accuracy", report.floatAccuracy},
                                      {"evaluated_on", report.evaluatedOn},
                                      {"classes", labels},
                                      {"flash_bytes", report.floatFlashBytes}};
    auto floatId = project.store().addModel(run.id, kModelKindFloatTflite, report.floatPath, sha(*floatBytes),
                                            floatRowMetrics.dump(), source->floatWeights.id);
    if (!floatId) return floatId.error();
    report.floatModelId = *floatId;
    // The row's metrics hold the whole report (its model_id is the row's own id, filled in by loadReport).
    auto int8Id = project.store().addModel(run.id, kModelKindInt8, report.path, sha(*int8Bytes),
                                           reportToJson(report).dump(), *floatId);
    if (!int8Id) return int8Id.error();
    report.modelId = *int8Id;

    const std::string json = reportToJson(report).dump(2);
    if (auto s = writeFile(reportPathFor(int8Path), json.data(), json.size()); !s) return s.error();
    say("write", 1, 1);
    return report;
}

Result<QuantizationReport> loadReport(project::Project& project, int64_t modelId) {
    auto row = project.store().model(modelId);
    if (!row) return makeError("model " + std::to_string(modelId) + " does not exist (see `mote models list`)");
    if (row->kind != kModelKindInt8)
        return makeError("model " + std::to_string(modelId) + " is a " + row->kind +
                         " model: reports exist for int8 models (run `mote quantize`)");
    auto json = nlohmann::json::parse(row->metricsJson, nullptr, false);
    if (!json.is_object() || !json.contains("layers")) {
        std::ifstream in(reportPathFor(resolve(project, row->path)));
        if (!in) return makeError("model " + std::to_string(modelId) + " has no stored quantization report");
        json = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(in), {}), nullptr, false);
        if (json.is_discarded()) return makeError("model " + std::to_string(modelId) + "'s report file is corrupt");
    }
    auto report = reportFromJson(json);
    if (!report) return makeError("model " + std::to_string(modelId) + "'s report: " + report.message());
    report->modelId = modelId;
    return report;
}

}  // namespace mote::train

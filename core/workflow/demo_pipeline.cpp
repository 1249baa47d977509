#include "workflow/demo_pipeline.h"

#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "dataset/sample_store.h"
#include "device/device_session.h"
#include "device/live_inference.h"
#include "device/recorder.h"
#include "device/sample_queue.h"
#include "firmware/deploy_lineage.h"
#include "firmware/on_device_eval.h"
#include "project/project.h"
#include "protocol/messages.h"
#include "train/dataset_features.h"
#include "train/project_quantization.h"
#include "train/project_training.h"
#include "train/training_runner.h"

namespace mote::workflow {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

bool cancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(); }

// A freshly booted emulator can take a few seconds to answer on a busy host.
device::SessionOptions patientSession() {
    device::SessionOptions options;
    options.handshakeTimeout = std::chrono::milliseconds(3000);
    return options;
}

Error stageError(const std::string& stage, const std::string& why) { return Error{stage + ": " + why}; }

std::string pct(double v) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(1);
    out << v * 100 << "%";
    return out.str();
}

Result<project::Project> openOrCreateProject(const std::filesystem::path& dir) {
    if (project::Project::isProject(dir))
        return project::Project::open(dir);
    const std::string name = dir.filename().empty() ? "demo" : dir.filename().string();
    return project::Project::create(dir, name);
}

// Boots the stock agent (no model) and returns where to reach it.
Result<std::string> bootStockBoard(const DemoOptions& o, const DemoLogFn& log) {
    if (o.board.flasher.driver != "qemu" && o.board.flasher.driver != "host")
        return stageError("board", "the demo needs an emulated or simulated board, not '" + o.board.name + "'");
    if (o.stockImage.empty() || !std::filesystem::exists(o.stockImage))
        return stageError("board", "stock agent image not found at '" + o.stockImage.string() +
                                       "': build the project first (cmake --build build)");
    auto flasher = firmware::makeFlasher(o.board, o.flasher);
    if (!flasher)
        return stageError("board", flasher.message());
    auto started = (*flasher)->flash({o.stockImage, ""}, log);
    if (!started)
        return stageError("board", "could not start " + o.board.name + ": " + started.message());
    return started->connectionPath;
}

// One continuous recording per pattern: the simulated IMU follows the
// pattern the board is told to play.
Result<int64_t> collect(const DemoOptions& o, const std::string& path, project::Project& project,
                        const DemoLogFn& log, const std::atomic<bool>* cancel) {
    device::SampleQueue queue;
    device::SessionCallbacks callbacks;
    callbacks.onSamples = [&queue](const device::SampleBatch& b) { queue.push(b); };
    device::DeviceSession session(path, patientSession(), callbacks);
    if (auto s = session.start(); !s)
        return stageError("collect", s.message());
    auto caps = session.waitConnected(std::chrono::seconds(20));
    if (!caps)
        return stageError("collect", "no handshake with the board on " + path + ": " + caps.message());
    if (!caps->findSensor("imu"))
        return stageError("collect", "the board has no 'imu' sensor");
    log("connected to " + caps->boardName + " (" + caps->deviceId + ") on " + path);
    const int count = std::max(1, static_cast<int>(std::lround(o.secondsPerLabel / o.sampleSeconds)));
    int64_t recorded = 0;
    dataset::SampleFilter demoSamples;
    for (const auto& name : o.patterns) {
        if (cancelled(cancel))
            return stageError("collect", "cancelled");
        auto pattern = protocol::motionPatternFromName(name);
        if (!pattern)
            return stageError("collect", "unknown motion pattern '" + name + "'");
        auto seq = session.setPattern(*pattern);
        if (!seq)
            return stageError("collect", seq.message());
        if (auto reply = session.waitReply(*seq, std::chrono::seconds(3)); !reply)
            return stageError("collect", "board refused pattern " + name + ": " + reply.message());
        device::RecordRequest request;
        request.sensor = "imu";
        request.label = name;
        request.rateHz = o.rateHz;
        request.lengthSeconds = o.sampleSeconds;
        request.count = count;
        request.continuous = true;
        request.note = "pattern " + name + " (mote demo)";
        device::Recorder recorder(session, queue, project.store());
        auto result = recorder.record(request, {}, cancel);
        if (!result)
            return stageError("collect", result.message());
        if (!result->error.empty())
            return stageError("collect", "recording '" + name + "' stopped: " + result->error);
        recorded += static_cast<int64_t>(result->samples.size());
        for (const auto& sample : result->samples)
            demoSamples.ids.push_back(sample.id);
        log("recorded " + std::to_string(result->samples.size()) + " x " + std::to_string(o.sampleSeconds).substr(0, 3) +
            " s of '" + name + "'");
    }
    session.stop();
    // Recordings land in Train or Test by their content hash (1 in 5 to
    // Test), which can leave a short demo's test split empty: a stratified
    // split of just these samples gives every label its share of Test.
    // The user's other samples keep their split.
    if (!demoSamples.ids.empty())
        if (auto s = project.store().autoSplit(0.8, 1, demoSamples); !s)
            return stageError("collect", "cannot split the recordings into train/test: " + s.message());
    return recorded;
}

struct Trained {
    int64_t runId = 0;
    double valAccuracy = 0;
};

Result<Trained> trainDemo(const DemoOptions& o, project::Project& project, const DemoLogFn& log,
                          const std::atomic<bool>* cancel) {
    if (auto r = train::recoverInterruptedRuns(project); !r)
        return stageError("train", r.message());
    auto current = train::currentImpulse(project);
    if (!current)
        return stageError("train", current.message());
    auto trainer = train::trainerOptionsFor(project, o.resourcesDir);
    if (!trainer)
        return stageError("train", trainer.message());
    impulse::TrainingSettings settings = current->config.training;
    settings.epochs = o.epochs;
    train::TrainingRunner runner;
    train::TrainingCallbacks callbacks;
    callbacks.onEpoch = [&log](const train::EpochReport& e) {
        if (e.epoch == e.epochs || e.epoch % 10 == 0)
            log("epoch " + std::to_string(e.epoch) + "/" + std::to_string(e.epochs) + "  accuracy " + pct(e.accuracy) +
                (e.valAccuracy ? "  val_accuracy " + pct(*e.valAccuracy) : std::string()));
    };
    // trainProject blocks; a watcher turns the cancel flag into runner.cancel().
    std::atomic<bool> done{false};
    std::thread watcher([&] {
        while (!done) {
            if (cancelled(cancel)) {
                runner.cancel();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    auto result = train::trainProject(project, current->config, &train::computeDatasetFeatures, runner, *trainer,
                                      callbacks, &settings);
    done = true;
    watcher.join();
    if (!result)
        return stageError("train", result.message());
    if (!result->outcome.ok())
        return stageError("train", "run " + std::to_string(result->runId) + " " +
                                       train::runStatusName(result->outcome.status) + ": " + result->outcome.error);
    log("run " + std::to_string(result->runId) + ": validation accuracy " + pct(result->outcome.valAccuracy) +
        " (trainer), " + pct(result->outcome.coreValAccuracy) + " (studio forward pass)");
    return Trained{result->runId, result->outcome.valAccuracy};
}

// Live inference for `seconds`, playing each pattern in turn so the scores move.
Status runLive(const DemoOptions& o, const std::string& path, const std::vector<std::string>& labels,
               DemoSummary& summary, const DemoLogFn& log, const std::atomic<bool>* cancel) {
    device::LiveInference live(labels);
    device::SessionCallbacks callbacks;
    callbacks.onInference = [&live](const protocol::InferenceResultMessage& m) { live.push(m); };
    device::DeviceSession session(path, patientSession(), callbacks);
    if (auto s = session.start(); !s)
        return stageError("live", s.message());
    if (auto caps = session.waitConnected(std::chrono::seconds(20)); !caps)
        return stageError("live", "no handshake with the deployed board: " + caps.message());
    if (auto s = device::startLiveInference(session, "imu", 0); !s)
        return stageError("live", s.message());
    const auto start = Clock::now();
    const double perPattern = o.liveSeconds / static_cast<double>(std::max<size_t>(1, o.patterns.size()));
    size_t shown = 0;
    for (const auto& name : o.patterns) {
        if (auto pattern = protocol::motionPatternFromName(name)) {
            if (auto seq = session.setPattern(*pattern))
                (void)session.waitReply(*seq, std::chrono::seconds(2));
        }
        const auto until = start + std::chrono::duration<double>(perPattern * static_cast<double>(++shown));
        while (Clock::now() < until && !cancelled(cancel))
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        for (const auto& r : live.drain()) {
            summary.liveLabels.push_back(r.topLabel);
            summary.liveDspCycles += static_cast<double>(r.dspCycles);
            summary.liveModelCycles += static_cast<double>(r.modelCycles);
            log("live  playing " + name + "  ->  " + r.topLabel + " (smoothed " + r.smoothedLabel + ")  model " +
                std::to_string(r.modelCycles) + " cycles");
        }
    }
    (void)device::stopLiveInference(session);
    session.stop();
    summary.liveResults = summary.liveLabels.size();
    if (summary.liveResults > 0) {
        summary.liveDspCycles /= static_cast<double>(summary.liveResults);
        summary.liveModelCycles /= static_cast<double>(summary.liveResults);
    }
    if (cancelled(cancel))
        return stageError("live", "cancelled");
    if (summary.liveResults == 0)
        return stageError("live", "the board sent no inference results in " + std::to_string(o.liveSeconds) + " s");
    return {};
}

}  // namespace

Result<DemoSummary> runDemo(const DemoOptions& o, const DemoLogFn& logIn, const DemoStageFn& stageIn,
                            const std::atomic<bool>* cancel) {
    const DemoLogFn log = logIn ? logIn : [](const std::string&) {};
    const DemoStageFn stage = stageIn ? stageIn : [](const std::string&) {};
    const auto begin = Clock::now();
    DemoSummary summary;
    summary.board = o.board.name;
    summary.emulated = o.board.emulated;
    summary.projectDir = o.projectDir.string();
    auto timed = [&](const std::string& name, Clock::time_point start) {
        summary.stageSeconds.emplace_back(name, secondsSince(start));
    };

    auto project = openOrCreateProject(o.projectDir);
    if (!project)
        return stageError("project", project.message());

    stage("board");
    auto t = Clock::now();
    auto path = bootStockBoard(o, log);
    if (!path)
        return path.error();
    timed("board", t);

    stage("collect");
    t = Clock::now();
    auto samples = collect(o, *path, *project, log, cancel);
    if (!samples)
        return samples.error();
    auto total = project->store().count();
    summary.samples = total ? *total : *samples;
    timed("collect", t);

    stage("train");
    t = Clock::now();
    auto trained = trainDemo(o, *project, log, cancel);
    if (!trained)
        return trained.error();
    summary.runId = trained->runId;
    summary.valAccuracy = trained->valAccuracy;
    timed("train", t);

    stage("quantize");
    t = Clock::now();
    train::QuantizeRunOptions q;
    q.runId = trained->runId;
    q.calibrationWindows = o.calibrationWindows;
    auto report = train::quantizeRun(*project, q, {}, cancel);
    if (!report)
        return stageError("quantize", report.message());
    summary.modelId = report->modelId;
    summary.floatAccuracy = report->floatAccuracy;
    summary.int8Accuracy = report->int8Accuracy;
    summary.evaluatedOn = report->evaluatedOn;
    log("int8 model " + std::to_string(report->modelId) + ": " + pct(report->floatAccuracy) + " float, " +
        pct(report->int8Accuracy) + " int8 on the " + report->evaluatedOn + " split");
    timed("quantize", t);

    stage("deploy");
    t = Clock::now();
    firmware::DeployRequest deploy;
    deploy.model = std::filesystem::path(report->path).is_absolute() ? std::filesystem::path(report->path)
                                                                    : o.projectDir / report->path;
    deploy.modelId = "demo-run-" + std::to_string(trained->runId);
    deploy.labels = report->labels;
    deploy.board = o.board;
    deploy.workDir = o.projectDir / "artifacts" / "firmware" / ("demo-" + o.board.name);
    deploy.flasher = o.flasher;
    auto deployed = firmware::deployAndRecord(
        project->store(), report->modelId, deploy, [&log](const std::string& line) { log("  " + line); },
        [&log, last = -1](firmware::DeployStage s, int) mutable {
            if (static_cast<int>(s) != last)
                log(std::string("deploy: ") + firmware::deployStageName(s));
            last = static_cast<int>(s);
        },
        cancel);
    if (!deployed)
        return stageError("deploy", deployed.message());
    if (deployed->status != "verified")
        return stageError("deploy", deployed->status + " at " + deployed->failedStage + ": " + deployed->reason);
    const auto& d = deployed->deploy;
    summary.ramBytes = d.usage.ramBytes;
    summary.flashBytes = d.usage.flashBytes;
    summary.modelRamBytes = d.model.arenaBytes;
    summary.modelFlashBytes = d.model.weightsBytes;
    summary.modelHash = d.model.hash;
    summary.firmwareHash = d.firmwareHash;
    log("board reports model " + d.boardReportedHash.substr(0, 12) + " (verified)");
    timed("deploy", t);

    stage("live");
    t = Clock::now();
    if (auto s = runLive(o, d.connectionPath, report->labels, summary, log, cancel); !s)
        return s.error();
    timed("live", t);

    stage("evaluate");
    t = Clock::now();
    firmware::OnDeviceEvalOptions e;
    e.modelId = report->modelId;
    e.board = o.board;
    e.flasher = o.flasher;
    e.workDir = deploy.workDir;
    e.maxWindows = o.maxEvalWindows;
    auto eval = firmware::evaluateOnDevice(*project, e, [&log](const std::string& line) { log("  " + line); }, {},
                                           cancel);
    if (!eval)
        return stageError("evaluate", eval.message());
    summary.deviceAccuracy = eval->deviceAccuracy;
    summary.deviceMatchesHost = eval->deviceMatchesHost;
    summary.evalWindows = eval->windows;
    summary.cyclesPerInference = eval->cyclesPerInference;
    timed("evaluate", t);

    summary.seconds = secondsSince(begin);
    stage("done");
    return summary;
}

nlohmann::json demoSummaryToJson(const DemoSummary& s) {
    nlohmann::json stages = nlohmann::json::object();
    for (const auto& [name, seconds] : s.stageSeconds)
        stages[name] = seconds;
    return {{"board", s.board},
            {"emulated", s.emulated},
            {"project", s.projectDir},
            {"samples", s.samples},
            {"run_id", s.runId},
            {"model_id", s.modelId},
            {"val_accuracy", s.valAccuracy},
            {"float_accuracy", s.floatAccuracy},
            {"int8_accuracy", s.int8Accuracy},
            {"evaluated_on", s.evaluatedOn},
            {"device_accuracy", s.deviceAccuracy},
            {"device_matches_host", s.deviceMatchesHost},
            {"eval_windows", s.evalWindows},
            {"ram_bytes", s.ramBytes},
            {"flash_bytes", s.flashBytes},
            {"model_ram_bytes", s.modelRamBytes},
            {"model_flash_bytes", s.modelFlashBytes},
            {"cycles_per_inference", s.cyclesPerInference},
            {"live_results", s.liveResults},
            {"live_labels", s.liveLabels},
            {"live_dsp_cycles", s.liveDspCycles},
            {"live_model_cycles", s.liveModelCycles},
            {"model_hash", s.modelHash},
            {"firmware_hash", s.firmwareHash},
            {"stage_seconds", stages},
            {"seconds", s.seconds}};
}

}  // namespace mote::workflow

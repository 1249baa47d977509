#include "train/project_training.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "dataset/sha256.h"
#include "impulse/impulse_defaults.h"

namespace mote::train {
namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The log goes into the run row too, so that `mote runs show --log` works
// even if the artifacts folder is gone; the head and tail are what matter.
std::string clipLog(const std::string& log, size_t max = 256 * 1024) {
    if (log.size() <= max) return log;
    return log.substr(0, max / 2) + "\n[... " + std::to_string(log.size() - max) + " bytes cut; full log in trainer.log ...]\n" +
           log.substr(log.size() - max / 2);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Held (flock) for as long as this process trains into a job folder; the
// kernel drops it if the process dies, which is how recoverInterruptedRuns
// tells a dead run from a live one.
class JobLock {
public:
    explicit JobLock(const std::filesystem::path& dir) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        m_fd = ::open((dir / ".lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
        if (m_fd >= 0) ::flock(m_fd, LOCK_EX | LOCK_NB);
    }
    ~JobLock() {
        if (m_fd >= 0) ::close(m_fd);
    }
    JobLock(const JobLock&) = delete;
    JobLock& operator=(const JobLock&) = delete;

    // True when some live process holds the lock of `dir`.
    static bool held(const std::filesystem::path& dir) {
        const int fd = ::open((dir / ".lock").c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) return false;
        const bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
        ::close(fd);
        return busy;
    }

private:
    int m_fd = -1;
};

}  // namespace

Result<int> recoverInterruptedRuns(project::Project& project) {
    auto runs = project.store().trainingRuns();
    if (!runs) return runs.error();
    int marked = 0;
    for (const auto& run : *runs) {
        if (run.status != "running") continue;
        if (!run.artifactsPath.empty() && JobLock::held(project.dir() / run.artifactsPath)) continue;
        nlohmann::json metrics = nlohmann::json::parse(run.metricsJson, nullptr, false);
        if (!metrics.is_object()) metrics = nlohmann::json::object();
        metrics["status"] = "failed";
        metrics["error"] = "interrupted: the process running this training stopped before it finished";
        if (auto s = project.store().finishTrainingRun(run.id, "failed", metrics.dump()); !s) return s.error();
        ++marked;
    }
    return marked;
}

impulse::SensorType guessSensorType(project::Project& project) {
    dataset::Page page;
    page.limit = 1;
    auto samples = project.store().query({}, page);
    if (!samples || samples->empty()) return impulse::SensorType::Motion;
    const auto& s = samples->front();
    const std::string sensor = lower(s.sensor);
    if (sensor.find("audio") != std::string::npos || sensor.find("mic") != std::string::npos || s.sampleRateHz >= 8000)
        return impulse::SensorType::Audio;
    return impulse::SensorType::Motion;
}

Result<StoredImpulse> currentImpulse(project::Project& project) {
    auto latest = project.store().latestImpulseConfig(kImpulseName);
    if (!latest) return latest.error();
    if (!*latest) {
        StoredImpulse s;
        const auto sensor = guessSensorType(project);
        double rate = 0;
        dataset::Page page;
        page.limit = 1;
        if (auto samples = project.store().query({}, page); samples && !samples->empty())
            rate = samples->front().sampleRateHz;
        s.config = impulse::defaultImpulse(sensor, rate);
        return s;
    }
    auto config = impulse::impulseFromJsonText((*latest)->json);
    if (!config) return makeError("stored impulse version " + std::to_string((*latest)->version) + " is invalid: " +
                                  config.message() + " (fix it with `mote impulse set --file`)");
    return StoredImpulse{*config, (*latest)->id, (*latest)->version};
}

Result<StoredImpulse> saveImpulse(project::Project& project, const impulse::ImpulseConfig& config) {
    if (auto s = impulse::validate(config); !s) return s.error();
    auto current = project.store().latestImpulseConfig(config.name);
    if (!current) return current.error();
    const std::string json = impulse::toJson(config).dump();
    if (*current && nlohmann::json::parse((*current)->json, nullptr, false) == impulse::toJson(config))
        return StoredImpulse{config, (*current)->id, (*current)->version};
    auto id = project.store().addImpulseConfig(config.name, json);
    if (!id) return id.error();
    auto row = project.store().impulseConfig(*id);
    if (!row) return row.error();
    return StoredImpulse{config, *id, row->version};
}

Result<TrainerOptions> trainerOptionsFor(project::Project& project, const std::filesystem::path& resourcesDir) {
    TrainerOptions o;
    o.resourcesDir = resourcesDir;
    o.python = project.settingOr(kSettingTrainerPython, "");
    if (auto command = project.setting(project::kSettingTrainerCommand); command && !command->empty()) {
        auto j = nlohmann::json::parse(*command, nullptr, false);
        if (j.is_discarded() || !j.is_array() || j.empty())
            return makeError(std::string("project setting ") + project::kSettingTrainerCommand +
                             " must be a JSON list of strings, e.g. [\"python3\", \"my_trainer.py\", \"{job}\"]");
        for (const auto& a : j) {
            if (!a.is_string())
                return makeError(std::string("project setting ") + project::kSettingTrainerCommand +
                                 " must hold only strings");
            o.command.push_back(a.get<std::string>());
        }
    }
    return o;
}

Result<std::string> weightsHash(const nn::Graph& graph, const std::filesystem::path& weightsDir) {
    dataset::Sha256 hash;
    for (const auto& slot : graph.weightSlots()) {
        std::ifstream in(weightsDir / slot.fileName(), std::ios::binary);
        if (!in) return makeError("cannot read " + (weightsDir / slot.fileName()).string());
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        hash.updateField(slot.fileName());
        hash.updateField(bytes);
    }
    return hash.hexDigest();
}

Result<ProjectTrainingResult> trainProject(project::Project& project, const impulse::ImpulseConfig& baseConfig,
                                           const FeatureProvider& features, TrainingRunner& runner,
                                           const TrainerOptions& options, const TrainingCallbacks& callbacks,
                                           const impulse::TrainingSettings* trainingOverride) {
    auto stored = saveImpulse(project, baseConfig);
    if (!stored) return stored.error();
    impulse::ImpulseConfig config = baseConfig;
    if (trainingOverride) config.training = *trainingOverride;
    if (auto s = impulse::validate(config); !s) return s.error();
    auto data = features(project, config);
    if (!data) return data.error();
    if (data->classes.size() < 2)
        return makeError("training needs samples of at least 2 labels, the dataset has " +
                         std::to_string(data->classes.size()) + ": record or import more");
    auto spec = config.modelSpec(data->windowShape, static_cast<int>(data->classes.size()));
    if (!spec) return spec.error();

    TrainingJob job;
    job.model = *spec;
    job.classes = data->classes;
    job.training = config.training;
    size_t windowSize = 1;
    for (int d : data->windowShape) windowSize *= static_cast<size_t>(d);
    splitValidation(data->train, windowSize, config.training.validationFraction, config.training.seed, job.train,
                    job.validation);
    if (auto s = validateJob(job); !s) return s.error();

    // Same filter as the features: the whole dataset (both splits) defines the version.
    auto version = project.store().datasetVersion();
    if (!version) return version.error();

    const int64_t started = nowMs();
    const std::string runFolder = "run-" + std::to_string(started);
    const auto jobDir = project.runsDir() / runFolder;
    const std::string relative = "artifacts/runs/" + runFolder;
    nlohmann::json settings = {{"impulse", impulse::toJson(config)},
                               {"input_shape", job.model.inputShape},
                               {"classes", job.classes},
                               {"train_windows", job.train.windows()},
                               {"val_windows", job.validation.windows()},
                               {"test_windows", data->test.windows()}};
    JobLock lock(jobDir);  // before the row exists: a concurrent recovery must see it held
    auto runId = project.store().addTrainingRun(*stored->id, *version, settings.dump(), relative);
    if (!runId) return runId.error();

    ProjectTrainingResult result;
    result.runId = *runId;
    result.impulseConfigId = *stored->id;
    result.datasetVersion = *version;
    result.jobDir = jobDir;
    result.classes = job.classes;
    result.outcome = runner.run(job, jobDir, options, callbacks);

    nlohmann::json metrics = result.outcome.metricsJson(job.classes);
    metrics["log"] = clipLog(result.outcome.log);
    std::string status = runStatusName(result.outcome.status);
    if (result.outcome.ok()) {
        auto hash = weightsHash(*result.outcome.graph, jobDir / "weights");
        if (!hash) {
            status = "failed";
            metrics["status"] = status;
            metrics["error"] = hash.message();
            result.outcome.status = RunStatus::Failed;
            result.outcome.error = hash.message();
        } else {
            nlohmann::json modelMetrics = {{"val_accuracy", result.outcome.coreValAccuracy},
                                           {"layers", nn::layersToJson(job.model.layers)},
                                           {"input_shape", job.model.inputShape},
                                           {"classes", job.classes}};
            auto model = project.store().addModel(*runId, "float", relative + "/weights", *hash, modelMetrics.dump());
            if (!model) {
                status = "failed";
                metrics["status"] = status;
                metrics["error"] = model.message();
                result.outcome.status = RunStatus::Failed;
                result.outcome.error = model.message();
            } else {
                result.modelId = *model;
            }
        }
    }
    if (auto s = project.store().finishTrainingRun(*runId, status, metrics.dump()); !s)
        return makeError("training finished but the run could not be recorded: " + s.message());
    return result;
}

}  // namespace mote::train

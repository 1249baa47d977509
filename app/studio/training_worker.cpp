#include "training_worker.h"

#include <cstdlib>

#include "install_paths.h"
#include "project/project.h"
#include "train/dataset_features.h"

namespace mote::studio {

std::filesystem::path studioResourcesDir() { return app::resourcesDir(); }

TrainingWorker::TrainingWorker(QObject* parent) : WorkerJob(parent) {}

TrainingWorker::~TrainingWorker() { stopWorker(); }

void TrainingWorker::cancel() {
    WorkerJob::cancel();
    m_runner.cancel();  // safe from any thread; honoured even before the trainer starts
}

bool TrainingWorker::start(TrainingRequest request) {
    if (isRunning())
        return false;
    m_done = {};
    return launch([this, request = std::move(request)]() mutable { run(std::move(request)); });
}

void TrainingWorker::run(TrainingRequest request) {
    TrainingDone done;
    auto project = project::Project::open(request.projectDir);
    if (!project) {
        done.error = QString::fromStdString(project.message());
    } else if (auto options = train::trainerOptionsFor(*project, request.resourcesDir); !options) {
        done.error = QString::fromStdString(options.message());
    } else {
        train::DatasetFeatureOptions featureOptions;
        featureOptions.cancel = cancelFlag();
        featureOptions.progress = [this](size_t n, size_t total) {
            post([this, n, total] { emit featureProgress(static_cast<int>(n), static_cast<int>(total)); });
        };
        bool announced = false;
        train::TrainingCallbacks callbacks;
        callbacks.onEvent = [&](const nlohmann::json& event) {
            if (!announced) {
                announced = true;
                post([this] { emit trainingStarted(); });
            }
            // The trainer's stdout is JSON lines: the log shows them as they come.
            post([this, text = QString::fromStdString(event.dump())] { emit logLine(text); });
        };
        callbacks.onEpoch = [this](const train::EpochReport& report) { post([this, report] { emit epoch(report); }); };
        callbacks.onStderrLine = [this](const std::string& line) {
            post([this, text = QString::fromStdString(line)] { emit logLine(text); });
        };
        auto result = train::trainProject(*project, request.config, train::featureProvider(featureOptions), m_runner,
                                          *options, callbacks, &request.settings);
        if (!result) {
            done.error = QString::fromStdString(result.message());
            done.cancelled = cancelRequested();
        } else {
            done.cancelled = result->outcome.status == train::RunStatus::Cancelled;
            if (!result->outcome.ok())
                done.error = QString::fromStdString(result->outcome.error);
            done.result = std::make_shared<train::ProjectTrainingResult>(std::move(*result));
        }
    }
    finish([this, done = std::move(done)]() mutable { m_done = std::move(done); });
}

}  // namespace mote::studio

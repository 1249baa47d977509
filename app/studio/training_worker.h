#pragma once
// TrainingWorker: runs train::trainProject (blocking: features, the external
// trainer, the studio's float check, the run record) on a worker thread so
// the GUI never waits. Features go through core/features (all cores, cache)
// with progress and cancel; the trainer's epochs and stderr lines arrive as
// signals; cancel() stops feature generation or terminates the trainer, and
// the run row then ends "cancelled" (never "succeeded").
//
// Threads: start()/cancel() on the GUI thread; the worker opens its own
// Project (own SQLite connection) on the project folder; every signal is
// emitted on the GUI thread (queued). The destructor cancels and joins.
#include <QString>

#include <filesystem>
#include <memory>
#include <optional>

#include "impulse/impulse_config.h"
#include "train/project_training.h"
#include "train/training_runner.h"
#include "worker_job.h"

namespace mote::studio {

// resources/ (trainers): $MOTE_RESOURCES_DIR, else <prefix>/share/mote/resources
// next to an installed binary, else the source tree's resources/.
std::filesystem::path studioResourcesDir();

struct TrainingRequest {
    std::filesystem::path projectDir;
    impulse::ImpulseConfig config;         // the impulse (saved as a new version if changed)
    impulse::TrainingSettings settings;    // this run's settings (the stored impulse keeps its own)
    std::filesystem::path resourcesDir = studioResourcesDir();
};

struct TrainingDone {
    bool cancelled = false;
    QString error;   // set when no run finished successfully (before or during the run)
    // Set once a run row exists (it carries the outcome, whatever its status).
    std::shared_ptr<train::ProjectTrainingResult> result;
};

class TrainingWorker : public WorkerJob {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;

    // Returns false when a run is already going.
    bool start(TrainingRequest request);
    // Also stops the external trainer (safe from any thread).
    void cancel() override;
    const TrainingDone& done() const { return m_done; }

signals:
    void featureProgress(int done, int total);
    void trainingStarted();  // features ready, the trainer is starting
    void epoch(const mote::train::EpochReport& report);
    void logLine(const QString& line);  // stdout JSON events and stderr lines, in order

private:
    void run(TrainingRequest request);

    train::TrainingRunner m_runner;
    TrainingDone m_done;
};

}  // namespace mote::studio

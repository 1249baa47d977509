#pragma once
// Feature generation for the whole dataset (core/features: all cores,
// cache) followed by the feature explorer (PCA, per-class distributions),
// off the GUI thread, with progress and cancel — the Impulse page's
// "Compute features" action.
//
// Threads: start() on the GUI thread; the work runs on a std::thread whose
// feature workers open their own SQLite connections; progress() and
// finished() are emitted on the GUI thread (queued). The destructor cancels
// and joins.
#include <QString>

#include <filesystem>

#include "features/feature_explorer.h"
#include "features/feature_set.h"
#include "worker_job.h"

namespace mote::studio {

struct ExplorerOutcome {
    bool ok = false;
    bool cancelled = false;
    QString error;
    features::FeatureSet set;
    features::Exploration exploration;
    double seconds = 0;
};

class FeatureExplorerJob : public WorkerJob {
    Q_OBJECT
public:
    explicit FeatureExplorerJob(QObject* parent = nullptr);
    ~FeatureExplorerJob() override;

    // Returns false when a job is already running.
    bool start(const std::filesystem::path& databaseFile, const std::filesystem::path& cacheRoot,
               const features::FeatureRequest& request);
    const ExplorerOutcome& outcome() const { return m_outcome; }

signals:
    void progress(int done, int total);

private:
    void run(std::filesystem::path databaseFile, std::filesystem::path cacheRoot, features::FeatureRequest request);

    ExplorerOutcome m_outcome;
};

}  // namespace mote::studio

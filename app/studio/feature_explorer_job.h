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
#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>
#include <thread>

#include "features/feature_explorer.h"
#include "features/feature_set.h"

namespace mote::studio {

struct ExplorerOutcome {
    bool ok = false;
    bool cancelled = false;
    QString error;
    features::FeatureSet set;
    features::Exploration exploration;
    double seconds = 0;
};

class FeatureExplorerJob : public QObject {
    Q_OBJECT
public:
    explicit FeatureExplorerJob(QObject* parent = nullptr);
    ~FeatureExplorerJob() override;

    // Returns false when a job is already running.
    bool start(const std::filesystem::path& databaseFile, const std::filesystem::path& cacheRoot,
               const features::FeatureRequest& request);
    void cancel() { m_cancel = true; }
    bool isRunning() const { return m_running; }
    const ExplorerOutcome& outcome() const { return m_outcome; }

signals:
    void progress(int done, int total);
    void finished();

private:
    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    ExplorerOutcome m_outcome;
};

}  // namespace mote::studio

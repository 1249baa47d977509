#pragma once
// QuantizeJob: quantizes a trained run (core train::quantizeRun: features,
// calibration, int8 model, accuracy/confusion/per-layer report, model rows
// in the project DB) on a worker thread.
//
// Threads: start()/cancel() on the GUI thread. The worker opens its own
// Project on the folder (one SQLite connection per thread); progress and
// finished are emitted on the GUI thread (queued; progress coalesced to at
// most one pending event). The destructor cancels and joins.
#include <QString>

#include <atomic>
#include <mutex>

#include "train/project_quantization.h"
#include "worker_job.h"

namespace mote::studio {

struct QuantizeOutcome {
    bool ok = false;
    bool cancelled = false;
    QString error;
    train::QuantizationReport report;  // valid when ok
};

class QuantizeJob : public WorkerJob {
    Q_OBJECT
public:
    explicit QuantizeJob(QObject* parent = nullptr);
    ~QuantizeJob() override;

    // options.features / progress are ignored (the job sets its own). False if running.
    bool start(const QString& projectDir, const train::QuantizeRunOptions& options);
    const QuantizeOutcome& outcome() const { return m_outcome; }

signals:
    // stage: "features", "calibrate", "quantize", "evaluate", "debug", "write".
    void progress(const QString& stage, qint64 done, qint64 total);

private:
    void run(QString projectDir, train::QuantizeRunOptions options);

    QuantizeOutcome m_outcome;

    std::mutex m_progressMutex;
    QString m_stage;
    qint64 m_done = 0, m_total = 0;
    std::atomic<bool> m_progressPosted{false};
};

}  // namespace mote::studio

#pragma once
// QuantizeJob: quantizes a trained run (core train::quantizeRun: features,
// calibration, int8 model, accuracy/confusion/per-layer report, model rows
// in the project DB) on a worker thread.
//
// Threads: start()/cancel() on the GUI thread. The worker opens its own
// Project on the folder (one SQLite connection per thread); progress and
// finished are emitted on the GUI thread (queued; progress coalesced to at
// most one pending event). The destructor cancels and joins.
#include <QObject>
#include <QString>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "train/project_quantization.h"

namespace mote::studio {

struct QuantizeOutcome {
    bool ok = false;
    bool cancelled = false;
    QString error;
    train::QuantizationReport report;  // valid when ok
};

class QuantizeJob : public QObject {
    Q_OBJECT
public:
    explicit QuantizeJob(QObject* parent = nullptr);
    ~QuantizeJob() override;

    // options.features / progress are ignored (the job sets its own). False if running.
    bool start(const QString& projectDir, const train::QuantizeRunOptions& options);
    void cancel() { m_cancel = true; }
    bool isRunning() const { return m_running; }
    const QuantizeOutcome& outcome() const { return m_outcome; }

signals:
    // stage: "features", "calibrate", "quantize", "evaluate", "debug", "write".
    void progress(const QString& stage, qint64 done, qint64 total);
    void finished();

private:
    void run(QString projectDir, train::QuantizeRunOptions options);

    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    QuantizeOutcome m_outcome;

    std::mutex m_progressMutex;
    QString m_stage;
    qint64 m_done = 0, m_total = 0;
    std::atomic<bool> m_progressPosted{false};
};

}  // namespace mote::studio

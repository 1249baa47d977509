#pragma once
// DeployJob: runs one deployment (core firmware::deployModel: generate ->
// fit estimate -> build -> measured fit -> flash -> verify) on a worker
// thread; with a project model row it goes through firmware::deployAndRecord
// so the attempt (verified, failed with the reason, or cancelled) lands in
// the project's lineage tables.
//
// Threads: start()/cancel() on the GUI thread. The pipeline runs on a
// std::thread; stageChanged, logLines and finished are emitted on the GUI
// thread (queued). Build output is batched: at most one logLines per 50 ms,
// so a chatty compiler does not flood the event loop. cancel() is honoured
// between stages and inside the build (the compiler is stopped). The
// destructor cancels and joins.
#include <QString>
#include <QStringList>

#include <atomic>
#include <mutex>
#include <optional>

#include "firmware/deploy.h"
#include "worker_job.h"

namespace mote::studio {

struct DeployOutcome {
    bool ok = false;
    bool cancelled = false;
    QString error;                      // first line says which step failed
    firmware::DeployResult result;      // valid when ok
    std::optional<int64_t> deploymentId;  // lineage row, when recorded
    QString failedStage;                // deployStageName of the failing step, when recorded
    QString recordError;                // the store failed: nothing was deployed or recorded
};

class DeployJob : public WorkerJob {
    Q_OBJECT
public:
    explicit DeployJob(QObject* parent = nullptr);
    ~DeployJob() override;

    // databaseFile + modelRowId: where to record the deployment (a firmware
    // build and a deployment row, verified or failed with the reason); empty
    // file or no id = not recorded. Returns false if a job is running.
    bool start(const firmware::DeployRequest& request, const QString& databaseFile,
               std::optional<int64_t> modelRowId);
    const DeployOutcome& outcome() const { return m_outcome; }

signals:
    void stageChanged(mote::firmware::DeployStage stage, int percent);
    void logLines(const QStringList& lines);

private:
    void run(firmware::DeployRequest request, QString databaseFile, std::optional<int64_t> modelRowId);
    void flushLog();

    DeployOutcome m_outcome;

    std::mutex m_logMutex;
    QStringList m_pendingLog;
    std::atomic<bool> m_flushPosted{false};
};

}  // namespace mote::studio

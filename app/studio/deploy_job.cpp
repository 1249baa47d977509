#include "deploy_job.h"

#include "dataset/sample_store.h"
#include "firmware/deploy_lineage.h"

namespace mote::studio {

DeployJob::DeployJob(QObject* parent) : WorkerJob(parent) {}

DeployJob::~DeployJob() { stopWorker(); }

bool DeployJob::start(const firmware::DeployRequest& request, const QString& databaseFile,
                      std::optional<int64_t> modelRowId) {
    if (isRunning())
        return false;
    m_outcome = {};
    return launch([this, request, databaseFile, modelRowId] { run(request, databaseFile, modelRowId); });
}

void DeployJob::flushLog() {
    m_flushPosted = false;
    QStringList lines;
    {
        std::lock_guard lock(m_logMutex);
        lines.swap(m_pendingLog);
    }
    if (!lines.isEmpty())
        emit logLines(lines);
}

void DeployJob::run(firmware::DeployRequest request, QString databaseFile, std::optional<int64_t> modelRowId) {
    auto log = [this](const std::string& line) {
        {
            std::lock_guard lock(m_logMutex);
            m_pendingLog << QString::fromStdString(line);
        }
        if (!m_flushPosted.exchange(true))
            post([this] { flushLog(); });
    };
    auto stage = [this](firmware::DeployStage s, int percent) {
        post([this, s, percent] { emit stageChanged(s, percent); });
    };
    DeployOutcome outcome;
    std::optional<dataset::SampleStore> store;
    if (!databaseFile.isEmpty() && modelRowId) {
        // Own connection: SQLite connections stay on the thread that opened them.
        auto opened = dataset::SampleStore::open(databaseFile.toStdString());
        if (opened)
            store.emplace(std::move(*opened));
        else
            outcome.recordError = QString::fromStdString(opened.message());
    }
    if (store) {
        auto recorded = firmware::deployAndRecord(*store, *modelRowId, request, log, stage, cancelFlag());
        if (!recorded) {
            outcome.recordError = QString::fromStdString(recorded.message());
            outcome.error = outcome.recordError;
        } else {
            outcome.deploymentId = recorded->deploymentId;
            outcome.ok = recorded->status == "verified";
            outcome.cancelled = recorded->status == "cancelled";
            outcome.failedStage = QString::fromStdString(recorded->failedStage);
            outcome.error = QString::fromStdString(recorded->reason);
            if (outcome.ok)
                outcome.result = std::move(recorded->deploy);
        }
    } else if (outcome.recordError.isEmpty()) {
        auto deployed = firmware::deployModel(request, log, stage, cancelFlag());
        if (deployed) {
            outcome.ok = true;
            outcome.result = std::move(*deployed);
        } else {
            outcome.cancelled = cancelRequested();
            outcome.error = QString::fromStdString(deployed.message());
        }
    } else {
        outcome.error = outcome.recordError;
    }
    finish([this, outcome] {
        flushLog();
        m_outcome = outcome;
    });
}

}  // namespace mote::studio

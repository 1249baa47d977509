#include "quantize_job.h"

#include "project/project.h"

namespace mote::studio {

QuantizeJob::QuantizeJob(QObject* parent) : WorkerJob(parent) {}

QuantizeJob::~QuantizeJob() { stopWorker(); }

bool QuantizeJob::start(const QString& projectDir, const train::QuantizeRunOptions& options) {
    if (isRunning())
        return false;
    m_outcome = {};
    return launch([this, projectDir, options] { run(projectDir, options); });
}

void QuantizeJob::run(QString projectDir, train::QuantizeRunOptions options) {
    QuantizeOutcome outcome;
    auto project = project::Project::open(projectDir.toStdString());
    if (!project) {
        outcome.error = QString::fromStdString(project.message());
    } else {
        auto onProgress = [this](const std::string& stage, size_t done, size_t total) {
            {
                std::lock_guard lock(m_progressMutex);
                m_stage = QString::fromStdString(stage);
                m_done = static_cast<qint64>(done);
                m_total = static_cast<qint64>(total);
            }
            if (!m_progressPosted.exchange(true))
                post([this] {
                    m_progressPosted = false;
                    QString stage;
                    qint64 done, total;
                    {
                        std::lock_guard lock(m_progressMutex);
                        stage = m_stage;
                        done = m_done;
                        total = m_total;
                    }
                    emit progress(stage, done, total);
                });
        };
        auto report = train::quantizeRun(*project, options, onProgress, cancelFlag());
        if (report) {
            outcome.ok = true;
            outcome.report = std::move(*report);
        } else {
            outcome.cancelled = cancelRequested();
            outcome.error = QString::fromStdString(report.message());
        }
    }
    finish([this, outcome] { m_outcome = outcome; });
}

}  // namespace mote::studio

#include "quantize_job.h"

#include "project/project.h"

namespace mote::studio {

QuantizeJob::QuantizeJob(QObject* parent) : QObject(parent) {}

QuantizeJob::~QuantizeJob() {
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

bool QuantizeJob::start(const QString& projectDir, const train::QuantizeRunOptions& options) {
    if (m_running)
        return false;
    if (m_thread.joinable())
        m_thread.join();
    m_cancel = false;
    m_running = true;
    m_outcome = {};
    m_thread = std::thread([this, projectDir, options] { run(projectDir, options); });
    return true;
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
                QMetaObject::invokeMethod(
                    this,
                    [this] {
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
                    },
                    Qt::QueuedConnection);
        };
        auto report = train::quantizeRun(*project, options, onProgress, &m_cancel);
        if (report) {
            outcome.ok = true;
            outcome.report = std::move(*report);
        } else {
            outcome.cancelled = m_cancel.load();
            outcome.error = QString::fromStdString(report.message());
        }
    }
    QMetaObject::invokeMethod(
        this,
        [this, outcome] {
            m_outcome = outcome;
            m_running = false;
            emit finished();
        },
        Qt::QueuedConnection);
}

}  // namespace mote::studio

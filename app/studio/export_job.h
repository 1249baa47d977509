#pragma once
// ExportJob: writes the (filtered) dataset to a folder on a worker thread,
// with cancel. Thread rules are WorkerJob's: finished() on the GUI thread.
#include <QString>

#include <optional>

#include "dataset/exporter.h"
#include "worker_job.h"

namespace mote::studio {

class ExportJob : public WorkerJob {
    Q_OBJECT
public:
    explicit ExportJob(QObject* parent = nullptr);
    ~ExportJob() override;

    bool start(const QString& databaseFile, const QString& folder, std::optional<dataset::FileFormat> format,
               const dataset::SampleFilter& filter = {});
    // After finished(): samples written, or the error.
    int samplesWritten() const { return m_written; }
    QString error() const { return m_error; }

signals:
    // At most ~20 per second (throttled on the worker).
    void progress(int done, int total);

private:
    void run(QString databaseFile, QString folder, std::optional<dataset::FileFormat> format,
             dataset::SampleFilter filter);

    int m_written = 0;
    QString m_error;
};

}  // namespace mote::studio

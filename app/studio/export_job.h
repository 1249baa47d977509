#pragma once
// ExportJob: writes the (filtered) dataset to a folder on a worker thread,
// with cancel. Same thread rules as ImportJob: finished() on the GUI thread.
#include <QObject>
#include <QString>

#include <atomic>
#include <optional>
#include <thread>

#include "dataset/exporter.h"

namespace mote::studio {

class ExportJob : public QObject {
    Q_OBJECT
public:
    explicit ExportJob(QObject* parent = nullptr);
    ~ExportJob() override;

    bool start(const QString& databaseFile, const QString& folder, std::optional<dataset::FileFormat> format,
               const dataset::SampleFilter& filter = {});
    void cancel() { m_cancel = true; }
    bool isRunning() const { return m_running; }
    // After finished(): samples written, or the error.
    int samplesWritten() const { return m_written; }
    QString error() const { return m_error; }

signals:
    // At most ~20 per second (throttled on the worker).
    void progress(int done, int total);
    void finished();

private:
    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    int m_written = 0;
    QString m_error;
};

}  // namespace mote::studio

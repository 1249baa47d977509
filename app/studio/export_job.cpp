#include "export_job.h"

#include <chrono>

namespace mote::studio {

ExportJob::ExportJob(QObject* parent) : WorkerJob(parent) {}

ExportJob::~ExportJob() { stopWorker(); }

bool ExportJob::start(const QString& databaseFile, const QString& folder, std::optional<dataset::FileFormat> format,
                      const dataset::SampleFilter& filter) {
    if (isRunning())
        return false;
    m_written = 0;
    m_error.clear();
    return launch([this, databaseFile, folder, format, filter] { run(databaseFile, folder, format, filter); });
}

void ExportJob::run(QString databaseFile, QString folder, std::optional<dataset::FileFormat> format,
                    dataset::SampleFilter filter) {
    int written = 0;
    QString error;
    auto store = dataset::SampleStore::open(databaseFile.toStdString());
    if (!store) {
        error = QString::fromStdString(store.message());
    } else {
        auto lastReport = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        auto onProgress = [this, &lastReport](int64_t done, int64_t total) {
            const auto now = std::chrono::steady_clock::now();
            if (done < total && now - lastReport < std::chrono::milliseconds(50))
                return;
            lastReport = now;
            post([this, done, total] { emit progress(static_cast<int>(done), static_cast<int>(total)); });
        };
        auto report =
            dataset::exportDataset(store.value(), folder.toStdString(), format, filter, cancelFlag(), onProgress);
        if (report)
            written = static_cast<int>(report.value().samplesWritten);
        else
            error = QString::fromStdString(report.message());
    }
    finish([this, written, error] {
        m_written = written;
        m_error = error;
    });
}

}  // namespace mote::studio

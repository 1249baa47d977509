#include "export_job.h"

#include <chrono>

namespace mote::studio {

ExportJob::ExportJob(QObject* parent) : QObject(parent) {}

ExportJob::~ExportJob() {
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

bool ExportJob::start(const QString& databaseFile, const QString& folder, std::optional<dataset::FileFormat> format,
                      const dataset::SampleFilter& filter) {
    if (m_running)
        return false;
    if (m_thread.joinable())
        m_thread.join();
    m_cancel = false;
    m_running = true;
    m_written = 0;
    m_error.clear();
    m_thread = std::thread([this, databaseFile, folder, format, filter] {
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
                QMetaObject::invokeMethod(
                    this, [this, done, total] { emit progress(static_cast<int>(done), static_cast<int>(total)); },
                    Qt::QueuedConnection);
            };
            auto report =
                dataset::exportDataset(store.value(), folder.toStdString(), format, filter, &m_cancel, onProgress);
            if (report)
                written = static_cast<int>(report.value().samplesWritten);
            else
                error = QString::fromStdString(report.message());
        }
        QMetaObject::invokeMethod(
            this,
            [this, written, error] {
                m_written = written;
                m_error = error;
                m_running = false;
                emit finished();
            },
            Qt::QueuedConnection);
    });
    return true;
}

}  // namespace mote::studio

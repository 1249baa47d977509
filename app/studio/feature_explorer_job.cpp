#include "feature_explorer_job.h"

#include <QMetaObject>

#include <chrono>

#include "features/feature_generator.h"

namespace mote::studio {

FeatureExplorerJob::FeatureExplorerJob(QObject* parent) : QObject(parent) {}

FeatureExplorerJob::~FeatureExplorerJob() {
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

bool FeatureExplorerJob::start(const std::filesystem::path& databaseFile, const std::filesystem::path& cacheRoot,
                               const features::FeatureRequest& request) {
    if (m_running)
        return false;
    if (m_thread.joinable())
        m_thread.join();
    m_running = true;
    m_cancel = false;
    m_thread = std::thread([this, databaseFile, cacheRoot, request] {
        ExplorerOutcome out;
        const auto start = std::chrono::steady_clock::now();
        features::GenerateOptions options;
        options.cacheRoot = cacheRoot;
        options.cancel = &m_cancel;
        options.progress = [this](size_t done, size_t total) {
            QMetaObject::invokeMethod(
                this, [this, done, total] { emit progress(static_cast<int>(done), static_cast<int>(total)); },
                Qt::QueuedConnection);
        };
        auto set = features::generateFeatures(databaseFile, request, options);
        if (!set) {
            out.cancelled = m_cancel.load();
            out.error = QString::fromStdString(set.message());
        } else if (set->windows() < 2) {
            out.error = tr("only %1 window(s): record more samples to explore features").arg(set->windows());
            out.set = std::move(*set);
        } else {
            auto explored = features::explore(*set);
            if (explored) {
                out.ok = true;
                out.exploration = std::move(*explored);
            } else {
                out.error = QString::fromStdString(explored.message());
            }
            out.set = std::move(*set);
        }
        out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QMetaObject::invokeMethod(
            this,
            [this, out = std::move(out)]() mutable {
                if (m_thread.joinable())
                    m_thread.join();
                m_outcome = std::move(out);
                m_running = false;
                emit finished();
            },
            Qt::QueuedConnection);
    });
    return true;
}

}  // namespace mote::studio

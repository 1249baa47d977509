#include "feature_preview_job.h"

#include <QMetaObject>

#include <chrono>

namespace mote::studio {

FeaturePreviewJob::FeaturePreviewJob(QObject* parent) : QObject(parent) {}

FeaturePreviewJob::~FeaturePreviewJob() {
    m_pending.reset();
    if (m_thread.joinable())
        m_thread.join();
}

int FeaturePreviewJob::request(dataset::Sample sample, features::FeatureRequest featureRequest) {
    m_pending = Pending{++m_serial, std::move(sample), std::move(featureRequest)};
    if (!m_thread.joinable())
        startNext();
    return m_serial;
}

void FeaturePreviewJob::startNext() {
    if (!m_pending)
        return;
    Pending work = std::move(*m_pending);
    m_pending.reset();
    m_thread = std::thread([this, work = std::move(work)] {
        FeaturePreview preview;
        preview.serial = work.serial;
        const auto start = std::chrono::steady_clock::now();
        auto computed = features::computeSampleFeatures(work.sample, work.request);
        preview.milliseconds =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (computed)
            preview.features = std::move(*computed);
        else
            preview.error = QString::fromStdString(computed.message());
        // Queued to the GUI thread: the object outlives the thread (destructor joins).
        QMetaObject::invokeMethod(this, [this, preview = std::move(preview)]() mutable { finishOne(std::move(preview)); },
                                  Qt::QueuedConnection);
    });
}

void FeaturePreviewJob::finishOne(FeaturePreview preview) {
    if (m_thread.joinable())
        m_thread.join();
    m_latest = std::move(preview);
    const int serial = m_latest.serial;
    startNext();
    emit ready(serial);
}

}  // namespace mote::studio

#pragma once
// Computes the features of one sample off the GUI thread for the Impulse
// page's live preview. A request made while one is computing replaces any
// waiting request (only the latest matters), and is started when the
// current one ends; `ready` is emitted on the GUI thread with the request's
// serial so stale results can be told apart.
//
// Threads: request() on the GUI thread; the DSP runs on a std::thread; the
// destructor waits for it (one sample: milliseconds).
#include <QObject>
#include <QString>

#include <mutex>
#include <optional>
#include <thread>

#include "dataset/sample.h"
#include "features/feature_set.h"
#include "features/sample_features.h"

namespace mote::studio {

struct FeaturePreview {
    int serial = 0;
    QString error;                        // empty on success
    features::SampleFeatures features;    // all windows of the sample
    double milliseconds = 0;              // compute time
};

class FeaturePreviewJob : public QObject {
    Q_OBJECT
public:
    explicit FeaturePreviewJob(QObject* parent = nullptr);
    ~FeaturePreviewJob() override;

    // `sample` must carry its data. Returns the request's serial.
    int request(dataset::Sample sample, features::FeatureRequest featureRequest);
    bool isBusy() const { return m_thread.joinable(); }
    const FeaturePreview& latest() const { return m_latest; }

signals:
    void ready(int serial);

private:
    struct Pending {
        int serial = 0;
        dataset::Sample sample;
        features::FeatureRequest request;
    };
    void startNext();
    void finishOne(FeaturePreview preview);

    std::thread m_thread;
    std::optional<Pending> m_pending;
    int m_serial = 0;
    FeaturePreview m_latest;
};

}  // namespace mote::studio

#pragma once
// Recorder: records labelled samples from a connected DeviceSession into a
// project's SampleStore through its BatchWriter (a crash loses at most the
// uncommitted batch; every committed sample is complete).
//
// Two ways: `count` fixed-length recordings (one StartSampling with a
// length each), or one continuous stream cut into `count` consecutive
// samples. Each sample records the device, the store's recording session,
// the sensor config (rate, axes, units, scales) and the loss seen while it
// was recorded: lostFrames/crcErrors columns plus metadata lostSamples,
// boardOverrunSamples and "lossy": true when sample values are missing (they
// are zero-filled so the timing stays right; never hidden) or the board dropped some.
//
// Threads: record() runs on the caller's thread and is the only user of the
// store while it runs. The session delivers batches through the SampleQueue
// the caller wired into SessionCallbacks::onSamples.
//
// Errors: if the board dies or stops answering mid-way, record() returns
// what was completed (all of it committed) with `error` set; the sample in
// progress is dropped. Bad requests (unknown sensor, rate) fail up front.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "dataset/sample_store.h"
#include "device/device_session.h"
#include "device/sample_queue.h"

namespace mote::device {

struct RecordRequest {
    std::string sensor;          // as the board names it ("imu", "microphone")
    std::string label;
    float rateHz = 0;            // 0 = the sensor's highest rate
    double lengthSeconds = 2.0;  // per sample
    int count = 1;
    std::string split = "auto";  // "train", "test" or "auto" (by content hash)
    bool continuous = false;     // one stream cut into samples, instead of separate recordings
    std::string note;            // free text saved in the metadata (e.g. motion pattern)
};

struct RecordProgress {
    int done = 0;
    int total = 0;
    int64_t lastSampleId = 0;
    bool lastLossy = false;
};

struct RecordedSample {
    int64_t id = 0;
    int64_t frames = 0;
    uint64_t lostSamples = 0;
    uint64_t lostFrames = 0;
    uint64_t crcErrors = 0;
    uint64_t boardOverrunSamples = 0;
    bool lossy = false;
    std::string split;
};

struct RecordResult {
    std::vector<RecordedSample> samples;  // committed to the store
    int64_t sessionId = 0;                // recording session row
    std::string error;                    // empty when all `count` were recorded
};

class Recorder {
public:
    // `session` must be Connected; `queue` must receive its onSamples.
    Recorder(DeviceSession& session, SampleQueue& queue, dataset::SampleStore& store);

    // Validates the request, then records. Fails only when nothing could be
    // started; a later fault is reported in RecordResult::error.
    Result<RecordResult> record(const RecordRequest& request,
                                const std::function<void(const RecordProgress&)>& progress = {},
                                const std::atomic<bool>* cancel = nullptr);

private:
    DeviceSession& m_session;
    SampleQueue& m_queue;
    dataset::SampleStore& m_store;
};

}  // namespace mote::device

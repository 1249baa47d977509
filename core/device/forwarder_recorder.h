#pragma once
// Forwarder recording: records a board that just prints one sample per line
// (see forwarder_parser.h) into the project store, cut into `count`
// consecutive samples of `lengthSeconds`.
//
// The rate is the one given, else measured (from the timestamp column, else
// from arrival times over >= 2 s; rows are held until it is known). Each
// sample's metadata records the detected layout, the rate and where it came
// from, junk lines skipped while it was recorded and, with timestamps,
// samples missing by timestamp gaps ("lossy": true when any).
//
// Threads: runs entirely on the caller's thread (opens, reads and closes the
// port itself); the store is used only there. Never blocks forever: the
// port is read with short timeouts, `silenceTimeout` without a line ends the
// recording with an error, `cancel` is checked every 50 ms.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "common/result.h"
#include "dataset/sample_store.h"
#include "device/forwarder_parser.h"
#include "device/recorder.h"
#include "serial/transport.h"

namespace mote::device {

struct ForwarderRecordRequest {
    std::string port;
    serial::SerialSettings serial;
    ForwarderOptions parser;
    std::string sensor = "forwarder";  // sensor name stored with the samples
    std::string label;
    double rateHz = 0;                 // 0 = measure it
    double lengthSeconds = 2.0;
    int count = 1;
    std::string split = "auto";
    std::chrono::milliseconds silenceTimeout{3000};
};

struct ForwarderRecordResult {
    RecordResult record;
    ForwarderLayout layout;
    ForwarderCounters counters;
    double rateHz = 0;
    bool rateFromTimestamps = false;
};

Result<ForwarderRecordResult> recordForwarder(const ForwarderRecordRequest& request, dataset::SampleStore& store,
                                              const std::function<void(const RecordProgress&)>& progress = {},
                                              const std::atomic<bool>* cancel = nullptr);

}  // namespace mote::device

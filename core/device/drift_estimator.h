#pragma once
// Estimates board-clock drift against the host clock from (device time,
// host arrival time) pairs. Transport latency only ever adds delay, so per
// one-second bucket only the smallest (host - device) offset is kept; a
// least-squares line through those minima gives the drift in ppm.
// Not thread-safe.
#include <cstdint>
#include <vector>

#include "device/session_types.h"

namespace mote::device {

class DriftEstimator {
public:
    void reset();
    void add(uint64_t deviceUs, int64_t hostUs);
    DriftEstimate estimate() const;

private:
    struct Bucket {
        double deviceS;
        double offsetUs;
    };
    bool m_started = false;
    uint64_t m_device0 = 0;
    int64_t m_host0 = 0;
    std::vector<Bucket> m_buckets;  // one per second of device time (bounded)
    static constexpr size_t kMaxBuckets = 3600;
};

}  // namespace mote::device

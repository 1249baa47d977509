#include "device/drift_estimator.h"

namespace mote::device {

void DriftEstimator::reset() {
    m_started = false;
    m_buckets.clear();
}

void DriftEstimator::add(uint64_t deviceUs, int64_t hostUs) {
    if (!m_started) {
        m_started = true;
        m_device0 = deviceUs;
        m_host0 = hostUs;
    }
    if (deviceUs < m_device0)
        return;  // board restarted its clock; the caller resets us
    const double deviceS = static_cast<double>(deviceUs - m_device0) * 1e-6;
    const double offset = static_cast<double>(hostUs - m_host0) - static_cast<double>(deviceUs - m_device0);
    const auto second = static_cast<size_t>(deviceS);
    if (!m_buckets.empty() && static_cast<size_t>(m_buckets.back().deviceS) == second) {
        if (offset < m_buckets.back().offsetUs)
            m_buckets.back() = {deviceS, offset};
        return;
    }
    if (m_buckets.size() >= kMaxBuckets)
        m_buckets.erase(m_buckets.begin());
    m_buckets.push_back({deviceS, offset});
}

DriftEstimate DriftEstimator::estimate() const {
    DriftEstimate e;
    e.points = static_cast<int>(m_buckets.size());
    if (m_buckets.size() < 3)
        return e;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const auto& b : m_buckets) {
        sx += b.deviceS;
        sy += b.offsetUs;
        sxx += b.deviceS * b.deviceS;
        sxy += b.deviceS * b.offsetUs;
    }
    const double n = static_cast<double>(m_buckets.size());
    const double den = n * sxx - sx * sx;
    if (den <= 0)
        return e;
    // offset grows by slope µs per device second: host runs slope ppm faster,
    // i.e. the board clock runs -slope ppm relative to the host.
    const double slope = (n * sxy - sx * sy) / den;
    e.valid = true;
    e.ppm = -slope;
    e.spanSeconds = m_buckets.back().deviceS - m_buckets.front().deviceS;
    return e;
}

}  // namespace mote::device

#pragma once
// Clocks of the simulated board.
//  RealTimeClock: CLOCK_MONOTONIC scaled by a per-device crystal error
//    (parts per million), so host-side drift estimation has something real
//    to estimate.
//  FastClock: virtual time the main loop advances only when the agent has
//    sent everything; samples then come as fast as the host reads, with the
//    same timestamps a real-time run would carry (--fast, for tests).
#include <cstdint>

#include "agent/port.h"

namespace mote::boardsim {

uint64_t monotonicUs();

class RealTimeClock final : public mote::agent::Clock {
public:
    explicit RealTimeClock(double driftPpm) : m_scale(1.0 + driftPpm * 1e-6), m_t0(monotonicUs()) {}
    uint64_t nowUs() override {
        return static_cast<uint64_t>(static_cast<double>(monotonicUs() - m_t0) * m_scale);
    }

private:
    double m_scale;
    uint64_t m_t0;
};

class FastClock final : public mote::agent::Clock {
public:
    uint64_t nowUs() override { return m_now; }
    void advance(uint64_t us) { m_now += us; }
    void advanceTo(uint64_t t) { m_now = t > m_now ? t : m_now; }

private:
    uint64_t m_now = 0;
};

}  // namespace mote::boardsim

#pragma once
// Small deterministic PRNG for the simulated sensors (xorshift32): same seed,
// same signal, on the host and on the microcontroller. Not for anything
// that needs real randomness.
#include <cstdint>

namespace mote::sim {

class Random {
public:
    explicit Random(uint32_t seed) : m_state(seed ? seed : 0x9E3779B9u) {}

    uint32_t next() {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return m_state;
    }
    // Uniform in [0, 1).
    float uniform() { return static_cast<float>(next() >> 8) * (1.0f / 16777216.0f); }
    // Uniform in [-1, 1).
    float symmetric() { return uniform() * 2.0f - 1.0f; }
    // Approximately standard normal (Irwin-Hall with 4 terms): no log/sqrt
    // calls, cheap on a Cortex-M.
    float gaussian() {
        const float sum = uniform() + uniform() + uniform() + uniform() - 2.0f;
        return sum * 1.7320508f;  // variance of the sum is 4/12
    }

private:
    uint32_t m_state;
};

}  // namespace mote::sim

#pragma once
// Time base from SysTick on the 25 MHz core clock: a 1 ms interrupt counts
// milliseconds, the current-value register gives the sub-millisecond part.
// QEMU has no DWT cycle counter, so cycles() (25 MHz ticks) is also what the
// board reports for DSP/model timing; with -icount shift=0 it is
// deterministic and one tick is 40 executed instructions.
#include <cstdint>

#include "agent/port.h"

namespace mote::port {

class SysTickClock final : public mote::agent::Clock {
public:
    static constexpr uint32_t kCoreHz = 25000000;
    static constexpr uint32_t kTicksPerMs = kCoreHz / 1000;

    void begin();
    uint64_t nowUs() override;
    // Core-clock ticks since begin() (wraps after ~23 000 years).
    uint64_t cycles() override;

    void onTick() { m_ms = m_ms + 1; }

private:
    volatile uint32_t m_ms = 0;
};

}  // namespace mote::port

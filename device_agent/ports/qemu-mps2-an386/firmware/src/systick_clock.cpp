#include "systick_clock.h"

#include "cortex_m4.h"

namespace mote::port {

void SysTickClock::begin() {
    reg(kSysTickLoad) = kTicksPerMs - 1;
    reg(kSysTickVal) = 0;
    // CLKSOURCE = core clock, TICKINT, ENABLE.
    reg(kSysTickCtrl) = (1u << 2) | (1u << 1) | (1u << 0);
}

uint64_t SysTickClock::cycles() {
    // Read the millisecond count around the down-counter; retry if the tick
    // interrupt ran in between so both parts belong to the same millisecond.
    for (;;) {
        const uint32_t before = m_ms;
        const uint32_t value = reg(kSysTickVal);
        const uint32_t after = m_ms;
        if (before == after)
            return static_cast<uint64_t>(before) * kTicksPerMs + (kTicksPerMs - 1 - value);
    }
}

uint64_t SysTickClock::nowUs() { return cycles() / (kCoreHz / 1000000); }

}  // namespace mote::port

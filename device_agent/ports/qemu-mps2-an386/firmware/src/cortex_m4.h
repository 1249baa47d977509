#pragma once
// Cortex-M4 core registers this port touches (SCB, NVIC, SysTick), and the
// interrupt-mask helpers. Addresses from the ARMv7-M architecture manual.
#include <cstdint>

namespace mote::port {

inline volatile uint32_t& reg(uintptr_t address) {
    return *reinterpret_cast<volatile uint32_t*>(address);
}

constexpr uintptr_t kScbCpacr = 0xE000ED88;
constexpr uintptr_t kNvicIser0 = 0xE000E100;
constexpr uintptr_t kSysTickCtrl = 0xE000E010;
constexpr uintptr_t kSysTickLoad = 0xE000E014;
constexpr uintptr_t kSysTickVal = 0xE000E018;

inline void enableIrq(unsigned irq) { reg(kNvicIser0 + 4 * (irq / 32)) = 1u << (irq % 32); }
inline void disableInterrupts() { __asm volatile("cpsid i" ::: "memory"); }
inline void enableInterrupts() { __asm volatile("cpsie i" ::: "memory"); }
inline void waitForInterrupt() { __asm volatile("wfi" ::: "memory"); }

// Saves PRIMASK and masks interrupts for the scope (works when nested).
class CriticalSection {
public:
    CriticalSection() {
        __asm volatile("mrs %0, primask" : "=r"(m_primask)::"memory");
        disableInterrupts();
    }
    ~CriticalSection() { __asm volatile("msr primask, %0" ::"r"(m_primask) : "memory"); }
    CriticalSection(const CriticalSection&) = delete;
    CriticalSection& operator=(const CriticalSection&) = delete;

private:
    uint32_t m_primask;
};

}  // namespace mote::port

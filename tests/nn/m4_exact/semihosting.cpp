// Semihosting output and exit, and SysTick as an instruction counter, for
// the kernel test firmware (see semihosting.h). Start-up code, vector table
// and newlib stubs come from the QEMU port (see port_hooks.cpp).
#include <cstdint>

#include "semihosting.h"

namespace m4test {

namespace {
inline int semihost(int op, const void* arg) {
    register int r0 __asm__("r0") = op;
    register const void* r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
volatile uint32_t* const kSysTick = reinterpret_cast<volatile uint32_t*>(0xE000E010);
}  // namespace

void write(const char* text) { semihost(0x04, text); }  // SYS_WRITE0

void exitWith(int code) {
    // SYS_EXIT_EXTENDED {ADP_Stopped_ApplicationExit, code}: QEMU exits
    // with `code` as its own status.
    const uint32_t block[2] = {0x20026u, static_cast<uint32_t>(code)};
    semihost(0x20, block);
    for (;;) {
    }
}

void startCounter() {
    kSysTick[1] = 0x00ffffffu;  // LOAD
    kSysTick[2] = 0;            // VAL
    kSysTick[0] = 0x5u;         // ENABLE | CLKSOURCE (core clock), no interrupt
}

uint32_t counterNow() { return kSysTick[2] & 0x00ffffffu; }

uint32_t ticksSince(uint32_t start) { return (start - counterNow()) & 0x00ffffffu; }

}  // namespace m4test

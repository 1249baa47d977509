// The kernel test firmware boots through the QEMU port's own start-up code
// (device_agent/ports/qemu-mps2-an386/firmware/src/startup.cpp: FPU on,
// .data/.bss, constructors, then mote_main()) and newlib stubs (syscalls.cpp),
// so the test runs on exactly the start-up the agent firmware uses. This
// file supplies what that code calls:
//   - mote_main(): points VTOR at a vector table whose fault handlers say
//     so over semihosting and exit 3 (the port's handlers spin, which would
//     turn a CPU fault into a QEMU timeout), runs main(), exits with its code;
//   - the interrupt handlers the port's vector table names; the test enables
//     no interrupt (SysTick runs without TICKINT), so they are never taken.
#include <cstdint>

#include "semihosting.h"

extern "C" {
extern uint32_t _estack;
void Reset_Handler();
void mote_main();
void SysTick_Handler() {}
void Uart0Rx_Handler() {}
void Uart0Tx_Handler() {}
}
int main();

namespace {

using Handler = void (*)();

void faultHandler() {
    m4test::write("FAULT: the test firmware took an exception\n");
    m4test::exitWith(3);
}

// VTOR needs the table aligned to its size rounded up to a power of two (min 128 bytes).
alignas(128) const Handler kTestVectors[16] = {
    reinterpret_cast<Handler>(&_estack), Reset_Handler, faultHandler, faultHandler, faultHandler, faultHandler,
    faultHandler, nullptr, nullptr, nullptr, nullptr, faultHandler, faultHandler, nullptr, faultHandler,
    faultHandler};

constexpr uintptr_t kScbVtor = 0xE000ED08;

}  // namespace

extern "C" void mote_main() {
    *reinterpret_cast<volatile uint32_t*>(kScbVtor) = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(kTestVectors));
    __asm volatile("dsb\n isb" ::: "memory");
    m4test::exitWith(main());
}

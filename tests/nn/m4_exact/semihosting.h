#pragma once
// Output and exit for the bare-metal test firmware through Arm semihosting
// (QEMU: -semihosting-config enable=on,target=native), and SysTick as an
// instruction counter (24-bit, core clock: under -icount shift=0 one tick
// is 40 instructions). Single-threaded firmware only.
#include <cstdint>

namespace m4test {

void write(const char* text);
[[noreturn]] void exitWith(int code);

void startCounter();
uint32_t counterNow();
// Ticks elapsed since `start` (a counterNow() value); valid below 2^24.
uint32_t ticksSince(uint32_t start);

}  // namespace m4test

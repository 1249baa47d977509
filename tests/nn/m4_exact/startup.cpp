// Minimal start-up for the kernel test firmware: vector table, reset
// handler (FPU on before any float instruction, .data/.bss, constructors,
// main), semihosting output and exit, SysTick as an instruction counter,
// and the few newlib stubs snprintf may reach.
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <sys/stat.h>

#include "semihosting.h"

extern "C" {
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern uint8_t _sheap, _eheap;
void __libc_init_array();
int main();
void Reset_Handler();
void Fault_Handler();
}

extern "C" __attribute__((naked, noreturn)) void Reset_Handler() {
    __asm volatile(
        "ldr r0, =0xE000ED88\n"
        "ldr r1, [r0]\n"
        "orr r1, r1, #(0xF << 20)\n"
        "str r1, [r0]\n"
        "dsb\n"
        "isb\n"
        "b m4_reset_continue\n");
}

extern "C" __attribute__((noreturn, used)) void m4_reset_continue() {
    const uint32_t* src = &_sidata;
    for (uint32_t* dst = &_sdata; dst < &_edata;) *dst++ = *src++;
    for (uint32_t* dst = &_sbss; dst < &_ebss;) *dst++ = 0;
    __libc_init_array();
    m4test::exitWith(main());
}

// Any fault: say so and exit non-zero, so the ctest fails instead of hanging.
extern "C" void Fault_Handler() {
    m4test::write("FAULT: the test firmware took an exception\n");
    m4test::exitWith(3);
}

namespace {
using Handler = void (*)();
}
extern "C" __attribute__((section(".isr_vector"), used)) const Handler g_vectors[16] = {
    reinterpret_cast<Handler>(&_estack), Reset_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, nullptr, nullptr, nullptr, nullptr, Fault_Handler, Fault_Handler, nullptr, Fault_Handler,
    Fault_Handler};

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

extern "C" {
void* _sbrk(ptrdiff_t increment) {
    static uint8_t* brk = &_sheap;
    if (increment > &_eheap - brk || increment < &_sheap - brk) {
        errno = ENOMEM;
        return reinterpret_cast<void*>(-1);
    }
    uint8_t* previous = brk;
    brk += increment;
    return previous;
}
int _write(int, const char*, int len) { return len; }
int _read(int, char*, int) { return 0; }
int _close(int) { return -1; }
int _lseek(int, int, int) { return 0; }
int _isatty(int) { return 1; }
int _fstat(int, struct stat* st) {
    st->st_mode = S_IFCHR;
    return 0;
}
int _getpid() { return 1; }
int _kill(int, int) {
    errno = EINVAL;
    return -1;
}
__attribute__((noreturn)) void _exit(int code) { m4test::exitWith(code); }
}

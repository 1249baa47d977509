// Reset handler and vector table for the mps2-an386 (Cortex-M4F). The
// handler enables the FPU first (the compiler may emit VFP instructions
// anywhere, even in the copy loops), sets up .data/.bss, runs the static
// constructors and calls main().
#include <cstdint>

#include "cortex_m4.h"

extern "C" {
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
void __libc_init_array();
void mote_main();  // the board program (main.cpp); never returns

void Reset_Handler();
void Default_Handler();
void HardFault_Handler();
void SysTick_Handler();
void Uart0Rx_Handler();
void Uart0Tx_Handler();
}

extern "C" __attribute__((naked, noreturn)) void Reset_Handler() {
    // Naked: no prologue touches the stack or the FPU before we enable it.
    __asm volatile(
        "ldr r0, =0xE000ED88\n"
        "ldr r1, [r0]\n"
        "orr r1, r1, #(0xF << 20)\n"
        "str r1, [r0]\n"
        "dsb\n"
        "isb\n"
        "b mote_reset_continue\n");
}

extern "C" __attribute__((noreturn, used)) void mote_reset_continue() {
    const uint32_t* src = &_sidata;
    for (uint32_t* dst = &_sdata; dst < &_edata;)
        *dst++ = *src++;
    for (uint32_t* dst = &_sbss; dst < &_ebss;)
        *dst++ = 0;
    __libc_init_array();
    mote_main();
    for (;;)
        mote::port::waitForInterrupt();
}

// Faults stop the board in a visible way: the host sees the link go quiet
// and the QEMU launcher reports the board as unresponsive.
extern "C" void Default_Handler() {
    for (;;) {
    }
}
extern "C" void HardFault_Handler() {
    for (;;) {
    }
}

namespace {
using Handler = void (*)();
constexpr int kIrqCount = 32;
}  // namespace

extern "C" __attribute__((section(".isr_vector"), used)) const Handler g_vectors[16 + kIrqCount] = {
    reinterpret_cast<Handler>(&_estack),
    Reset_Handler,
    Default_Handler,    // NMI
    HardFault_Handler,  // HardFault
    Default_Handler,    // MemManage
    Default_Handler,    // BusFault
    Default_Handler,    // UsageFault
    nullptr, nullptr, nullptr, nullptr,
    Default_Handler,    // SVCall
    Default_Handler,    // DebugMonitor
    nullptr,
    Default_Handler,    // PendSV
    SysTick_Handler,
    // External interrupts: the an386 wires UART0 RX to IRQ 0 and TX to IRQ 1.
    Uart0Rx_Handler, Uart0Tx_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
};

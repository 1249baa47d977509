#pragma once
// Interrupt-driven driver for the CMSDK APB UART (one byte of buffer each
// way, no FIFO). RX and TX interrupts move bytes between the data register
// and two rings, so the main loop never polls the hardware and can sleep in
// wfi. Implements the agent's Link. One instance per UART; the interrupt
// handlers must call onRxInterrupt()/onTxInterrupt().
#include <cstddef>
#include <cstdint>

#include "agent/port.h"
#include "byte_ring.h"

namespace mote::port {

class CmsdkUart final : public mote::agent::Link {
public:
    // `base` is the register block (UART0: 0x40004000); irqs are the NVIC lines.
    CmsdkUart(uintptr_t base, unsigned rxIrq, unsigned txIrq);

    // Programs the divider, enables RX/TX and their interrupts.
    void begin(uint32_t bauddiv = 16);

    size_t write(const uint8_t* data, size_t size) override;
    size_t read(uint8_t* data, size_t capacity) override;

    bool rxPending() const { return !m_rx.empty(); }
    size_t txPending() const { return m_tx.size(); }
    uint32_t rxOverruns() const { return m_rxOverruns; }

    void onRxInterrupt();
    void onTxInterrupt();

private:
    void kickTx();

    uintptr_t m_base;
    unsigned m_rxIrq;
    unsigned m_txIrq;
    ByteRing<1024> m_rx;
    ByteRing<4096> m_tx;
    volatile bool m_txBusy = false;  // a byte is in the data register
    volatile uint32_t m_rxOverruns = 0;
};

}  // namespace mote::port

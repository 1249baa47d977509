#include "cmsdk_uart.h"

#include "cortex_m4.h"

namespace mote::port {
namespace {
constexpr uintptr_t kData = 0x00;
constexpr uintptr_t kState = 0x04;
constexpr uintptr_t kCtrl = 0x08;
constexpr uintptr_t kIntClear = 0x0C;
constexpr uintptr_t kBaudDiv = 0x10;

constexpr uint32_t kStateTxFull = 1u << 0;
constexpr uint32_t kStateRxFull = 1u << 1;
constexpr uint32_t kStateOverruns = (1u << 2) | (1u << 3);
constexpr uint32_t kCtrlTxEn = 1u << 0;
constexpr uint32_t kCtrlRxEn = 1u << 1;
constexpr uint32_t kCtrlTxIrq = 1u << 2;
constexpr uint32_t kCtrlRxIrq = 1u << 3;
constexpr uint32_t kIntTx = 1u << 0;
constexpr uint32_t kIntRx = 1u << 1;
}  // namespace

CmsdkUart::CmsdkUart(uintptr_t base, unsigned rxIrq, unsigned txIrq)
    : m_base(base), m_rxIrq(rxIrq), m_txIrq(txIrq) {}

void CmsdkUart::begin(uint32_t bauddiv) {
    reg(m_base + kBaudDiv) = bauddiv < 16 ? 16 : bauddiv;
    reg(m_base + kIntClear) = kIntTx | kIntRx;
    reg(m_base + kCtrl) = kCtrlTxEn | kCtrlRxEn | kCtrlTxIrq | kCtrlRxIrq;
    enableIrq(m_rxIrq);
    enableIrq(m_txIrq);
}

size_t CmsdkUart::write(const uint8_t* data, size_t size) {
    size_t taken = 0;
    while (taken < size && m_tx.push(data[taken]))
        ++taken;
    if (taken) {
        CriticalSection guard;
        if (!m_txBusy)
            kickTx();
    }
    return taken;
}

size_t CmsdkUart::read(uint8_t* data, size_t capacity) {
    size_t count = 0;
    while (count < capacity && m_rx.pop(data[count]))
        ++count;
    return count;
}

// Called with interrupts masked (or from the TX handler): moves the next
// byte into the data register; the TX interrupt fires when it has gone.
void CmsdkUart::kickTx() {
    uint8_t byte;
    if ((reg(m_base + kState) & kStateTxFull) == 0 && m_tx.pop(byte)) {
        reg(m_base + kData) = byte;
        m_txBusy = true;
    } else {
        m_txBusy = (reg(m_base + kState) & kStateTxFull) != 0;
    }
}

void CmsdkUart::onTxInterrupt() {
    reg(m_base + kIntClear) = kIntTx;
    m_txBusy = false;
    kickTx();
}

void CmsdkUart::onRxInterrupt() {
    reg(m_base + kIntClear) = kIntRx;
    while (reg(m_base + kState) & kStateRxFull) {
        const uint8_t byte = static_cast<uint8_t>(reg(m_base + kData));
        if (!m_rx.push(byte))
            m_rxOverruns = m_rxOverruns + 1;
    }
    const uint32_t state = reg(m_base + kState);
    if (state & kStateOverruns) {
        reg(m_base + kState) = state & kStateOverruns;  // write 1 to clear
        m_rxOverruns = m_rxOverruns + 1;
    }
}

}  // namespace mote::port

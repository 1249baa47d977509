// The device agent on QEMU's mps2-an386: UART0 carries the wire protocol,
// SysTick is the clock, the simulated IMU and microphone are the same
// generator code as the host board. The loop sleeps in wfi whenever the
// agent has nothing to do; the 1 ms tick, UART RX and UART TX interrupts
// wake it.
#include <cstdint>

#include "agent/agent.h"
#include "board_config.h"
#include "cmsdk_uart.h"
#include "cortex_m4.h"
#include "sim/imu_simulator.h"
#include "sim/microphone.h"
#include "systick_clock.h"

#ifdef MOTE_HAS_MODEL
#include "inference/model_binding.h"
#endif

namespace {

using namespace mote;

port::CmsdkUart g_uart(0x40004000, 0, 1);
port::SysTickClock g_clock;

class PatternHooks final : public agent::CommandHooks {
public:
    explicit PatternHooks(sim::ImuSimulator& imu) : m_imu(imu) {}
    bool setPattern(wire::MotionPattern pattern) override {
        m_imu.setPattern(pattern);
        return true;
    }

private:
    sim::ImuSimulator& m_imu;
};


}  // namespace

extern "C" void SysTick_Handler() { g_clock.onTick(); }
extern "C" void Uart0Rx_Handler() { g_uart.onRxInterrupt(); }
extern "C" void Uart0Tx_Handler() { g_uart.onTxInterrupt(); }

extern "C" void mote_main() {
    static agent::BoardInfo board;
    board.name = board::kName;
    board.firmwareVersion = board::kFirmwareVersion;
    board.deviceId = board::kDeviceId;
    board.ramBytes = board::kRamBytes;
    board.flashBytes = board::kFlashBytes;
    board.clockHz = port::SysTickClock::kCoreHz;

    static sim::ImuSimulator imu(board::kDeviceSeed);
    static sim::Microphone microphone(nullptr, board::kDeviceSeed ^ 0x5a5a5a5au);
    static PatternHooks hooks(imu);
#ifdef MOTE_HAS_MODEL
    board.model = agent::ModelBinding::spec();
#endif
    static agent::Agent agent(g_uart, g_clock, board);
    agent.addSensor(imu);
    agent.addSensor(microphone);
    agent.setCommandHooks(&hooks);
#ifdef MOTE_HAS_MODEL
    // RunModel (host-sent inputs) and live inference (the impulse's DSP +
    // the model on the sensor stream).
    static agent::Sensor* const sensors[] = {&imu, &microphone};
    static agent::ModelBinding model(g_clock, sensors, 2);
    model.attach(agent);
#endif

    g_clock.begin();
    g_uart.begin();
    port::enableInterrupts();

#ifdef MOTE_HAS_MODEL
    // The self-test report goes out as a Log every second: SysTick ticks
    // (x40 = instructions under QEMU -icount shift=0) and the output bytes.
    const char* selfTest = model.runSelfTest();
    uint64_t nextReportUs = 0;
#endif

    for (;;) {
        agent.poll();
#ifdef MOTE_HAS_MODEL
        if (selfTest && g_clock.nowUs() >= nextReportUs) {
            if (agent.log(wire::LogLevel::Info, selfTest))
                nextReportUs = g_clock.nowUs() + 1000000;
        }
#endif
        // Sleep unless a received byte is already waiting; any interrupt
        // (tick, RX, TX done) wakes us even with PRIMASK set, so checking and
        // sleeping under the mask cannot miss a byte.
        port::disableInterrupts();
        if (!g_uart.rxPending())
            port::waitForInterrupt();
        port::enableInterrupts();
    }
}

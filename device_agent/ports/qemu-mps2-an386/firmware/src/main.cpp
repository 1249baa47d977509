// The device agent on QEMU's mps2-an386: UART0 carries the wire protocol,
// SysTick is the clock, the simulated IMU and microphone are the same
// generator code as the host board. The loop sleeps in wfi whenever the
// agent has nothing to do; the 1 ms tick, UART RX and UART TX interrupts
// wake it.
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "agent/agent.h"
#include "board_config.h"
#include "cmsdk_uart.h"
#include "cortex_m4.h"
#include "sim/imu_simulator.h"
#include "sim/microphone.h"
#include "systick_clock.h"

#ifdef MOTE_HAS_MODEL
#include "inference/generated_model.h"
#include "mote_model.h"
#endif
#ifdef MOTE_MODEL_HAS_IMPULSE
#include "inference/live_engine.h"
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

#ifdef MOTE_HAS_MODEL
// Runs the generated model once on its embedded self-test input and keeps a
// report line ("selftest ticks=N out=<hex>") the loop sends as a Log every
// second, so a host can compare the board's output with its own byte for
// byte and read the deterministic SysTick count (x40 = instructions under
// QEMU -icount shift=0).
char g_selfTest[600];

void runSelfTest() {
    std::memcpy(mote_model_input(), mote_model_selftest_input, kMoteModelInputBytes);
    const uint64_t start = g_clock.cycles();
    mote_model_invoke();
    const uint64_t ticks = g_clock.cycles() - start;
    int n = std::snprintf(g_selfTest, sizeof g_selfTest, "selftest ticks=%lu out=", static_cast<unsigned long>(ticks));
    const uint8_t* out = mote_model_output();
    for (size_t i = 0; i < kMoteModelOutputBytes && n + 3 < static_cast<int>(sizeof g_selfTest); ++i)
        n += std::snprintf(g_selfTest + n, sizeof g_selfTest - static_cast<size_t>(n), "%02x", out[i]);
}
#endif

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
    static agent::ModelSpec model{kMoteModelId, kMoteModelHash, kMoteModelLabels,
                                  static_cast<uint8_t>(kMoteModelLabelCount)};
    board.model = &model;
#endif
    static agent::Agent agent(g_uart, g_clock, board);
    agent.addSensor(imu);
    agent.addSensor(microphone);
    agent.setCommandHooks(&hooks);
#ifdef MOTE_HAS_MODEL
    // RunModel: the host sends the input tensor, the board runs the model.
    static agent::GeneratedModel runner({mote_model_input, mote_model_output, mote_model_invoke,
                                         static_cast<uint32_t>(kMoteModelInputBytes),
                                         static_cast<uint32_t>(kMoteModelOutputBytes)});
    agent.setModelRunner(&runner);
#endif
#ifdef MOTE_MODEL_HAS_IMPULSE
    // Live inference: the impulse's DSP + the model on the sensor stream.
    static agent::Sensor* const sensors[] = {&imu, &microphone};
    static agent::LiveEngine engine(kMoteImpulse, runner, g_clock, sensors, 2);
    agent.setInferenceEngine(&engine);
#endif

    g_clock.begin();
    g_uart.begin();
    port::enableInterrupts();

#ifdef MOTE_HAS_MODEL
    if (kMoteModelHasSelfTest)
        runSelfTest();
    uint64_t nextReportUs = 0;
#endif

    for (;;) {
        agent.poll();
#ifdef MOTE_HAS_MODEL
        if (kMoteModelHasSelfTest && g_clock.nowUs() >= nextReportUs) {
            if (agent.log(wire::LogLevel::Info, g_selfTest))
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

#pragma once
// Bring-your-own model on a board: make sure the board runs exactly this
// .tflite (deploys it with deployModel() when the board is not running or
// reports another model hash), then run it on host-supplied input tensors
// over the protocol (ModelInput chunks -> RunModel -> ModelOutput chunks)
// and return what the board computed. `mote model run FILE --board B` and
// the on-device evaluation use it.
//
// Threads: one runner per thread; run() blocks the caller (the session's
// own worker does the I/O). Errors name the step: deploy (with
// deployModel's message), connect, the board's refusal, timeout.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "firmware/board_profile.h"
#include "firmware/deploy.h"
#include "firmware/flasher.h"

namespace mote::device {
class DeviceSession;
}

namespace mote::firmware {

struct BoardModelRequest {
    std::filesystem::path model;             // .tflite (int8)
    std::vector<std::string> labels;         // only used when a deploy is needed
    BoardProfile board;
    std::filesystem::path workDir;           // generated project + build when deploying
    FlasherOptions flasher;
    std::string port;                        // real boards: serial port (else the running emulator/simulator)
    bool forceDeploy = false;                // deploy even when the board reports the same hash
    std::chrono::milliseconds runTimeout{120000};  // per run(): transfer + invoke + outputs
};

struct BoardRunStats {
    uint64_t cycles = 0;    // board clock cycles of the invocation (QEMU: SysTick ticks, -icount)
    uint32_t timeUs = 0;    // board time of the invocation
    double hostSeconds = 0; // whole round trip seen from the host
};

class BoardModelRunner {
public:
    // Deploys when needed, connects, checks the hash. `log` gets deploy and
    // connect lines (may be null).
    static Result<std::unique_ptr<BoardModelRunner>> open(const BoardModelRequest& request, const LogFn& log);
    ~BoardModelRunner();
    BoardModelRunner(const BoardModelRunner&) = delete;
    BoardModelRunner& operator=(const BoardModelRunner&) = delete;

    // One inference on the board. `inputs` are the raw bytes of each input
    // tensor in model order (sizes must match the model); returns each
    // output tensor's bytes.
    Result<std::vector<std::vector<uint8_t>>> run(const std::vector<std::vector<uint8_t>>& inputs,
                                                  BoardRunStats* stats = nullptr);

    bool deployed() const { return m_deployed; }          // open() had to deploy
    const std::string& connectionPath() const { return m_path; }
    const std::string& modelHash() const { return m_hash; }
    const DeployResult& deployResult() const { return m_deploy; }  // valid when deployed()

private:
    BoardModelRunner() = default;
    std::unique_ptr<device::DeviceSession> m_session;
    std::chrono::milliseconds m_timeout{120000};
    bool m_deployed = false;
    std::string m_path;
    std::string m_hash;
    DeployResult m_deploy;
};

// Where the board's running emulator/simulator (or `port`) can be reached,
// "" when nothing runs.
std::string boardConnectionPath(const BoardProfile& board, const FlasherOptions& flasher, const std::string& port);

}  // namespace mote::firmware

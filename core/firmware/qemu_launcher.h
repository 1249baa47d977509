#pragma once
// Runs a firmware ELF on QEMU's emulated board (mps2-an386 by default).
//
// QEMU discards UART output while nobody holds the pty open, so a board is
// started in two steps: launch() spawns QEMU paused (-S) with the UART on a
// new pty and a QMP socket, and returns once the pty path is known; the
// caller opens the pty and then calls resume() (QMP cont). Instruction
// counting is on (-icount shift=0): the board's SysTick figures are then
// deterministic, one 25 MHz tick = 40 instructions.
//
// Threads: one owner. The destructor stops QEMU (QMP quit, then signals).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "firmware/qmp_client.h"
#include "firmware/subprocess.h"

namespace mote::firmware {

struct QemuOptions {
    std::string program = "qemu-system-arm";
    std::string machine = "mps2-an386";
    std::filesystem::path elf;
    bool icount = true;                       // -icount shift=0
    std::filesystem::path runtimeDir;         // QMP socket + log; empty: a new temp dir
    std::chrono::milliseconds startTimeout{10000};
    std::vector<std::string> extraArgs;
};

// The full argv (tested; no shell involved).
std::vector<std::string> qemuArgv(const QemuOptions& options, const std::string& qmpSocket);

// Parses QEMU's "char device redirected to /dev/pts/N (label serial0)".
std::optional<std::string> parsePtyLine(const std::string& output);

class QemuInstance {
public:
    // Starts QEMU paused. Fails (with QEMU's own message) when the program
    // or ELF is missing or QEMU exits before announcing its pty.
    static Result<std::unique_ptr<QemuInstance>> launch(const QemuOptions& options);
    ~QemuInstance();

    const std::string& ptyPath() const { return m_ptyPath; }
    pid_t pid() const { return m_process.pid(); }

    // Lets the CPU run (open the pty first, or the first bytes are lost).
    Status resume();
    // Pauses the CPU (QMP stop).
    Status pause();
    // False once QEMU has exited or was killed.
    bool running();
    // Exit status once ended (128+N for signal N).
    std::optional<int> exitStatus();
    // What QEMU printed (stdout + stderr), for error reports.
    std::string output();
    // QMP quit, then SIGTERM/SIGKILL if QEMU does not go within `grace`.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

    // Leaves QEMU running after this object is destroyed (the board keeps
    // running after `mote deploy` exits); stop it later with stopBoardProcess().
    struct Detached {
        pid_t pid;
        std::string ptyPath;
        std::filesystem::path runtimeDir;  // holds qmp.sock and qemu.log
    };
    Detached detach();

private:
    QemuInstance(Subprocess process, std::filesystem::path runtimeDir, bool ownsRuntimeDir);

    Subprocess m_process;
    QmpClient m_qmp;
    std::filesystem::path m_runtimeDir;
    bool m_ownsRuntimeDir = false;
    std::string m_ptyPath;
    std::string m_output;
};

}  // namespace mote::firmware

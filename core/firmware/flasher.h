#pragma once
// Flashers put a firmware image on a board and say where to reach it
// afterwards. One interface; drivers:
//   qemu  stop the running emulator of that board, boot the new ELF (the
//         emulator keeps running after the studio exits; a new pty appears)
//   host  stop the running simulator process, start the new one
//   openocd/bossac/dfu-util/esptool/picotool/avrdude  run the tool's argv
//   uf2   copy the .uf2 onto the bootloader drive
// Running emulators/simulators are recorded in a state folder (one JSON per
// board) so a later command finds and stops them. Not thread-safe.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "firmware/board_profile.h"
#include "firmware/flash_commands.h"

namespace mote::firmware {

using LogFn = std::function<void(const std::string& line)>;

struct FlashOutcome {
    std::string connectionPath;  // pty or serial port to open for the handshake
};

class Flasher {
public:
    virtual ~Flasher() = default;
    virtual Result<FlashOutcome> flash(const FlashTarget& target, const LogFn& log) = 0;
};

// A board process (QEMU or simulator) left running by a flasher.
struct RunningBoard {
    std::string board;
    std::string driver;        // "qemu" or "host"
    pid_t pid = -1;
    std::string connectionPath;
    std::string image;
    std::string runtimeDir;
    std::string program;       // executable started (name guard for old records)
    uint64_t startTicks = 0;   // process start time (/proc/<pid>/stat); guards against pid reuse
};

// Where running-board records live: $MOTE_STATE_DIR, else
// $XDG_RUNTIME_DIR/mote-boards, else /tmp/mote-boards-<uid>.
std::filesystem::path defaultBoardStateDir();

// The record of `board` if its process is still alive (a stale record is removed).
std::optional<RunningBoard> findRunningBoard(const std::filesystem::path& stateDir, const std::string& board);
Status recordRunningBoard(const std::filesystem::path& stateDir, const RunningBoard& running);
// Stops the process (QMP quit for QEMU, else SIGTERM; SIGKILL after 3 s) and
// removes the record. Succeeds when nothing was running.
Status stopRunningBoard(const std::filesystem::path& stateDir, const std::string& board);

struct FlasherOptions {
    std::filesystem::path stateDir = defaultBoardStateDir();
    std::chrono::milliseconds startTimeout{10000};
};

Result<std::unique_ptr<Flasher>> makeFlasher(const BoardProfile& profile, const FlasherOptions& options = {});

}  // namespace mote::firmware

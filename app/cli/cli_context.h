#pragma once
// Options shared by every command, and the way commands fail.
#include <stdexcept>
#include <string>

namespace mote::cli {

// Exit codes that mean something to scripts.
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,      // the operation failed (message says why)
    kExitUsage = 2,        // bad command line
    kExitNoProject = 3,    // no project where one is needed
    kExitBadInput = 4,     // a file or value given by the user is invalid
    kExitDevice = 5,       // a board/port problem (absent, died, timed out)
    kExitCancelled = 130,  // interrupted (Ctrl-C)
};

struct CliContext {
    bool json = false;          // --json: machine-readable output on stdout
    std::string projectOption;  // --project DIR (empty: current directory)
};

// Thrown by a command handler; main() prints "mote: <message>" on stderr and exits with code.
struct CliError : std::runtime_error {
    CliError(std::string message, int exitCode = kExitFailure)
        : std::runtime_error(std::move(message)), code(exitCode) {}
    int code;
};

}  // namespace mote::cli

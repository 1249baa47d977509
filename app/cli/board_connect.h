#pragma once
// Start-up shared by the commands that talk to a board over the wire
// protocol (collect, monitor): Ctrl-C as a flag, connect + handshake, and
// commands the board must acknowledge. Failures throw CliError with the
// session's own message (one line that says what to do).
#include <atomic>
#include <chrono>
#include <csignal>
#include <string>

#include "cli_context.h"
#include "common/result.h"
#include "device/device_session.h"

namespace mote::cli {

// While alive, Ctrl-C (SIGINT) raises a flag instead of killing the process,
// so a recording can stop cleanly; the previous handler comes back when it
// ends. The flag is process-wide: one guard at a time (commands run one by one).
class InterruptGuard {
public:
    InterruptGuard();  // clears the flag, installs the handler
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    bool raised() const { return flag()->load(); }
    // For core functions that poll a cancel flag.
    static const std::atomic<bool>* flag();

private:
    struct sigaction m_previous {};
};

// Starts `session` and waits up to `wait` for the handshake. Returns the
// board's capabilities; CliError(kExitDevice) when the port cannot be opened
// or the board does not answer.
protocol::CapabilitiesMessage connectBoard(device::DeviceSession& session, std::chrono::milliseconds wait);

// For a command just queued on `session` (`seq`, from e.g. setPattern):
// CliError(queueExitCode) with the session's reason when it could not be
// queued (a request the board's capabilities rule out), else waits for the
// board's answer: CliError(kExitDevice) "<what>: <reason>" when it refuses or
// never answers within the session's command deadline (SessionOptions::commandTimeout).
void requireAck(device::DeviceSession& session, const Result<uint16_t>& seq, const std::string& what,
                int queueExitCode = kExitDevice);

}  // namespace mote::cli

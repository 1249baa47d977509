#include "board_connect.h"

namespace mote::cli {
namespace {

std::atomic<bool> g_interrupted{false};
void onInterrupt(int) { g_interrupted = true; }

}  // namespace

InterruptGuard::InterruptGuard() {
    g_interrupted = false;
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_previous);
}

InterruptGuard::~InterruptGuard() { sigaction(SIGINT, &m_previous, nullptr); }

const std::atomic<bool>* InterruptGuard::flag() { return &g_interrupted; }

protocol::CapabilitiesMessage connectBoard(device::DeviceSession& session, std::chrono::milliseconds wait) {
    if (auto started = session.start(); !started)
        throw CliError(started.message(), kExitDevice);
    auto caps = session.waitConnected(wait);
    if (!caps)
        throw CliError(caps.message(), kExitDevice);
    return std::move(*caps);
}

void requireAck(device::DeviceSession& session, const Result<uint16_t>& seq, const std::string& what,
                int queueExitCode) {
    if (!seq)
        throw CliError(seq.message(), queueExitCode);
    if (auto reply = session.waitReply(*seq); !reply)
        throw CliError(what + ": " + reply.message(), kExitDevice);
}

}  // namespace mote::cli

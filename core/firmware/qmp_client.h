#pragma once
// Minimal QEMU Machine Protocol client over a unix socket: greeting,
// qmp_capabilities, then one command at a time. Asynchronous events that
// arrive while waiting for a reply are skipped. One owner thread.
#include <chrono>
#include <string>

#include "common/result.h"

namespace mote::firmware {

class QmpClient {
public:
    QmpClient() = default;
    QmpClient(const QmpClient&) = delete;
    QmpClient& operator=(const QmpClient&) = delete;
    ~QmpClient();

    // Connects (retrying until `timeout` while QEMU creates the socket),
    // reads the greeting and negotiates capabilities.
    Status connect(const std::string& socketPath, std::chrono::milliseconds timeout);
    // Sends {"execute": command} and waits for its "return" (an "error"
    // reply becomes an Error naming the command and QEMU's description).
    Status execute(const std::string& command, std::chrono::milliseconds timeout);
    bool connected() const { return m_fd >= 0; }
    void close();

private:
    Result<std::string> readLine(std::chrono::steady_clock::time_point deadline);

    int m_fd = -1;
    std::string m_buffer;
};

}  // namespace mote::firmware

#include "firmware/qmp_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <nlohmann/json.hpp>

namespace mote::firmware {

QmpClient::~QmpClient() { close(); }

void QmpClient::close() {
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_buffer.clear();
}

Status QmpClient::connect(const std::string& socketPath, std::chrono::milliseconds timeout) {
    close();
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socketPath.size() >= sizeof(address.sun_path))
        return makeError("QMP socket path too long: " + socketPath);
    std::memcpy(address.sun_path, socketPath.c_str(), socketPath.size() + 1);

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string lastError;
    for (;;) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return makeError(std::string("cannot create a unix socket: ") + std::strerror(errno));
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            m_fd = fd;
            break;
        }
        lastError = std::strerror(errno);
        ::close(fd);
        if (std::chrono::steady_clock::now() >= deadline)
            return makeError("cannot connect to QEMU's QMP socket " + socketPath + ": " + lastError);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto greeting = readLine(deadline);
    if (!greeting) {
        close();
        return greeting.error();
    }
    auto parsed = nlohmann::json::parse(*greeting, nullptr, false);
    if (parsed.is_discarded() || !parsed.contains("QMP")) {
        close();
        return makeError("QEMU's QMP socket sent an unexpected greeting: " + *greeting);
    }
    return execute("qmp_capabilities", timeout);
}

Status QmpClient::execute(const std::string& command, std::chrono::milliseconds timeout) {
    if (m_fd < 0)
        return makeError("QMP is not connected");
    const std::string request = nlohmann::json{{"execute", command}}.dump() + "\n";
    size_t sent = 0;
    while (sent < request.size()) {
        const ssize_t n = ::send(m_fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string reason = std::strerror(errno);
            close();
            return makeError("QMP '" + command + "' failed: " + reason + " (QEMU gone?)");
        }
        sent += static_cast<size_t>(n);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto line = readLine(deadline);
        if (!line)
            return makeError("QMP '" + command + "': " + line.message());
        auto reply = nlohmann::json::parse(*line, nullptr, false);
        if (reply.is_discarded())
            continue;
        if (reply.contains("return"))
            return {};
        if (reply.contains("error")) {
            std::string desc = reply["error"].value("desc", std::string("unknown error"));
            return makeError("QEMU refused '" + command + "': " + desc);
        }
        // {"event": ...}: not our reply.
    }
}

Result<std::string> QmpClient::readLine(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        const auto newline = m_buffer.find('\n');
        if (newline != std::string::npos) {
            std::string line = m_buffer.substr(0, newline);
            m_buffer.erase(0, newline + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return makeError("no reply from QEMU in time");
        pollfd pfd{m_fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            continue;
        char chunk[1024];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            close();
            return makeError("QEMU closed the QMP connection");
        }
        m_buffer.append(chunk, static_cast<size_t>(n));
    }
}

}  // namespace mote::firmware

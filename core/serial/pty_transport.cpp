#include "serial/pty_transport.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace mote::serial {

using Clock = std::chrono::steady_clock;

Result<std::unique_ptr<Transport>> PtyTransport::open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return makeError("cannot open " + path + ": " + std::strerror(errno));
    termios tio{};
    if (tcgetattr(fd, &tio) != 0) {
        const int err = errno;
        ::close(fd);
        return makeError(path + " is not a terminal: " + std::strerror(err));
    }
    // Raw bytes: no echo, no line editing, no CR/LF translation.
    cfmakeraw(&tio);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &tio) != 0) {
        const int err = errno;
        ::close(fd);
        return makeError("cannot set raw mode on " + path + ": " + std::strerror(err));
    }
    return std::unique_ptr<Transport>(new PtyTransport(path, fd));
}

PtyTransport::~PtyTransport() { close(); }

void PtyTransport::close() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

Error PtyTransport::lost(const char* what) {
    m_disconnected = true;
    close();
    return makeError("board disconnected from " + m_path + " (" + what + ")");
}

Result<size_t> PtyTransport::read(uint8_t* buffer, size_t capacity, std::chrono::milliseconds timeout) {
    if (m_fd < 0)
        return makeError(m_path + " is not open");
    pollfd pfd{m_fd, POLLIN, 0};
    int rc = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
    if (rc < 0) {
        if (errno == EINTR)
            return size_t{0};
        return makeError("poll on " + m_path + " failed: " + std::strerror(errno));
    }
    if (rc == 0)
        return size_t{0};
    ssize_t n = ::read(m_fd, buffer, capacity);
    if (n > 0)
        return static_cast<size_t>(n);
    if (n == 0)
        return lost("end of file");
    if (errno == EAGAIN || errno == EINTR)
        return size_t{0};
    if (errno == EIO)
        return lost("I/O error: the other end closed");
    return makeError("read from " + m_path + " failed: " + std::strerror(errno));
}

Status PtyTransport::write(const uint8_t* data, size_t size, std::chrono::milliseconds timeout) {
    if (m_fd < 0)
        return makeError(m_path + " is not open");
    const auto deadline = Clock::now() + timeout;
    size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(m_fd, data + done, size - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EIO)
            return lost("I/O error on write: the other end closed");
        if (n < 0 && errno != EAGAIN)
            return makeError("write to " + m_path + " failed: " + std::strerror(errno));
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return makeError("write to " + m_path + " timed out (" + std::to_string(done) + " of " +
                             std::to_string(size) + " bytes sent); is the board reading?");
        pollfd pfd{m_fd, POLLOUT, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) > 0 && (pfd.revents & (POLLERR | POLLHUP)) &&
            !(pfd.revents & POLLOUT))
            return lost("hang-up on write");
    }
    return {};
}

}  // namespace mote::serial

#pragma once
// Test helpers that drive the real mote-board-sim binary over its real pty:
// BoardSimProcess launches it and reads the "PTY /dev/pts/N" line;
// PtyClient opens that pty in raw mode and speaks the protocol.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "protocol/frame_decoder.h"
#include "protocol/messages.h"

namespace mote::agent::test {

class BoardSimProcess {
public:
    explicit BoardSimProcess(std::vector<std::string> args) {
        int out[2];
        if (::pipe(out) != 0)
            return;
        m_pid = ::fork();
        if (m_pid == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            std::vector<char*> argv;
            static std::string exe = MOTE_BOARD_SIM_PATH;
            argv.push_back(exe.data());
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(exe.c_str(), argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        m_stdout = out[0];
        // The first line names the pty.
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{m_stdout, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            char c;
            if (::read(m_stdout, &c, 1) != 1)
                break;
            if (c == '\n')
                break;
            line += c;
        }
        if (line.rfind("PTY ", 0) == 0)
            m_pty = line.substr(4);
    }

    ~BoardSimProcess() {
        if (m_pid > 0 && !m_exited) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        if (m_stdout >= 0)
            ::close(m_stdout);
    }

    const std::string& ptyPath() const { return m_pty; }
    pid_t pid() const { return m_pid; }

    // Sends SIGTERM and returns the exit status (-1 if it did not exit within 5 s).
    int terminate() {
        ::kill(m_pid, SIGTERM);
        return waitExit(5000);
    }
    int waitExit(int timeoutMs) {
        for (int waited = 0; waited < timeoutMs; waited += 10) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_exited = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return -1;
    }

private:
    pid_t m_pid = -1;
    int m_stdout = -1;
    bool m_exited = false;
    std::string m_pty;
};

class PtyClient {
public:
    explicit PtyClient(const std::string& path) {
        m_fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (m_fd < 0)
            return;
        termios tio{};
        ::tcgetattr(m_fd, &tio);
        ::cfmakeraw(&tio);
        ::tcsetattr(m_fd, TCSANOW, &tio);
    }
    ~PtyClient() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isOpen() const { return m_fd >= 0; }

    void send(const protocol::AnyMessage& message) {
        auto frame = protocol::encodeMessage(m_encoder, message);
        ASSERT_TRUE(frame.ok());
        size_t done = 0;
        while (done < frame.value().size()) {
            const ssize_t n = ::write(m_fd, frame.value().data() + done, frame.value().size() - done);
            if (n > 0)
                done += static_cast<size_t>(n);
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    // Reads and decodes until `done(message)` returns true or `timeoutMs`
    // passes; every decoded message goes to `onMessage`. Returns true if
    // `done` was satisfied.
    bool pump(const std::function<bool(const protocol::AnyMessage&)>& done, int timeoutMs) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        uint8_t buffer[8192];
        bool finished = false;
        while (!finished && std::chrono::steady_clock::now() < deadline) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0)
                continue;
            const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
            if (n <= 0)
                continue;
            m_bytes += static_cast<size_t>(n);
            m_decoder.push(buffer, static_cast<size_t>(n), [&](const protocol::Frame& f) {
                auto m = protocol::decodeMessage(f);
                EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.message());
                if (!m.ok())
                    return;
                messages.push_back(m.value());
                if (!finished && done(m.value()))
                    finished = true;
            });
        }
        return finished;
    }

    // Drains everything already waiting without decoding it into `messages`.
    void resetDecoder() { m_decoder.resetSequence(); }

    const protocol::DecoderCounters& counters() const { return m_decoder.counters(); }
    size_t bytesRead() const { return m_bytes; }
    int fd() const { return m_fd; }

    std::vector<protocol::AnyMessage> messages;

private:
    int m_fd = -1;
    size_t m_bytes = 0;
    protocol::FrameEncoder m_encoder;
    protocol::FrameDecoder m_decoder;
};

}  // namespace mote::agent::test

#pragma once
// Runs the real mote-board-sim binary for a test: spawns it, reads the
// "PTY /dev/pts/N" line from its stdout, and kills it (SIGTERM, then
// SIGKILL) when destroyed. kill9() simulates a board that dies.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#ifndef MOTE_BOARD_SIM_PATH
#error "MOTE_BOARD_SIM_PATH must name the mote-board-sim binary"
#endif

extern char** environ;

namespace mote::test {

class SimProcess {
public:
    explicit SimProcess(const std::vector<std::string>& args = {}) {
        int out[2];
        if (pipe(out) != 0)
            return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        std::vector<std::string> argv = {MOTE_BOARD_SIM_PATH};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> cargv;
        for (auto& a : argv)
            cargv.push_back(a.data());
        cargv.push_back(nullptr);
        if (posix_spawn(&m_pid, MOTE_BOARD_SIM_PATH, &actions, nullptr, cargv.data(), environ) != 0)
            m_pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        m_stdout = out[0];
        // First line: "PTY /dev/pts/N" (wait at most 5 s).
        std::string line;
        while (m_pid > 0 && line.find('\n') == std::string::npos) {
            pollfd p{m_stdout, POLLIN, 0};
            if (::poll(&p, 1, 5000) <= 0)
                break;
            char c[256];
            ssize_t n = ::read(m_stdout, c, sizeof c);
            if (n <= 0)
                break;
            line.append(c, static_cast<size_t>(n));
        }
        if (line.rfind("PTY ", 0) == 0)
            m_pty = line.substr(4, line.find('\n') - 4);
    }
    ~SimProcess() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            bool gone = false;
            for (int i = 0; i < 100 && !gone; ++i) {
                gone = reaped();
                if (!gone)
                    usleep(10000);
            }
            if (!gone) {
                ::kill(m_pid, SIGKILL);
                waitpid(m_pid, nullptr, 0);
            }
        }
        if (m_stdout >= 0)
            ::close(m_stdout);
    }
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    bool ok() const { return m_pid > 0 && !m_pty.empty(); }
    const std::string& pty() const { return m_pty; }
    pid_t pid() const { return m_pid; }
    void kill9() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }

private:
    bool reaped() {
        int status = 0;
        return waitpid(m_pid, &status, WNOHANG) == m_pid;
    }
    pid_t m_pid = -1;
    int m_stdout = -1;
    std::string m_pty;
};

}  // namespace mote::test

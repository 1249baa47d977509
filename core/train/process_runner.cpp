#include "train/process_runner.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mote::train {
namespace {

using Clock = std::chrono::steady_clock;

void closeFd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// Splits a stream into lines; the last partial line is flushed at EOF.
struct LineSplitter {
    std::string pending;
    template <typename F>
    void feed(const char* data, size_t n, F&& onLine) {
        pending.append(data, n);
        size_t start = 0, nl;
        while ((nl = pending.find('\n', start)) != std::string::npos) {
            std::string line = pending.substr(start, nl - start);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            onLine(line);
            start = nl + 1;
        }
        pending.erase(0, start);
    }
    template <typename F>
    void finish(F&& onLine) {
        if (!pending.empty()) onLine(pending);
        pending.clear();
    }
};

}  // namespace

std::string ProcessOutcome::describe() const {
    std::string s;
    if (exited) s = "exited with code " + std::to_string(exitCode);
    else if (signal) s = "was killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
    else s = "ended in an unknown way";
    if (timedOut) s += " after the time limit passed";
    if (cancelled) s += " after it was cancelled";
    return s;
}

Result<std::filesystem::path> findExecutable(const std::string& program) {
    if (program.empty()) return makeError("the command is empty");
    if (program.find('/') != std::string::npos) {
        if (::access(program.c_str(), X_OK) != 0)
            return makeError("cannot run " + program + ": " + std::strerror(errno));
        return std::filesystem::path(program);
    }
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string dir = dirs.substr(start, end - start);
        if (dir.empty()) dir = ".";
        auto candidate = std::filesystem::path(dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate)) return candidate;
        start = end + 1;
    }
    return makeError("cannot run " + program + ": not found in PATH");
}

ProcessRunner::ProcessRunner() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
        m_wakeRead = fds[0];
        m_wakeWrite = fds[1];
    }
}

ProcessRunner::~ProcessRunner() {
    closeFd(m_wakeRead);
    closeFd(m_wakeWrite);
}

void ProcessRunner::cancel() {
    m_cancel.store(true);
    if (m_wakeWrite >= 0) {
        const char byte = 1;
        [[maybe_unused]] auto n = ::write(m_wakeWrite, &byte, 1);
    }
}

Result<ProcessOutcome> ProcessRunner::run(const ProcessOptions& options, const LineCallback& onStdoutLine,
                                          const LineCallback& onStderrLine) {
    if (options.argv.empty()) return makeError("no command to run");
    auto exe = findExecutable(options.argv[0]);
    if (!exe) return exe.error();
    if (!options.workingDirectory.empty() && !std::filesystem::is_directory(options.workingDirectory))
        return makeError("working directory " + options.workingDirectory.string() + " does not exist");

    // Everything the child needs is prepared before fork: after fork only
    // async-signal-safe calls are allowed (the parent may have threads).
    std::vector<char*> argv;
    for (const auto& a : options.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string exePath = exe->string();
    const std::string cwd = options.workingDirectory.string();

    int outPipe[2], errPipe[2], execPipe[2];
    if (::pipe2(outPipe, O_CLOEXEC) != 0) return makeError(std::string("pipe failed: ") + std::strerror(errno));
    if (::pipe2(errPipe, O_CLOEXEC) != 0) {
        ::close(outPipe[0]);
        ::close(outPipe[1]);
        return makeError(std::string("pipe failed: ") + std::strerror(errno));
    }
    if (::pipe2(execPipe, O_CLOEXEC) != 0) {
        for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1]}) ::close(fd);
        return makeError(std::string("pipe failed: ") + std::strerror(errno));
    }

    const auto started = Clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) {
        for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1], execPipe[0], execPipe[1]}) ::close(fd);
        return makeError(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
        // Child: own process group so that cancel reaches grandchildren too.
        ::setpgid(0, 0);
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGPIPE, SIG_DFL);
        int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) ::dup2(devnull, 0);
        ::dup2(outPipe[1], 1);
        ::dup2(errPipe[1], 2);
        int err = 0;
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) err = errno;
        if (!err) {
            ::execve(exePath.c_str(), argv.data(), environ);
            err = errno;
        }
        [[maybe_unused]] auto n = ::write(execPipe[1], &err, sizeof err);
        ::_exit(127);
    }
    ::setpgid(pid, pid);  // also in the parent: no race with the first kill()
    ::close(outPipe[1]);
    ::close(errPipe[1]);
    ::close(execPipe[1]);

    int execErr = 0;
    const ssize_t got = ::read(execPipe[0], &execErr, sizeof execErr);
    ::close(execPipe[0]);
    if (got == static_cast<ssize_t>(sizeof execErr)) {
        ::close(outPipe[0]);
        ::close(errPipe[0]);
        int status;
        ::waitpid(pid, &status, 0);
        return makeError("cannot run " + options.argv[0] + ": " + std::strerror(execErr));
    }

    ProcessOutcome outcome;
    bool logCut = false;
    auto appendLog = [&](const std::string& text) {
        if (logCut) return;
        if (outcome.log.size() + text.size() + 1 > options.maxLogBytes) {
            outcome.log += "[log truncated: more than " + std::to_string(options.maxLogBytes) + " bytes]\n";
            logCut = true;
            return;
        }
        outcome.log += text;
        outcome.log += '\n';
    };
    LineSplitter outSplit, errSplit;
    auto outLine = [&](const std::string& line) {
        appendLog(line);
        if (onStdoutLine) onStdoutLine(line);
    };
    auto errLine = [&](const std::string& line) {
        appendLog("stderr: " + line);
        if (onStderrLine) onStderrLine(line);
    };

    int fds[2] = {outPipe[0], errPipe[0]};
    bool termSent = false, killSent = false;
    Clock::time_point termAt{};
    bool reaped = false;
    Clock::time_point reapedAt{};
    int status = 0;
    std::vector<char> buffer(65536);

    auto stopChild = [&]() {
        if (!termSent) {
            ::kill(-pid, SIGTERM);
            termSent = true;
            termAt = Clock::now();
        }
    };

    while (fds[0] >= 0 || fds[1] >= 0 || !reaped) {
        const auto now = Clock::now();
        if (m_cancel.load() && !outcome.cancelled) {
            outcome.cancelled = true;
            stopChild();
        }
        if (options.timeLimit.count() > 0 && now - started > options.timeLimit && !outcome.timedOut &&
            !outcome.cancelled) {
            outcome.timedOut = true;
            stopChild();
        }
        if (termSent && !killSent && now - termAt > options.killGrace) {
            ::kill(-pid, SIGKILL);
            killSent = true;
        }
        if (!reaped) {
            const pid_t w = ::waitpid(pid, &status, WNOHANG);
            if (w == pid) {
                reaped = true;
                // The child is gone; a grandchild that kept our pipes open
                // must not keep us waiting forever.
                if (termSent) ::kill(-pid, SIGKILL);
            }
        }
        if (fds[0] < 0 && fds[1] < 0) {
            if (!reaped) ::usleep(10000);
            continue;
        }

        pollfd pfd[3];
        nfds_t count = 0;
        int which[3];
        for (int i = 0; i < 2; ++i)
            if (fds[i] >= 0) {
                pfd[count] = {fds[i], POLLIN, 0};
                which[count++] = i;
            }
        if (m_wakeRead >= 0) {
            pfd[count] = {m_wakeRead, POLLIN, 0};
            which[count++] = 2;
        }
        const int ready = ::poll(pfd, count, 50);
        if (ready < 0 && errno != EINTR) break;
        for (nfds_t k = 0; k < count && ready > 0; ++k) {
            if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            if (which[k] == 2) {
                char drain[64];
                while (::read(m_wakeRead, drain, sizeof drain) > 0) {
                }
                continue;
            }
            const int i = which[k];
            const ssize_t n = ::read(fds[i], buffer.data(), buffer.size());
            if (n > 0) {
                if (i == 0) outSplit.feed(buffer.data(), static_cast<size_t>(n), outLine);
                else errSplit.feed(buffer.data(), static_cast<size_t>(n), errLine);
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                if (i == 0) outSplit.finish(outLine);
                else errSplit.finish(errLine);
                ::close(fds[i]);
                fds[i] = -1;
            }
        }
        // Reaped but a grandchild still holds a pipe: give it a moment, then
        // end the whole group and stop reading.
        if (reaped && (fds[0] >= 0 || fds[1] >= 0)) {
            if (reapedAt == Clock::time_point{}) reapedAt = Clock::now();
            else if (Clock::now() - reapedAt > std::chrono::seconds(2)) {
                ::kill(-pid, SIGKILL);
                break;
            }
        }
    }
    for (int& fd : fds) closeFd(fd);
    if (!reaped) ::waitpid(pid, &status, 0);
    outSplit.finish(outLine);
    errSplit.finish(errLine);

    if (WIFEXITED(status)) {
        outcome.exited = true;
        outcome.exitCode = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        outcome.signal = WTERMSIG(status);
    }
    outcome.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    m_cancel.store(false);
    return outcome;
}

}  // namespace mote::train

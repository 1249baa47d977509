#pragma once
// Runs a child process from an argv list (never through a shell), streams
// its stdout and stderr line by line, keeps the whole conversation as a log,
// and stops it on request or when a time limit passes: SIGTERM to its
// process group first, SIGKILL after a grace period.
//
// Threads: run() blocks the calling thread until the child is gone and
// calls the line callbacks on that thread. cancel() may be called from any
// thread and from a signal handler (it only stores an atomic flag and writes
// one byte to a pipe).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"

namespace mote::train {

struct ProcessOptions {
    std::vector<std::string> argv;             // argv[0] is looked up in PATH when it has no '/'
    std::filesystem::path workingDirectory;    // empty: inherit
    std::chrono::milliseconds timeLimit{0};    // 0: no limit
    std::chrono::milliseconds killGrace{3000}; // between SIGTERM and SIGKILL
    size_t maxLogBytes = 16u << 20;            // the log keeps the first 16 MiB, then notes the cut
};

struct ProcessOutcome {
    int exitCode = -1;     // valid when exited
    int signal = 0;        // the signal that ended it, or 0
    bool exited = false;   // ended by exit() (as opposed to a signal)
    bool timedOut = false; // we stopped it because of the time limit
    bool cancelled = false;// we stopped it because cancel() was called
    std::string log;       // stdout and stderr lines in arrival order, stderr lines prefixed "stderr: "
    std::chrono::milliseconds elapsed{0};

    bool succeeded() const { return exited && exitCode == 0 && !timedOut && !cancelled; }
    std::string describe() const;  // "exited with code 3", "killed by signal 9 (time limit 2 s)", ...
};

class ProcessRunner {
public:
    using LineCallback = std::function<void(const std::string& line)>;

    ProcessRunner();
    ~ProcessRunner();
    ProcessRunner(const ProcessRunner&) = delete;
    ProcessRunner& operator=(const ProcessRunner&) = delete;

    // Errors only when the process cannot be started (the message names the
    // program and why); a child that fails is a successful run() whose
    // outcome says how it ended.
    Result<ProcessOutcome> run(const ProcessOptions& options, const LineCallback& onStdoutLine,
                               const LineCallback& onStderrLine = {});

    // Asks a running (or the next) run() to stop the child. Async-signal-safe.
    void cancel();
    bool cancelRequested() const { return m_cancel.load(); }

private:
    std::atomic<bool> m_cancel{false};
    int m_wakeRead = -1;
    int m_wakeWrite = -1;
};

// Looks `program` up like execvp would (PATH, or as given when it has a '/').
Result<std::filesystem::path> findExecutable(const std::string& program);

}  // namespace mote::train

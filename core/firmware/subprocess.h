#pragma once
// A child process started from an argv list (never through a shell), with
// its stdout (and optionally stderr) readable through a pipe. Used for QEMU,
// the host simulator, cmake/ninja and the flasher tools.
//
// Contract: one owner thread. The destructor kills (SIGKILL) and reaps a
// child that is still running, so no zombie or orphan is left behind.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace mote::firmware {

struct SpawnOptions {
    std::vector<std::string> argv;        // argv[0] is looked up on PATH
    std::filesystem::path workingDir;     // empty: inherit
    bool mergeStderr = true;              // stderr into the stdout pipe
    std::filesystem::path stderrFile;     // when !mergeStderr and set: stderr goes there
    std::vector<std::string> extraEnv;    // "NAME=value" added to the environment
    // When set, stdout and stderr go to this file instead of a pipe (for
    // children that must outlive the studio: no pipe to break).
    std::filesystem::path outputFile;
};

class Subprocess {
public:
    static Result<Subprocess> spawn(const SpawnOptions& options);

    Subprocess(Subprocess&& other) noexcept;
    Subprocess& operator=(Subprocess&& other) noexcept;
    Subprocess(const Subprocess&) = delete;
    Subprocess& operator=(const Subprocess&) = delete;
    ~Subprocess();

    pid_t pid() const { return m_pid; }

    // Appends what the child wrote (waits up to `timeout` for the first
    // byte). Returns false once the pipe is closed (child exited) and drained.
    bool readOutput(std::string& out, std::chrono::milliseconds timeout);

    // Non-blocking: the exit status if the child has ended. Exit codes are
    // 0..255; death by signal N is reported as 128 + N.
    std::optional<int> poll();
    // Waits for the end (up to `timeout`); nullopt when still running.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    // SIGTERM, wait up to `grace`, then SIGKILL; returns the exit status.
    int terminate(std::chrono::milliseconds grace = std::chrono::milliseconds(1000));
    void sendSignal(int signal);
    // Lets the child run on after this object is gone (no kill, no reap).
    void detach() { m_pid = -1; }

private:
    Subprocess(pid_t pid, int outFd) : m_pid(pid), m_outFd(outFd) {}
    void release();

    pid_t m_pid = -1;
    int m_outFd = -1;
    std::optional<int> m_status;
};

// Runs to completion, collecting the merged output (for short tools such as
// arm-none-eabi-size). Fails when the program cannot be started or runs past
// `timeout`; a non-zero exit is reported in `exitCode`, not as an error.
struct RunOutput {
    int exitCode = 0;
    std::string output;
};
Result<RunOutput> runProcess(const std::vector<std::string>& argv,
                             std::chrono::milliseconds timeout = std::chrono::seconds(60),
                             const std::filesystem::path& workingDir = {});

// The argv joined for logs, quoting arguments that contain spaces.
std::string describeArgv(const std::vector<std::string>& argv);

}  // namespace mote::firmware

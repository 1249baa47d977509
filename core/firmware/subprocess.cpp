#include "firmware/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace mote::firmware {
namespace {

int decodeStatus(int status) {
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

Result<Subprocess> Subprocess::spawn(const SpawnOptions& options) {
    if (options.argv.empty() || options.argv[0].empty())
        return makeError("cannot start a process: empty command line");
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return makeError(std::string("cannot create a pipe: ") + std::strerror(errno));

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (!options.outputFile.empty()) {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, options.outputFile.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    } else {
        posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
        if (options.mergeStderr)
            posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDERR_FILENO);
        else if (!options.stderrFile.empty())
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, options.stderrFile.c_str(),
                                             O_WRONLY | O_CREAT | O_TRUNC, 0644);
        else
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    }
    if (!options.workingDir.empty())
        posix_spawn_file_actions_addchdir_np(&actions, options.workingDir.c_str());

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Own process group: a terminal's Ctrl-C goes to the studio, which then
    // stops its children in order (QEMU gets a clean quit).
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);

    std::vector<char*> argv;
    for (const auto& arg : options.argv)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);

    std::vector<std::string> envStrings;
    for (char** e = environ; e && *e; ++e)
        envStrings.emplace_back(*e);
    for (const auto& extra : options.extraEnv)
        envStrings.push_back(extra);
    std::vector<char*> envp;
    for (auto& entry : envStrings)
        envp.push_back(entry.data());
    envp.push_back(nullptr);

    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(pipeFds[1]);
    if (!options.outputFile.empty()) {
        ::close(pipeFds[0]);
        pipeFds[0] = -1;
    }
    if (rc != 0) {
        if (pipeFds[0] >= 0)
            ::close(pipeFds[0]);
        return makeError("cannot start '" + options.argv[0] + "': " + std::strerror(rc) +
                         (rc == ENOENT ? " (is it installed and on PATH?)" : ""));
    }
    return Subprocess(pid, pipeFds[0]);
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : m_pid(other.m_pid), m_outFd(other.m_outFd), m_status(other.m_status) {
    other.m_pid = -1;
    other.m_outFd = -1;
}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
    if (this != &other) {
        release();
        m_pid = other.m_pid;
        m_outFd = other.m_outFd;
        m_status = other.m_status;
        other.m_pid = -1;
        other.m_outFd = -1;
    }
    return *this;
}

Subprocess::~Subprocess() { release(); }

void Subprocess::release() {
    if (m_pid > 0 && !poll()) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    if (m_outFd >= 0)
        ::close(m_outFd);
    m_pid = -1;
    m_outFd = -1;
}

bool Subprocess::readOutput(std::string& out, std::chrono::milliseconds timeout) {
    if (m_outFd < 0)
        return false;
    pollfd pfd{m_outFd, POLLIN, 0};
    int ready = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
    if (ready <= 0)
        return true;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(m_outFd, buffer, sizeof buffer);
        if (n > 0) {
            out.append(buffer, static_cast<size_t>(n));
            pfd.revents = 0;
            if (::poll(&pfd, 1, 0) <= 0)
                return true;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        ::close(m_outFd);
        m_outFd = -1;
        return false;
    }
}

std::optional<int> Subprocess::poll() {
    if (m_status || m_pid <= 0)
        return m_status;
    int status = 0;
    const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid)
        m_status = decodeStatus(status);
    return m_status;
}

std::optional<int> Subprocess::wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string sink;
    for (;;) {
        if (auto status = poll())
            return status;
        if (std::chrono::steady_clock::now() >= deadline)
            return std::nullopt;
        // Drain output so a chatty child never blocks on a full pipe.
        if (m_outFd >= 0)
            readOutput(sink, std::chrono::milliseconds(10));
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void Subprocess::sendSignal(int signal) {
    // The child leads its own process group: signal the group so tools it
    // started (ninja -> compilers) stop with it.
    if (m_pid > 0 && !poll())
        ::kill(-m_pid, signal);
}

int Subprocess::terminate(std::chrono::milliseconds grace) {
    if (auto status = poll())
        return *status;
    sendSignal(SIGTERM);
    if (auto status = wait(grace))
        return *status;
    sendSignal(SIGKILL);
    return wait(std::chrono::seconds(5)).value_or(-1);
}

Result<RunOutput> runProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                             const std::filesystem::path& workingDir) {
    SpawnOptions options;
    options.argv = argv;
    options.workingDir = workingDir;
    auto child = Subprocess::spawn(options);
    if (!child)
        return child.error();
    RunOutput result;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (child->readOutput(result.output, std::chrono::milliseconds(50))) {
        if (std::chrono::steady_clock::now() >= deadline) {
            child->terminate();
            return makeError("'" + describeArgv(argv) + "' did not finish within " +
                             std::to_string(timeout.count() / 1000) + " s");
        }
    }
    auto status = child->wait(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()) + std::chrono::milliseconds(100));
    if (!status) {
        child->terminate();
        return makeError("'" + describeArgv(argv) + "' did not exit after closing its output");
    }
    result.exitCode = *status;
    return result;
}

std::string describeArgv(const std::vector<std::string>& argv) {
    std::string text;
    for (const auto& arg : argv) {
        if (!text.empty())
            text += ' ';
        if (arg.empty() || arg.find_first_of(" \t\"'") != std::string::npos)
            text += '"' + arg + '"';
        else
            text += arg;
    }
    return text;
}

}  // namespace mote::firmware

#include "firmware/flasher.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "firmware/qemu_launcher.h"
#include "firmware/qmp_client.h"
#include "firmware/subprocess.h"

namespace mote::firmware {
namespace {

using namespace std::chrono_literals;

std::filesystem::path recordPath(const std::filesystem::path& stateDir, const std::string& board) {
    return stateDir / (board + ".json");
}

std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// When the kernel started `pid` (clock ticks since boot, /proc/<pid>/stat
// field 22), 0 when it is not running. Unchanged across exec, so it also
// identifies a board started through a wrapper script.
uint64_t processStartTicks(pid_t pid) {
    if (pid <= 0)
        return 0;
    const std::string stat = readText("/proc/" + std::to_string(pid) + "/stat");
    const auto afterName = stat.rfind(')');  // the name may hold spaces
    if (afterName == std::string::npos)
        return 0;
    std::istringstream fields(stat.substr(afterName + 1));
    std::string field;
    for (int index = 3; index <= 22 && fields >> field; ++index)
        if (index == 22)
            return std::strtoull(field.c_str(), nullptr, 10);
    return 0;
}

// True when `pid` is alive and is the process that was recorded (a recycled
// pid is not ours): same start time when it was recorded, else (records of
// older studios) the same program name.
bool processMatches(pid_t pid, const std::string& program, uint64_t startTicks) {
    // Reap it if this process started it and it has ended (no zombie left).
    if (pid > 0)
        ::waitpid(pid, nullptr, WNOHANG);
    if (pid <= 0 || ::kill(pid, 0) != 0)
        return false;
    std::string cmdline = readText("/proc/" + std::to_string(pid) + "/cmdline");
    const std::string argv0 = cmdline.substr(0, cmdline.find('\0'));
    if (argv0.empty())
        return false;  // zombie or gone
    if (startTicks != 0)
        return processStartTicks(pid) == startTicks;
    const std::string want = std::filesystem::path(program).filename().string();
    return std::filesystem::path(argv0).filename().string() == want;
}

std::string tail(const std::string& text, size_t lines) {
    size_t pos = text.size();
    while (pos > 0 && (text[pos - 1] == '\n' || text[pos - 1] == '\r'))
        --pos;
    const size_t end = pos;
    for (size_t n = 0; pos > 0; --pos)
        if (text[pos - 1] == '\n' && ++n == lines)
            break;
    return text.substr(pos, end - pos);
}

class QemuFlasher final : public Flasher {
public:
    QemuFlasher(BoardProfile profile, FlasherOptions options)
        : m_profile(std::move(profile)), m_options(std::move(options)) {}

    Result<FlashOutcome> flash(const FlashTarget& target, const LogFn& log) override {
        if (auto stopped = stopRunningBoard(m_options.stateDir, m_profile.name); !stopped)
            return stopped.error();
        QemuOptions qemu;
        qemu.program = m_profile.flasher.program.empty() ? "qemu-system-arm" : m_profile.flasher.program;
        qemu.machine = m_profile.flasher.machine.empty() ? "mps2-an386" : m_profile.flasher.machine;
        qemu.elf = target.image;
        qemu.runtimeDir = m_options.stateDir / m_profile.name;
        qemu.startTimeout = m_options.startTimeout;
        qemu.extraArgs = m_profile.flasher.args;
        if (log)
            log("booting " + target.image.string() + " on " + qemu.program + " -M " + qemu.machine);
        auto instance = QemuInstance::launch(qemu);
        if (!instance)
            return instance.error();
        // The agent only talks when spoken to, so running before the host
        // opens the pty loses nothing.
        if (auto resumed = (*instance)->resume(); !resumed)
            return resumed.error();
        const auto detached = (*instance)->detach();
        RunningBoard running{m_profile.name, "qemu", detached.pid, detached.ptyPath,
                             std::filesystem::absolute(target.image).string(), detached.runtimeDir.string(),
                             qemu.program};
        if (auto recorded = recordRunningBoard(m_options.stateDir, running); !recorded)
            return recorded.error();
        if (log)
            log("emulator running (pid " + std::to_string(detached.pid) + "), UART on " + detached.ptyPath);
        return FlashOutcome{detached.ptyPath};
    }

private:
    BoardProfile m_profile;
    FlasherOptions m_options;
};

class HostFlasher final : public Flasher {
public:
    HostFlasher(BoardProfile profile, FlasherOptions options)
        : m_profile(std::move(profile)), m_options(std::move(options)) {}

    Result<FlashOutcome> flash(const FlashTarget& target, const LogFn& log) override {
        if (auto stopped = stopRunningBoard(m_options.stateDir, m_profile.name); !stopped)
            return stopped.error();
        const std::string program = target.image.empty() ? m_profile.flasher.program : target.image.string();
        if (program.empty())
            return makeError("board '" + m_profile.name + "' names no simulator program");
        const auto runtimeDir = m_options.stateDir / m_profile.name;
        std::error_code ec;
        std::filesystem::create_directories(runtimeDir, ec);
        SpawnOptions spawn;
        spawn.argv = {program};
        spawn.argv.insert(spawn.argv.end(), m_profile.flasher.args.begin(), m_profile.flasher.args.end());
        spawn.outputFile = runtimeDir / "board.log";
        if (log)
            log("starting " + describeArgv(spawn.argv));
        auto child = Subprocess::spawn(spawn);
        if (!child)
            return child.error();
        static const std::regex kPty(R"(PTY (/dev/[^\s]+))");
        const auto deadline = std::chrono::steady_clock::now() + m_options.startTimeout;
        std::string pty;
        while (pty.empty()) {
            std::this_thread::sleep_for(10ms);
            const std::string output = readText(spawn.outputFile);
            std::smatch match;
            if (std::regex_search(output, match, kPty)) {
                pty = match[1].str();
                break;
            }
            if (auto status = child->poll())
                return makeError("the simulator exited with status " + std::to_string(*status) +
                                 (output.empty() ? std::string() : ": " + tail(output, 3)));
            if (std::chrono::steady_clock::now() >= deadline)
                return makeError("the simulator did not announce its pty within " +
                                 std::to_string(m_options.startTimeout.count()) + " ms");
        }
        RunningBoard running{m_profile.name, "host", child->pid(), pty, program, runtimeDir.string(), program};
        child->detach();
        if (auto recorded = recordRunningBoard(m_options.stateDir, running); !recorded)
            return recorded.error();
        if (log)
            log("simulator running (pid " + std::to_string(running.pid) + "), link on " + pty);
        return FlashOutcome{pty};
    }

private:
    BoardProfile m_profile;
    FlasherOptions m_options;
};

class CommandFlasher final : public Flasher {
public:
    explicit CommandFlasher(BoardProfile profile) : m_profile(std::move(profile)) {}

    Result<FlashOutcome> flash(const FlashTarget& target, const LogFn& log) override {
        auto argv = flashArgv(m_profile, target);
        if (!argv)
            return argv.error();
        if (log)
            log("running " + describeArgv(*argv));
        auto run = runProcess(*argv, std::chrono::minutes(5));
        if (!run)
            return run.error();
        if (log) {
            std::istringstream lines(run->output);
            for (std::string line; std::getline(lines, line);)
                log(line);
        }
        if (run->exitCode != 0)
            return makeError((*argv)[0] + " failed with exit code " + std::to_string(run->exitCode) + ": " +
                             tail(run->output, 3));
        return FlashOutcome{target.port};
    }

private:
    BoardProfile m_profile;
};

class Uf2Flasher final : public Flasher {
public:
    Result<FlashOutcome> flash(const FlashTarget& target, const LogFn& log) override {
        if (log)
            log("copying " + target.image.string() + " to " + target.port);
        if (auto copied = copyUf2(target.image, target.port); !copied)
            return copied.error();
        // The board re-enumerates as a serial device: the caller finds it by USB id.
        return FlashOutcome{};
    }
};

}  // namespace

std::filesystem::path defaultBoardStateDir() {
    if (const char* env = std::getenv("MOTE_STATE_DIR"); env && *env)
        return env;
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime)
        return std::filesystem::path(runtime) / "mote-boards";
    return std::filesystem::temp_directory_path() / ("mote-boards-" + std::to_string(::getuid()));
}

std::optional<RunningBoard> findRunningBoard(const std::filesystem::path& stateDir, const std::string& board) {
    const auto path = recordPath(stateDir, board);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return std::nullopt;
    auto doc = nlohmann::json::parse(readText(path), nullptr, false);
    RunningBoard running;
    if (!doc.is_discarded() && doc.is_object()) {
        running.board = doc.value("board", "");
        running.driver = doc.value("driver", "");
        running.pid = doc.value("pid", -1);
        running.connectionPath = doc.value("connection", "");
        running.image = doc.value("image", "");
        running.runtimeDir = doc.value("runtime_dir", "");
        running.program = doc.value("program", "");
        running.startTicks = doc.value("start_ticks", uint64_t{0});
    }
    if (!processMatches(running.pid, running.program, running.startTicks)) {
        std::filesystem::remove(path, ec);  // stale: the process is gone
        return std::nullopt;
    }
    return running;
}

Status recordRunningBoard(const std::filesystem::path& stateDir, const RunningBoard& running) {
    const uint64_t startTicks = running.startTicks ? running.startTicks : processStartTicks(running.pid);
    std::error_code ec;
    std::filesystem::create_directories(stateDir, ec);
    const nlohmann::json doc = {{"board", running.board},           {"driver", running.driver},
                                {"pid", running.pid},               {"connection", running.connectionPath},
                                {"image", running.image},           {"runtime_dir", running.runtimeDir},
                                {"program", running.program},       {"start_ticks", startTicks}};
    const auto path = recordPath(stateDir, running.board);
    const auto temp = path.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        out << doc.dump(2) << "\n";
        if (!out)
            return makeError("cannot write board state " + temp);
    }
    std::filesystem::rename(temp, path, ec);
    if (ec)
        return makeError("cannot write board state " + path.string() + ": " + ec.message());
    return {};
}

Status stopRunningBoard(const std::filesystem::path& stateDir, const std::string& board) {
    auto running = findRunningBoard(stateDir, board);
    std::error_code ec;
    if (!running)
        return {};
    if (running->driver == "qemu") {
        QmpClient qmp;
        if (qmp.connect((std::filesystem::path(running->runtimeDir) / "qmp.sock").string(), 1000ms))
            (void)qmp.execute("quit", 1000ms);
    } else {
        ::kill(running->pid, SIGTERM);
    }
    auto gone = [&] {
        int status = 0;
        const pid_t r = ::waitpid(running->pid, &status, WNOHANG);
        if (r == running->pid)
            return true;  // our child, now reaped
        if (r == 0)
            return false;  // our child, still running
        return !processMatches(running->pid, running->program, running->startTicks);  // started by another process
    };
    for (int i = 0; i < 300 && !gone(); ++i)
        std::this_thread::sleep_for(10ms);
    if (!gone()) {
        ::kill(running->pid, SIGKILL);
        for (int i = 0; i < 200 && !gone(); ++i)
            std::this_thread::sleep_for(10ms);
    }
    if (!gone())
        return makeError("could not stop " + board + " (pid " + std::to_string(running->pid) + ")");
    std::filesystem::remove(recordPath(stateDir, board), ec);
    return {};
}

Result<std::unique_ptr<Flasher>> makeFlasher(const BoardProfile& profile, const FlasherOptions& options) {
    const auto& d = profile.flasher.driver;
    if (d == "qemu")
        return std::unique_ptr<Flasher>(new QemuFlasher(profile, options));
    if (d == "host")
        return std::unique_ptr<Flasher>(new HostFlasher(profile, options));
    if (d == "uf2")
        return std::unique_ptr<Flasher>(new Uf2Flasher());
    if (d == "openocd" || d == "bossac" || d == "dfu-util" || d == "esptool" || d == "picotool" || d == "avrdude")
        return std::unique_ptr<Flasher>(new CommandFlasher(profile));
    return makeError("board '" + profile.name + "' uses flasher driver '" + d + "', which this studio does not know");
}

}  // namespace mote::firmware

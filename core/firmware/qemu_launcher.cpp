#include "firmware/qemu_launcher.h"

#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <system_error>

namespace mote::firmware {
namespace {

Result<std::filesystem::path> makeRuntimeDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mote-qemu-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        return makeError("cannot create a temporary folder for QEMU in " +
                         std::filesystem::temp_directory_path().string());
    return std::filesystem::path(pattern);
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::vector<std::string> qemuArgv(const QemuOptions& options, const std::string& qmpSocket) {
    std::vector<std::string> argv = {options.program, "-M", options.machine, "-nographic",
                                     "-monitor", "none", "-serial", "pty", "-kernel",
                                     options.elf.string(), "-S", "-qmp",
                                     "unix:" + qmpSocket + ",server=on,wait=off"};
    if (options.icount) {
        argv.push_back("-icount");
        argv.push_back("shift=0");
    }
    argv.insert(argv.end(), options.extraArgs.begin(), options.extraArgs.end());
    return argv;
}

std::optional<std::string> parsePtyLine(const std::string& output) {
    static const std::regex pattern(R"(char device redirected to (/dev/[^\s]+))");
    std::smatch match;
    if (std::regex_search(output, match, pattern))
        return match[1].str();
    return std::nullopt;
}

QemuInstance::QemuInstance(Subprocess process, std::filesystem::path runtimeDir, bool ownsRuntimeDir)
    : m_process(std::move(process)), m_runtimeDir(std::move(runtimeDir)), m_ownsRuntimeDir(ownsRuntimeDir) {}

Result<std::unique_ptr<QemuInstance>> QemuInstance::launch(const QemuOptions& options) {
    std::error_code ec;
    if (options.elf.empty() || !std::filesystem::is_regular_file(options.elf, ec))
        return makeError("firmware image not found: " + options.elf.string() + " (build the firmware first)");

    std::filesystem::path runtimeDir = options.runtimeDir;
    const bool owns = runtimeDir.empty();
    if (owns) {
        auto made = makeRuntimeDir();
        if (!made)
            return made.error();
        runtimeDir = *made;
    } else {
        std::filesystem::create_directories(runtimeDir, ec);
    }
    const std::string qmpSocket = (runtimeDir / "qmp.sock").string();
    std::filesystem::remove(qmpSocket, ec);

    SpawnOptions spawn;
    spawn.argv = qemuArgv(options, qmpSocket);
    // Output goes to a file, not a pipe: a detached board must not die of
    // SIGPIPE when the studio that started it exits.
    spawn.outputFile = runtimeDir / "qemu.log";
    auto process = Subprocess::spawn(spawn);
    if (!process) {
        if (owns)
            std::filesystem::remove_all(runtimeDir, ec);
        return process.error();
    }
    std::unique_ptr<QemuInstance> instance(new QemuInstance(std::move(*process), runtimeDir, owns));

    const auto deadline = std::chrono::steady_clock::now() + options.startTimeout;
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        instance->m_output = readFile(spawn.outputFile);
        if (auto pty = parsePtyLine(instance->m_output)) {
            instance->m_ptyPath = *pty;
            break;
        }
        if (instance->m_process.poll()) {
            std::string text = readFile(spawn.outputFile);
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
                text.pop_back();
            return makeError("QEMU exited before the board started" +
                             (text.empty() ? std::string() : ": " + text));
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return makeError("QEMU did not announce its serial pty within " +
                             std::to_string(options.startTimeout.count()) + " ms");
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (auto status = instance->m_qmp.connect(qmpSocket, std::max(left, std::chrono::milliseconds(1000))); !status)
        return status.error();
    return instance;
}

QemuInstance::~QemuInstance() {
    stop();
    if (m_ownsRuntimeDir) {
        std::error_code ec;
        std::filesystem::remove_all(m_runtimeDir, ec);
    }
}

Status QemuInstance::resume() {
    if (!running())
        return makeError("the emulated board is not running (QEMU exited" +
                         (exitStatus() ? " with status " + std::to_string(*exitStatus()) : std::string()) + ")");
    return m_qmp.execute("cont", std::chrono::milliseconds(3000));
}

Status QemuInstance::pause() {
    if (!running())
        return makeError("the emulated board is not running");
    return m_qmp.execute("stop", std::chrono::milliseconds(3000));
}

bool QemuInstance::running() { return !m_process.poll().has_value(); }

std::optional<int> QemuInstance::exitStatus() { return m_process.poll(); }

std::string QemuInstance::output() {
    m_output = readFile(m_runtimeDir / "qemu.log");
    return m_output;
}

QemuInstance::Detached QemuInstance::detach() {
    Detached detached{m_process.pid(), m_ptyPath, m_runtimeDir};
    m_process.detach();
    m_qmp.close();
    m_ownsRuntimeDir = false;
    return detached;
}

void QemuInstance::stop(std::chrono::milliseconds grace) {
    if (m_process.pid() <= 0 || !running()) {  // detached or ended
        m_qmp.close();
        return;
    }
    // QMP quit lets QEMU close the pty and remove the socket itself.
    if (m_qmp.connected())
        (void)m_qmp.execute("quit", std::chrono::milliseconds(500));
    m_qmp.close();
    if (!m_process.wait(grace))
        m_process.terminate(std::chrono::milliseconds(1000));
}

}  // namespace mote::firmware

// mote board-sim ARGS...: runs the simulated board (mote-board-sim) with the
// same arguments, replacing this process so that signals (Ctrl-C, SIGTERM)
// reach the simulator directly. The binary is looked up next to `mote`
// first (build tree, install prefix), then on PATH.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "command_registry.h"

namespace mote::cli {
namespace {

constexpr const char* kSimulator = "mote-board-sim";

std::string simulatorPath() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto beside = self.parent_path() / kSimulator;
        if (::access(beside.c_str(), X_OK) == 0)
            return beside.string();
    }
    return kSimulator;  // execvp searches PATH
}

void installBoardSim(CLI::App& root, CliContext&) {
    auto* cmd = root.add_subcommand(
        "board-sim",
        "Run the simulated board on a new pseudo-terminal (arguments go to mote-board-sim; "
        "try: mote board-sim --help)");
    cmd->prefix_command();  // everything after board-sim belongs to the simulator
    cmd->set_help_flag();   // ...including --help, which prints the simulator's own usage
    cmd->callback([cmd] {
        std::vector<std::string> args = cmd->remaining();
        const std::string exe = simulatorPath();
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(exe.c_str()));
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execvp(exe.c_str(), argv.data());
        throw CliError(std::string("cannot run ") + kSimulator + ": " + std::strerror(errno) +
                           "; build it (cmake --build <dir> --target mote-board-sim) or put it on PATH",
                       kExitFailure);
    });
}

const CommandRegistration reg{"board-sim", &installBoardSim};

}  // namespace
}  // namespace mote::cli

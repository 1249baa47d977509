// mote: the command-line front of Mote Studio. `mote <noun> <verb> [options]`.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "command_registry.h"

namespace mote::cli {

std::vector<RegisteredCommand>& registeredCommands() {
    static std::vector<RegisteredCommand> commands;
    return commands;
}

CommandRegistration::CommandRegistration(const char* noun, CommandInstaller installer) {
    registeredCommands().push_back({noun, installer});
}

}  // namespace mote::cli

int main(int argc, char** argv) {
    using namespace mote::cli;
    CLI::App app{"Mote Studio command line: collect, manage, train, quantize and deploy TinyML models.", "mote"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("mote ") + MOTE_VERSION);
    CliContext context;
    app.add_flag("--json", context.json, "Print machine-readable JSON on stdout");

    auto& commands = registeredCommands();
    std::sort(commands.begin(), commands.end(),
              [](const auto& a, const auto& b) { return a.noun < b.noun; });
    for (const auto& command : commands)
        command.installer(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0)
            return app.exit(e);
        std::cerr << "mote: " << e.what() << " (see 'mote --help')\n";
        return kExitUsage;
    } catch (const CliError& e) {
        std::cerr << "mote: " << e.what() << "\n";
        return e.code;
    } catch (const std::exception& e) {
        std::cerr << "mote: unexpected error: " << e.what() << "\n";
        return kExitFailure;
    }
    return kExitOk;
}

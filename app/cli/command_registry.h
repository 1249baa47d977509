#pragma once
// Self-registration of CLI nouns: each commands_<noun>.cpp defines
//   static const mote::cli::CommandRegistration reg{"noun", &installNoun};
// and main() installs every registered noun on the root CLI11 app.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli_context.h"

namespace mote::cli {

using CommandInstaller = void (*)(CLI::App& root, CliContext& context);

struct CommandRegistration {
    CommandRegistration(const char* noun, CommandInstaller installer);
};

struct RegisteredCommand {
    std::string noun;
    CommandInstaller installer;
};

std::vector<RegisteredCommand>& registeredCommands();

}  // namespace mote::cli

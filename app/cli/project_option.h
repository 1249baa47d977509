#pragma once
// Helpers for commands that work on a project: `--project DIR` and opening
// the project (default: the current directory when it is a project).
#include <CLI/CLI.hpp>

#include "cli_context.h"
#include "project/project.h"

namespace mote::cli {

// Adds `--project DIR` to `cmd`, bound to context.projectOption.
void addProjectOption(CLI::App* cmd, CliContext& context);
// Adds `--json` after the verb too, bound to context.json.
void addJsonFlag(CLI::App* cmd, CliContext& context);

// Opens the project named by --project, or the current directory. Throws
// CliError(kExitNoProject) with a one-line hint when there is none, or
// CliError(kExitFailure) when the project cannot be opened.
mote::project::Project openProjectOrThrow(const CliContext& context);

}  // namespace mote::cli

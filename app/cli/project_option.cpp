#include "project_option.h"

#include <filesystem>

namespace mote::cli {

void addProjectOption(CLI::App* cmd, CliContext& context) {
    cmd->add_option("--project", context.projectOption, "Project folder (default: the current directory)");
}

void addJsonFlag(CLI::App* cmd, CliContext& context) {
    cmd->add_flag("--json", context.json, "Print machine-readable JSON on stdout");
}

mote::project::Project openProjectOrThrow(const CliContext& context) {
    namespace fs = std::filesystem;
    fs::path dir = context.projectOption.empty() ? fs::current_path() : fs::path(context.projectOption);
    if (!mote::project::Project::isProject(dir))
        throw CliError("no Mote project in " + dir.string() +
                           ": pass --project DIR or run 'mote project create DIR'",
                       kExitNoProject);
    auto project = mote::project::Project::open(dir);
    if (!project)
        throw CliError(project.message(), kExitNoProject);
    return std::move(project).value();
}

}  // namespace mote::cli

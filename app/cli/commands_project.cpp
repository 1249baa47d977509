// mote project create|info: make a project folder, show what is in one.
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "project_option.h"

namespace mote::cli {
namespace {

using nlohmann::json;

struct ProjectArgs {
    std::string dir;
    std::string name;
};

void runCreate(const CliContext& context, const ProjectArgs& args) {
    auto project = mote::project::Project::create(args.dir, args.name);
    if (!project)
        throw CliError(project.message(), kExitBadInput);
    if (context.json) {
        std::cout << json{{"name", project->name()},
                          {"dir", project->dir().string()},
                          {"database", project->databaseFile().string()}}
                         .dump()
                  << "\n";
        return;
    }
    std::cout << "Created project '" << project->name() << "' in " << project->dir().string() << "\n";
}

void runInfo(const CliContext& context) {
    auto project = openProjectOrThrow(context);
    auto& store = project.store();
    auto total = store.count();
    auto train = store.count({.split = mote::dataset::Split::Train});
    auto labels = store.labels();
    auto version = store.datasetVersion();
    auto runs = store.trainingRuns();
    auto models = store.models();
    auto deployments = store.listDeployments();
    if (!total || !train || !labels || !version || !runs || !models || !deployments)
        throw CliError("cannot read the project database " + project.databaseFile().string(), kExitFailure);
    json info = {{"name", project.name()},
                 {"dir", project.dir().string()},
                 {"database", project.databaseFile().string()},
                 {"schema_version", store.schemaVersion()},
                 {"samples", *total},
                 {"train", *train},
                 {"test", *total - *train},
                 {"labels", *labels},
                 {"dataset_version", *version},
                 {"training_runs", runs->size()},
                 {"models", models->size()},
                 {"deployments", deployments->size()}};
    if (context.json) {
        std::cout << info.dump() << "\n";
        return;
    }
    std::cout << "Project:         " << project.name() << "\n"
              << "Folder:          " << project.dir().string() << "\n"
              << "Schema version:  " << store.schemaVersion() << "\n"
              << "Samples:         " << *total << " (train " << *train << ", test " << (*total - *train) << ")\n"
              << "Labels:          ";
    for (size_t i = 0; i < labels->size(); ++i)
        std::cout << (i ? ", " : "") << (*labels)[i];
    std::cout << "\nDataset version: " << version->substr(0, 16) << "\n"
              << "Training runs:   " << runs->size() << ", models: " << models->size()
              << ", deployments: " << deployments->size() << "\n";
}

void installProject(CLI::App& root, CliContext& context) {
    auto* noun = root.add_subcommand("project", "Create and inspect Mote projects");
    noun->require_subcommand(1);
    auto args = std::make_shared<ProjectArgs>();

    auto* create = noun->add_subcommand("create", "Create a project folder (DIR, conventionally NAME.mote)");
    create->add_option("dir", args->dir, "Folder to create (must be new or empty)")->required();
    create->add_option("--name", args->name, "Project name (default: the folder name)");
    addJsonFlag(create, context);
    create->callback([&context, args] { runCreate(context, *args); });

    auto* info = noun->add_subcommand("info", "Show a project's samples, labels, dataset version and lineage counts");
    addProjectOption(info, context);
    addJsonFlag(info, context);
    info->callback([&context] { runInfo(context); });
}

const CommandRegistration reg{"project", &installProject};

}  // namespace
}  // namespace mote::cli

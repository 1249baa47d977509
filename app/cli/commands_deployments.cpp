// mote deployments list [--json]: the project's deployment history (newest
// first): model, board, firmware hash, status and, for failures, the stage
// and reason. From the lineage tables (firmware/deploy_lineage.h).
#include <ctime>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "firmware/deploy_lineage.h"
#include "project_option.h"

namespace mote::cli {
namespace {

std::string isoTime(int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
    return buf;
}

void installDeployments(CLI::App& root, CliContext& context) {
    auto* noun = root.add_subcommand("deployments", "Deployment history of the project");
    noun->require_subcommand(1);
    auto* list = noun->add_subcommand("list", "List deployments, newest first");
    addProjectOption(list, context);
    addJsonFlag(list, context);
    list->callback([&context] {
        auto project = openProjectOrThrow(context);
        auto history = firmware::deploymentHistory(project.store());
        if (!history)
            throw CliError(history.message());
        if (context.json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : *history)
                out.push_back({{"id", e.deploymentId},
                               {"model_id", e.modelId},
                               {"model_kind", e.modelKind},
                               {"model_path", e.modelPath},
                               {"model_hash", e.modelHash},
                               {"board", e.board},
                               {"firmware_hash", e.firmwareHash},
                               {"status", e.status},
                               {"stage", e.stage},
                               {"reason", e.reason},
                               {"seconds", e.seconds},
                               {"created", isoTime(e.createdMs)},
                               {"updated", isoTime(e.updatedMs)}});
            std::cout << out.dump() << "\n";
            return;
        }
        if (history->empty()) {
            std::cout << "no deployments yet (mote deploy --model-id ID --board B)\n";
            return;
        }
        for (const auto& e : *history) {
            std::cout << "#" << e.deploymentId << "  " << isoTime(e.createdMs) << "  " << std::left << std::setw(16)
                      << e.board << " model " << e.modelId << " (" << e.modelKind << ")  " << std::setw(9) << e.status
                      << " firmware " << (e.firmwareHash.empty() ? "-" : e.firmwareHash.substr(0, 12));
            if (!e.reason.empty())
                std::cout << "  [" << e.stage << "] " << e.reason.substr(0, 160);
            std::cout << "\n";
        }
    });
}

const CommandRegistration reg{"deployments", &installDeployments};

}  // namespace
}  // namespace mote::cli

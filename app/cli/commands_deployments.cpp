// mote deployments list [--json]: the project's deployment history (newest
// first): model, board, firmware hash, status and, for failures, the stage
// and reason. From the lineage tables (firmware/deploy_lineage.h).
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "firmware/deploy_lineage.h"
#include "project_option.h"
#include "text_table.h"

namespace mote::cli {
namespace {

// ISO-like UTC stamp for JSON ("...Z").
std::string isoTime(int64_t ms) { return utcTimeString(ms) + "Z"; }

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
        using Align = TextTable::Align;
        TextTable table({{"id", Align::Right},
                         {"created (UTC)"},
                         {"board"},
                         {"model", Align::Right},
                         {"kind"},
                         {"status"},
                         {"firmware"},
                         {"failed at: reason", Align::Left, 160}});
        for (const auto& e : *history)
            table.addRow({std::to_string(e.deploymentId), utcTimeString(e.createdMs), e.board, std::to_string(e.modelId),
                          e.modelKind, e.status, e.firmwareHash.empty() ? "-" : e.firmwareHash.substr(0, 12),
                          e.reason.empty() ? "" : "[" + e.stage + "] " + e.reason});
        table.print(std::cout);
    });
}

const CommandRegistration reg{"deployments", &installDeployments};

}  // namespace
}  // namespace mote::cli

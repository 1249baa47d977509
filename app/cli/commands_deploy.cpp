// mote deploy --model FILE.tflite --board NAME: generate firmware for the
// model, check it fits, build, flash, and verify the board reports the model
// hash just built. Prints the build log on stderr and a summary on stdout
// (one JSON object with --json).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "firmware/deploy.h"
#include "firmware/deploy_lineage.h"
#include "firmware/firmware_export.h"
#include "project_option.h"

namespace mote::cli {
namespace {

namespace fw = mote::firmware;

std::vector<std::string> splitLabels(const std::string& text) {
    std::vector<std::string> labels;
    std::stringstream in(text);
    for (std::string label; std::getline(in, label, ',');)
        if (!label.empty())
            labels.push_back(label);
    return labels;
}

void installDeploy(CLI::App& root, CliContext& context) {
    static std::string model, boardName, labels, workDir, port, exportPath;
    static bool verbose = false, history = false;
    static int64_t modelId = 0;
    auto* cmd = root.add_subcommand("deploy", "Generate, build, flash and verify a model on a board");
    cmd->add_option("--model", model, ".tflite model (int8)");
    cmd->add_option("--model-id", modelId,
                    "Deploy the project's model with this id (recorded in the deployment history)");
    cmd->add_option("--board", boardName, "Board profile name (see `mote board list`)");
    cmd->add_option("--export", exportPath,
                    "Only generate: write the firmware project as a standalone folder (or DIR.zip: folder + zip)");
    cmd->add_flag("--history", history, "Print the project's deployment history (same as `mote deployments list`)");
    addProjectOption(cmd, context);
    cmd->add_option("--labels", labels, "Class labels in output order, comma-separated");
    cmd->add_option("--work-dir", workDir, "Folder for the generated project and build (default: temp)");
    cmd->add_option("--port", port, "Serial port / UF2 drive of a real board");
    cmd->add_flag("--verbose", verbose, "Show the full build log");
    cmd->add_flag("--json", context.json, "Machine-readable summary");
    cmd->callback([&context] {
        std::error_code ec;
        if (history) {
            auto project = openProjectOrThrow(context);
            auto rows = fw::deploymentHistory(project.store());
            if (!rows)
                throw CliError(rows.message());
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : *rows)
                out.push_back({{"id", e.deploymentId}, {"model_id", e.modelId}, {"board", e.board},
                               {"status", e.status}, {"stage", e.stage}, {"reason", e.reason},
                               {"model_hash", e.modelHash}, {"firmware_hash", e.firmwareHash},
                               {"created_ms", e.createdMs}});
            if (context.json) {
                std::cout << out.dump() << "\n";
                return;
            }
            for (const auto& e : *rows)
                std::cout << "#" << e.deploymentId << " " << e.board << " model " << e.modelId << " " << e.status
                          << (e.reason.empty() ? "" : " [" + e.stage + "] " + e.reason.substr(0, 160)) << "\n";
            return;
        }
        if (boardName.empty())
            throw CliError("--board is required (see `mote board list`)", kExitUsage);
        std::optional<project::Project> project;
        if (modelId > 0) {
            project.emplace(openProjectOrThrow(context));
            auto row = project->store().model(modelId);
            if (!row)
                throw CliError(row.message() + "; see `mote runs list`", kExitBadInput);
            model = (std::filesystem::path(row->path).is_absolute() ? std::filesystem::path(row->path)
                                                                    : project->dir() / row->path)
                        .string();
        } else if (model.empty()) {
            throw CliError("give --model FILE.tflite or --model-id ID (a project model)", kExitUsage);
        }
        if (!std::filesystem::is_regular_file(model, ec))
            throw CliError("model file not found: " + model, kExitBadInput);
        auto profile = fw::findBoardProfile(fw::defaultBoardsDir(), boardName);
        if (!profile)
            throw CliError(profile.message() + "; see `mote board list`", kExitBadInput);
        fw::DeployRequest request;
        request.model = model;
        request.labels = splitLabels(labels);
        request.board = *profile;
        request.port = port;
        request.workDir = workDir.empty()
                              ? std::filesystem::temp_directory_path() / ("mote-deploy-" + profile->name)
                              : std::filesystem::path(workDir);
        if (!exportPath.empty()) {
            std::ifstream in(model, std::ios::binary);
            const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
            fw::CodegenOptions options;
            options.modelId = std::filesystem::path(model).stem().string();
            options.labels = request.labels;
            options.generator = std::string("mote ") + MOTE_VERSION;
            auto generated = fw::generateModel(bytes, options);
            if (!generated)
                throw CliError("code generation failed: " + generated.message(), kExitBadInput);
            std::filesystem::path target = exportPath, zip;
            if (target.extension() == ".zip") {
                zip = target;
                target.replace_extension("");
            }
            const auto genDir = request.workDir / "generated";
            std::filesystem::create_directories(genDir, ec);
            std::ofstream(genDir / "mote_model.h", std::ios::trunc) << generated->header;
            std::ofstream(genDir / "mote_model.cpp", std::ios::trunc) << generated->source;
            auto exported = fw::exportFirmwareProject({genDir, *profile, target, zip});
            if (!exported)
                throw CliError("export failed: " + exported.message());
            nlohmann::json out = {{"folder", target.string()},
                                  {"zip", exported->zip.string()},
                                  {"files", exported->files.size()},
                                  {"model_hash", generated->hash},
                                  {"live_inference", generated->hasImpulse}};
            if (context.json)
                std::cout << out.dump() << "\n";
            else
                std::cout << "exported " << exported->files.size() << " files to " << target.string()
                          << (zip.empty() ? "" : " and " + zip.string()) << " (build: cmake -S " << target.string()
                          << " -B build -G Ninja && cmake --build build)\n";
            return;
        }
        auto log = [](const std::string& line) {
            // Tool output only with --verbose; pipeline lines always.
            if (verbose || line.rfind("== ", 0) == 0 || line.rfind("flash:", 0) == 0 || line.rfind("RAM:", 0) == 0 ||
                line.rfind("generated", 0) == 0 || line.rfind("verified", 0) == 0 || line.rfind("emulator", 0) == 0)
                std::cerr << line << "\n";
        };
        Result<fw::DeployResult> result = makeError("not run");
        if (project) {
            // Recorded in the project's lineage: running -> verified / failed.
            auto recorded = fw::deployAndRecord(project->store(), modelId, request, log, nullptr);
            if (!recorded)
                throw CliError(recorded.message());
            if (recorded->status == "verified")
                result = recorded->deploy;
            else
                result = makeError(recorded->reason);
            std::cerr << "deployment #" << recorded->deploymentId << " recorded as " << recorded->status << "\n";
        } else {
            result = fw::deployModel(request, log, nullptr);
        }
        if (!result) {
            const auto& m = result.message();
            const bool device = m.rfind("flashing failed", 0) == 0 || m.rfind("verification failed", 0) == 0;
            throw CliError("deploy failed: " + m, device ? kExitDevice : kExitFailure);
        }
        nlohmann::json out = {{"board", profile->name},
                              {"model_hash", result->model.hash},
                              {"board_model_hash", result->boardReportedHash},
                              {"firmware_hash", result->firmwareHash},
                              {"elf", result->elf.string()},
                              {"connection", result->connectionPath},
                              {"flash_bytes", result->usage.flashBytes},
                              {"ram_bytes", result->usage.ramBytes},
                              {"weights_bytes", result->model.weightsBytes},
                              {"arena_bytes", result->model.arenaBytes},
                              {"arena_lower_bound_bytes", result->model.lowerBoundBytes},
                              {"macs", result->model.macs},
                              {"seconds", result->seconds}};
        if (context.json) {
            std::cout << out.dump() << "\n";
            return;
        }
        std::cout << "deployed " << model << " to " << profile->name << " (verified hash "
                  << result->model.hash.substr(0, 16) << "...), board on " << result->connectionPath << "\n"
                  << result->fit.summary << "\n";
    });
}

const CommandRegistration reg{"deploy", &installDeploy};

}  // namespace
}  // namespace mote::cli

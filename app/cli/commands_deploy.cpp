// mote deploy --model FILE.tflite --board NAME: generate firmware for the
// model, check it fits, build, flash, and verify the board reports the model
// hash just built. Prints the build log on stderr and a summary on stdout
// (one JSON object with --json).
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "firmware/deploy.h"

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
    static std::string model, boardName, labels, workDir, port;
    static bool verbose = false;
    auto* cmd = root.add_subcommand("deploy", "Generate, build, flash and verify a model on a board");
    cmd->add_option("--model", model, ".tflite model (int8)")->required();
    cmd->add_option("--board", boardName, "Board profile name (see `mote board list`)")->required();
    cmd->add_option("--labels", labels, "Class labels in output order, comma-separated");
    cmd->add_option("--work-dir", workDir, "Folder for the generated project and build (default: temp)");
    cmd->add_option("--port", port, "Serial port / UF2 drive of a real board");
    cmd->add_flag("--verbose", verbose, "Show the full build log");
    cmd->add_flag("--json", context.json, "Machine-readable summary");
    cmd->callback([&context] {
        std::error_code ec;
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
        auto log = [](const std::string& line) {
            // Tool output only with --verbose; pipeline lines always.
            if (verbose || line.rfind("== ", 0) == 0 || line.rfind("flash:", 0) == 0 || line.rfind("RAM:", 0) == 0 ||
                line.rfind("generated", 0) == 0 || line.rfind("verified", 0) == 0 || line.rfind("emulator", 0) == 0)
                std::cerr << line << "\n";
        };
        auto result = fw::deployModel(request, log, nullptr);
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

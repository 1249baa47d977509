// mote evaluate --on-device [--board B] [--model ID] [--max-windows N] [--json]:
// hardware-in-the-loop evaluation of the project's int8 model: every
// test-split window runs on the board and on the host int8 executor with
// the same input bytes; prints accuracies, agreement, mismatching windows,
// both confusion matrices and cycles per inference (one JSON object with
// --json). Exits 1 when the board disagrees with the host on any window.
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "firmware/on_device_eval.h"
#include "project_option.h"

namespace mote::cli {
namespace {

void printMatrix(const std::string& title, const std::vector<std::string>& labels,
                 const std::vector<std::vector<int64_t>>& m) {
    std::cout << title << " (rows: true, columns: predicted)\n" << std::setw(12) << "";
    for (const auto& l : labels)
        std::cout << std::setw(10) << l.substr(0, 9);
    std::cout << "\n";
    for (size_t r = 0; r < m.size(); ++r) {
        std::cout << std::setw(12) << (r < labels.size() ? labels[r].substr(0, 11) : "?");
        for (auto v : m[r])
            std::cout << std::setw(10) << v;
        std::cout << "\n";
    }
}

void installEvaluate(CLI::App& root, CliContext& context) {
    static bool onDevice = false;
    static std::string board = "qemu-mps2-an386", workDir, port;
    static int64_t modelId = 0;
    static size_t maxWindows = 0;
    auto* cmd = root.add_subcommand("evaluate", "Evaluate the int8 model on a board against the host");
    cmd->add_flag("--on-device", onDevice, "Run every test window on the board (hardware in the loop)")->required();
    cmd->add_option("--board", board, "Board profile (see `mote board list`)")->capture_default_str();
    cmd->add_option("--model", modelId, "int8 model id (default: the newest; see `mote runs list`)");
    cmd->add_option("--max-windows", maxWindows, "Only the first N test windows (0 = all)");
    cmd->add_option("--work-dir", workDir, "Firmware build folder when a deploy is needed (default: temp)");
    cmd->add_option("--port", port, "Serial port of a real board");
    addProjectOption(cmd, context);
    addJsonFlag(cmd, context);
    cmd->callback([&context] {
        auto project = openProjectOrThrow(context);
        auto profile = firmware::findBoardProfile(firmware::defaultBoardsDir(), board);
        if (!profile)
            throw CliError(profile.message() + "; see `mote board list`", kExitBadInput);
        firmware::OnDeviceEvalOptions options;
        if (modelId > 0)
            options.modelId = modelId;
        options.board = *profile;
        options.port = port;
        options.workDir = workDir;
        options.maxWindows = maxWindows;
        auto log = [](const std::string& line) {
            if (line.rfind("== ", 0) == 0 || line.rfind("the board", 0) == 0 || line.rfind("running", 0) == 0 ||
                line.rfind("computing", 0) == 0 || line.rfind("verified", 0) == 0)
                std::cerr << line << "\n";
        };
        auto report = firmware::evaluateOnDevice(project, options, log, [](size_t done, size_t total) {
            if (done % 25 == 0 || done == total)
                std::cerr << "  " << done << "/" << total << " windows\n";
        });
        if (!report) {
            const auto& m = report.message();
            const bool device = m.find("board") != std::string::npos || m.find("deploy") != std::string::npos;
            throw CliError("on-device evaluation failed: " + m, device ? kExitDevice : kExitFailure);
        }
        const auto& r = *report;
        if (context.json) {
            std::cout << firmware::onDeviceEvalToJson(r).dump() << "\n";
        } else {
            std::cout << std::fixed << std::setprecision(2) << "model " << r.modelId << " on " << r.board << ": "
                      << r.windows << " test windows\n"
                      << "  device accuracy    " << r.deviceAccuracy * 100 << " %\n"
                      << "  host int8 accuracy " << r.hostInt8Accuracy * 100 << " %\n"
                      << "  device == host     " << r.deviceMatchesHost * 100 << " % of windows\n"
                      << std::setprecision(0) << "  cycles/inference   " << r.cyclesPerInference << " (min "
                      << r.minCycles << ", max " << r.maxCycles << ")"
                      << (profile->timingNote.empty() ? "" : "  [" + profile->timingNote + "]") << "\n";
            for (const auto& m : r.mismatches)
                std::cout << "  MISMATCH sample " << m.sampleId << " window " << m.window << ": host "
                          << r.labels[static_cast<size_t>(m.host)] << ", device "
                          << r.labels[static_cast<size_t>(m.device)] << "\n";
            printMatrix("device", r.labels, r.confusionDevice);
            printMatrix("host int8", r.labels, r.confusionHost);
        }
        if (!r.mismatches.empty())
            throw CliError("the board disagrees with the host on " + std::to_string(r.mismatches.size()) +
                               " window(s): a firmware/kernel bug, please report it with the windows above",
                           kExitFailure);
    });
}

const CommandRegistration reg{"evaluate", &installEvaluate};

}  // namespace
}  // namespace mote::cli

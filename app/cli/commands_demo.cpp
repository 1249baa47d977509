// mote demo [--board qemu-mps2-an386|host-sim] [--project DIR] [--epochs N]
//           [--seconds-per-label S] [--live-seconds S] [--eval-windows N] [--json]
// The whole loop headless: boot the board, collect a labelled motion dataset
// from its simulated IMU, train (external trainer), quantize, deploy, watch
// live inference, evaluate on the device. Progress goes to stderr; stdout
// gets the summary (one JSON object with --json).
#include <csignal>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "install_paths.h"
#include "workflow/demo_pipeline.h"

namespace mote::cli {
namespace {

std::atomic<bool> g_demoCancel{false};
void onDemoInterrupt(int) { g_demoCancel = true; }

struct DemoArgs {
    std::string board = "qemu-mps2-an386";
    std::string project;
    int epochs = 40;
    double secondsPerLabel = 24;
    double liveSeconds = 12;
    size_t evalWindows = 0;
};

std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
    return buf;
}

void printSummary(const workflow::DemoSummary& s) {
    std::printf("Mote demo on %s%s\n", s.board.c_str(), s.emulated ? " (emulated: cycle counts come from QEMU -icount)" : "");
    std::printf("  project            %s (%lld samples, run %lld, model %lld)\n", s.projectDir.c_str(),
                static_cast<long long>(s.samples), static_cast<long long>(s.runId), static_cast<long long>(s.modelId));
    std::printf("  accuracy           float %s · int8 %s (%s split) · on device %s\n", pct(s.floatAccuracy).c_str(),
                pct(s.int8Accuracy).c_str(), s.evaluatedOn.c_str(), pct(s.deviceAccuracy).c_str());
    std::printf("  device == host     %s of %zu windows\n", pct(s.deviceMatchesHost).c_str(), s.evalWindows);
    std::printf("  firmware           %llu B RAM, %llu B flash (model: %llu B arena, %llu B weights)\n",
                static_cast<unsigned long long>(s.ramBytes), static_cast<unsigned long long>(s.flashBytes),
                static_cast<unsigned long long>(s.modelRamBytes), static_cast<unsigned long long>(s.modelFlashBytes));
    std::printf("  inference          %.0f cycles per model invocation; %zu live results\n", s.cyclesPerInference,
                s.liveResults);
    std::printf("  time               %.0f s (", s.seconds);
    for (size_t i = 0; i < s.stageSeconds.size(); ++i)
        std::printf("%s%s %.0f s", i ? ", " : "", s.stageSeconds[i].first.c_str(), s.stageSeconds[i].second);
    std::printf(")\n");
}

void runDemoCommand(CliContext& context, const DemoArgs& a) {
    auto profile = firmware::findBoardProfile(firmware::defaultBoardsDir(), a.board);
    if (!profile)
        throw CliError(profile.message() + "; see `mote board list`", kExitBadInput);
    workflow::DemoOptions o;
    o.board = *profile;
    o.stockImage = app::stockBoardImage(*profile);
    o.resourcesDir = app::resourcesDir();
    o.projectDir = a.project.empty() ? std::filesystem::current_path() / "mote-demo" : std::filesystem::path(a.project);
    o.epochs = a.epochs;
    o.secondsPerLabel = a.secondsPerLabel;
    o.liveSeconds = a.liveSeconds;
    o.maxEvalWindows = a.evalWindows;
    std::cerr << "mote demo: project " << o.projectDir.string() << ", board " << o.board.name << "\n";

    struct sigaction action {}, previous{};
    action.sa_handler = onDemoInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous);
    auto summary = workflow::runDemo(
        o, [](const std::string& line) { std::cerr << "  " << line << "\n"; },
        [](const std::string& stage) {
            if (stage != "done")
                std::cerr << "== " << stage << "\n";
        },
        &g_demoCancel);
    sigaction(SIGINT, &previous, nullptr);
    if (!summary)
        throw CliError("demo failed at " + summary.message() + " (the project keeps what was done: " +
                           o.projectDir.string() + ")",
                       g_demoCancel ? kExitCancelled : kExitFailure);
    if (context.json)
        std::cout << workflow::demoSummaryToJson(*summary).dump() << std::endl;
    else
        printSummary(*summary);
}

void installDemo(CLI::App& root, CliContext& context) {
    static DemoArgs a;
    auto* cmd = root.add_subcommand("demo", "The whole loop on an emulated board: collect, train, quantize, deploy, "
                                            "live inference, on-device evaluation");
    cmd->add_option("--board", a.board, "Emulated or simulated board (default qemu-mps2-an386; or host-sim)");
    cmd->add_option("--project", a.project, "Project folder to create or reuse (default ./mote-demo)");
    cmd->add_option("--epochs", a.epochs, "Training epochs (default 40)")->check(CLI::Range(1, 10000));
    cmd->add_option("--seconds-per-label", a.secondsPerLabel, "Seconds recorded per motion pattern (default 24)")
        ->check(CLI::Range(2.0, 3600.0));
    cmd->add_option("--live-seconds", a.liveSeconds, "Seconds of live inference (default 12)")->check(CLI::Range(1.0, 600.0));
    cmd->add_option("--eval-windows", a.evalWindows, "Evaluate at most N test windows on the board (default all)");
    cmd->add_flag("--json", context.json, "One JSON object with the summary");
    cmd->callback([&context] { runDemoCommand(context, a); });
}

const CommandRegistration registration{"demo", &installDemo};

}  // namespace
}  // namespace mote::cli

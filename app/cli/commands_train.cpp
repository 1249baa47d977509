// mote train: train the project's impulse with the external trainer, check
// the weights with the studio's own forward pass, and record the run.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "install_paths.h"
#include "project_option.h"
#include "train/dataset_features.h"
#include "train/project_training.h"

namespace mote::cli {
namespace {

struct TrainOptions {
    std::optional<int> epochs, batchSize;
    std::optional<double> learningRate, timeLimitS;
    std::optional<uint64_t> seed;
};

train::TrainingRunner* g_runner = nullptr;

// Internal linkage: other commands have their own SIGINT handlers.
void onTrainInterrupt(int) {
    if (g_runner) g_runner->cancel();  // async-signal-safe: atomic flag + write()
}

std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
    return buf;
}

void printConfusion(const nn::ClassificationMetrics& m, const std::vector<std::string>& classes) {
    size_t width = 8;
    for (const auto& c : classes) width = std::max(width, c.size() + 1);
    std::printf("  confusion (rows: true, columns: predicted)\n  %*s", static_cast<int>(width), "");
    for (const auto& c : classes) std::printf(" %*s", static_cast<int>(width), c.c_str());
    std::printf("\n");
    for (size_t t = 0; t < classes.size(); ++t) {
        std::printf("  %*s", static_cast<int>(width), classes[t].c_str());
        for (size_t p = 0; p < classes.size(); ++p) std::printf(" %*lld", static_cast<int>(width), static_cast<long long>(m.confusion[t][p]));
        std::printf("\n");
    }
    std::printf("  %*s %9s %9s %9s %8s\n", static_cast<int>(width), "class", "precision", "recall", "f1", "support");
    for (size_t c = 0; c < classes.size(); ++c)
        std::printf("  %*s %9.3f %9.3f %9.3f %8lld\n", static_cast<int>(width), classes[c].c_str(),
                    m.perClass[c].precision, m.perClass[c].recall, m.perClass[c].f1,
                    static_cast<long long>(m.perClass[c].support));
}

void runTrain(CliContext& context, const TrainOptions& o) {
    auto project = openProjectOrThrow(context);
    if (auto r = train::recoverInterruptedRuns(project); !r) throw CliError(r.message());
    auto current = train::currentImpulse(project);
    if (!current) throw CliError(current.message());
    impulse::TrainingSettings settings = current->config.training;
    if (o.epochs) settings.epochs = *o.epochs;
    if (o.batchSize) settings.batchSize = *o.batchSize;
    if (o.learningRate) settings.learningRate = *o.learningRate;
    if (o.seed) settings.seed = *o.seed;

    auto options = train::trainerOptionsFor(project, app::resourcesDir());
    if (!options) throw CliError(options.message(), kExitBadInput);
    if (o.timeLimitS) options->timeLimit = std::chrono::milliseconds(static_cast<int64_t>(*o.timeLimitS * 1000));

    train::TrainingRunner runner;
    train::TrainingCallbacks callbacks;
    callbacks.onEpoch = [](const train::EpochReport& e) {
        std::fprintf(stderr, "epoch %d/%d  loss %.4f  accuracy %s", e.epoch, e.epochs, e.loss, pct(e.accuracy).c_str());
        if (e.valLoss) std::fprintf(stderr, "  val_loss %.4f", *e.valLoss);
        if (e.valAccuracy) std::fprintf(stderr, "  val_accuracy %s", pct(*e.valAccuracy).c_str());
        std::fprintf(stderr, "\n");
    };
    callbacks.onEvent = [](const nlohmann::json& e) {
        if (e["event"] == "start")
            std::fprintf(stderr, "trainer started: %s training / %s validation windows\n",
                         e.value("train_windows", nlohmann::json()).dump().c_str(),
                         e.value("val_windows", nlohmann::json()).dump().c_str());
    };

    g_runner = &runner;
    struct sigaction action {}, previous{};
    action.sa_handler = onTrainInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous);
    auto result = train::trainProject(project, current->config, &train::computeDatasetFeatures, runner, *options,
                                      callbacks, &settings);
    sigaction(SIGINT, &previous, nullptr);
    g_runner = nullptr;
    if (!result) throw CliError(result.message());

    const auto& out = result->outcome;
    nlohmann::json j = {{"run_id", result->runId},
                        {"status", train::runStatusName(out.status)},
                        {"dataset_version", result->datasetVersion},
                        {"impulse_config_id", result->impulseConfigId},
                        {"epochs", out.epochs},
                        {"train_accuracy", out.trainAccuracy},
                        {"val_accuracy", out.valAccuracy},
                        {"classes", result->classes},
                        {"job_dir", result->jobDir.string()}};
    if (out.ok()) {
        j["core_val_accuracy"] = out.coreValAccuracy;
        j["core_agreement"] = out.coreAgreement;
        j["model_id"] = *result->modelId;
        j["core"] = nn::metricsToJson(out.coreMetrics, result->classes);
    } else {
        j["error"] = out.error;
    }
    if (context.json) {
        std::cout << j.dump() << std::endl;
    } else if (out.ok()) {
        std::printf("run %lld succeeded: %d epochs, train accuracy %s, validation accuracy %s (trainer) / %s (studio), "
                    "agreement %s\n",
                    static_cast<long long>(result->runId), out.epochs, pct(out.trainAccuracy).c_str(),
                    pct(out.valAccuracy).c_str(), pct(out.coreValAccuracy).c_str(), pct(out.coreAgreement).c_str());
        printConfusion(out.coreMetrics, result->classes);
    }
    if (out.status == train::RunStatus::Cancelled)
        throw CliError("run " + std::to_string(result->runId) + " cancelled", kExitCancelled);
    if (!out.ok())
        throw CliError("run " + std::to_string(result->runId) + " failed: " + out.error +
                           " (see `mote runs show " + std::to_string(result->runId) + " --log`)",
                       kExitFailure);
}

void installTrain(CLI::App& root, CliContext& context) {
    static TrainOptions o;
    auto* cmd = root.add_subcommand("train", "Train the impulse with the external trainer and record the run");
    addProjectOption(cmd, context);
    addJsonFlag(cmd, context);
    cmd->add_option("--epochs", o.epochs, "Epochs for this run (default: the impulse's)");
    cmd->add_option("--learning-rate", o.learningRate, "Learning rate for this run");
    cmd->add_option("--batch-size", o.batchSize, "Batch size for this run");
    cmd->add_option("--seed", o.seed, "Random seed for this run");
    cmd->add_option("--time-limit", o.timeLimitS, "Stop the trainer after this many seconds");
    cmd->callback([&context] { runTrain(context, o); });
}

const CommandRegistration reg{"train", &installTrain};

}  // namespace
}  // namespace mote::cli

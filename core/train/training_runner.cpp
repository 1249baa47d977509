#include "train/training_runner.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "nn/graph/npy.h"
#include "train/python_finder.h"

namespace mote::train {
namespace {

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
    return s;
}

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0);
    return buf;
}

std::optional<double> optionalNumber(const nlohmann::json& j, const char* key) {
    if (j.contains(key) && j[key].is_number()) return j[key].get<double>();
    return std::nullopt;
}

std::string shorten(const std::string& s, size_t max = 120) {
    return s.size() <= max ? s : s.substr(0, max) + "...";
}

}  // namespace

const char* runStatusName(RunStatus status) {
    switch (status) {
        case RunStatus::Succeeded: return "succeeded";
        case RunStatus::Failed: return "failed";
        case RunStatus::Cancelled: return "cancelled";
        case RunStatus::TimedOut: return "timed_out";
    }
    return "failed";
}

nlohmann::json TrainingOutcome::metricsJson(const std::vector<std::string>& classes) const {
    nlohmann::json history_ = nlohmann::json::array();
    for (const auto& e : history) {
        history_.push_back({{"epoch", e.epoch},
                            {"loss", e.loss},
                            {"accuracy", e.accuracy},
                            {"val_loss", e.valLoss ? nlohmann::json(*e.valLoss) : nlohmann::json()},
                            {"val_accuracy", e.valAccuracy ? nlohmann::json(*e.valAccuracy) : nlohmann::json()}});
    }
    nlohmann::json j = {{"status", runStatusName(status)},
                        {"error", error},
                        {"epochs", epochs},
                        {"train_accuracy", trainAccuracy},
                        {"train_loss", trainLoss},
                        {"val_accuracy", valAccuracy},
                        {"val_loss", valLoss},
                        {"history", history_},
                        {"classes", classes},
                        {"elapsed_ms", elapsed.count()},
                        {"trainer_argv", argv}};
    if (status == RunStatus::Succeeded) {
        j["core_val_accuracy"] = coreValAccuracy;
        j["core_agreement"] = coreAgreement;
        j["core"] = nn::metricsToJson(coreMetrics, classes);
    }
    return j;
}

Result<std::vector<std::string>> buildTrainerArgv(const TrainerOptions& options, const std::filesystem::path& jobDir) {
    std::vector<std::string> argv = options.command;
    if (argv.empty()) argv = {"{python}", "{resources}/trainers/torch_trainer.py", "{job}"};
    bool needsPython = false;
    for (const auto& a : argv) needsPython |= a.find("{python}") != std::string::npos;
    std::string python;
    if (needsPython) {
        auto found = findTorchPython(options.python);
        if (!found) return found.error();
        python = *found;
    }
    for (auto& a : argv) {
        a = replaceAll(a, "{job}", jobDir.string());
        a = replaceAll(a, "{resources}", options.resourcesDir.string());
        a = replaceAll(a, "{python}", python);
    }
    return argv;
}

Status verifyTrainerOutputs(const TrainingJob& job, const std::filesystem::path& jobDir, TrainingOutcome& outcome,
                            const TrainerOptions& options) {
    auto graph = nn::Graph::build(job.model);
    if (!graph) return graph.error();
    if (auto s = graph->loadWeights(jobDir / "weights"); !s) return s;

    const auto predPath = jobDir / "val_predictions.npy";
    if (!std::filesystem::exists(predPath))
        return makeError("trainer output is missing " + predPath.string() + " (validation class probabilities)");
    auto preds = nn::readNpy(predPath);
    if (!preds) return preds.error();
    const int64_t nVal = static_cast<int64_t>(job.validation.windows());
    const int64_t nClasses = static_cast<int64_t>(job.classes.size());
    if (preds->shape != std::vector<int64_t>{nVal, nClasses})
        return makeError(predPath.string() + " has shape " + preds->shapeString() + ", expected (" +
                         std::to_string(nVal) + ", " + std::to_string(nClasses) + ")");
    const auto probs = preds->toFloat32();

    outcome.trainerPredictions.clear();
    outcome.corePredictions.clear();
    const size_t windowSize = graph->inputSize();
    for (int64_t w = 0; w < nVal; ++w) {
        outcome.trainerPredictions.push_back(
            nn::argmax(std::span<const float>(probs.data() + w * nClasses, static_cast<size_t>(nClasses))));
        auto out = graph->forward(
            std::span<const float>(job.validation.values.data() + static_cast<size_t>(w) * windowSize, windowSize));
        if (!out) return out.error();
        outcome.corePredictions.push_back(nn::argmax(*out));
    }
    std::vector<int64_t> truth(job.validation.labels.begin(), job.validation.labels.end());
    outcome.coreMetrics = nn::computeMetrics(truth, outcome.corePredictions, static_cast<int>(nClasses));
    outcome.coreValAccuracy = outcome.coreMetrics.accuracy;
    outcome.coreAgreement = nn::agreement(outcome.corePredictions, outcome.trainerPredictions);
    outcome.graph = std::move(*graph);

    const double gap = std::fabs(outcome.coreValAccuracy - outcome.valAccuracy);
    if (outcome.coreAgreement < options.minAgreement || gap > options.maxAccuracyGap)
        return makeError("the studio's forward pass disagrees with the trainer (agreement " +
                         percent(outcome.coreAgreement) + ", validation accuracy " + percent(outcome.coreValAccuracy) +
                         " vs the trainer's " + percent(outcome.valAccuracy) +
                         "): the weights do not follow the layout in docs/trainer-contract.md");
    return {};
}

TrainingOutcome TrainingRunner::run(const TrainingJob& job, const std::filesystem::path& jobDir,
                                    const TrainerOptions& options, const TrainingCallbacks& callbacks) {
    TrainingOutcome outcome;
    auto fail = [&](const std::string& message) {
        outcome.status = RunStatus::Failed;
        outcome.error = message;
        return outcome;
    };
    if (auto s = writeJobFolder(job, jobDir); !s) return fail(s.message());
    auto argv = buildTrainerArgv(options, jobDir);
    if (!argv) return fail(argv.message());
    outcome.argv = *argv;

    bool sawDone = false;
    std::string errorEvent;
    int garbageLines = 0;
    std::string firstGarbage;
    auto onStdout = [&](const std::string& line) {
        if (line.find_first_not_of(" \t") == std::string::npos) return;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("event") || !j["event"].is_string()) {
            if (garbageLines++ == 0) firstGarbage = line;
            return;  // kept in the log; only fatal if the trainer never reports "done"
        }
        const std::string event = j["event"].get<std::string>();
        if (event == "epoch") {
            EpochReport e;
            e.epoch = j.value("epoch", 0);
            e.epochs = j.value("epochs", 0);
            e.loss = optionalNumber(j, "loss").value_or(0);
            e.accuracy = optionalNumber(j, "accuracy").value_or(0);
            e.valLoss = optionalNumber(j, "val_loss");
            e.valAccuracy = optionalNumber(j, "val_accuracy");
            outcome.history.push_back(e);
            if (callbacks.onEpoch) callbacks.onEpoch(e);
        } else if (event == "done") {
            sawDone = true;
            outcome.trainerSummary = j;
        } else if (event == "error") {
            errorEvent = j.value("message", std::string("(no message)"));
        }
        if (callbacks.onEvent) callbacks.onEvent(j);
    };
    std::string lastStderr;
    auto onStderr = [&](const std::string& line) {
        if (!line.empty()) lastStderr = line;
        if (callbacks.onStderrLine) callbacks.onStderrLine(line);
    };

    ProcessOptions p;
    p.argv = *argv;
    p.workingDirectory = jobDir;
    p.timeLimit = options.timeLimit;
    p.killGrace = options.killGrace;
    auto result = m_process.run(p, onStdout, onStderr);
    if (!result) return fail("cannot start the trainer: " + result.message());
    outcome.log = result->log;
    outcome.elapsed = result->elapsed;
    {
        std::ofstream(jobDir / "trainer.log") << outcome.log;
    }

    if (result->cancelled) {
        outcome.status = RunStatus::Cancelled;
        outcome.error = "training was cancelled";
        return outcome;
    }
    if (result->timedOut) {
        outcome.status = RunStatus::TimedOut;
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(options.timeLimit.count()) / 1000.0);
        outcome.error = std::string("the trainer was stopped: time limit of ") + seconds +
                        " s passed (raise it with --time-limit, or lower the epochs)";
        return outcome;
    }
    if (!result->succeeded()) {
        std::string why = !errorEvent.empty() ? errorEvent : lastStderr;
        return fail("the trainer " + result->describe() + (why.empty() ? "" : ": " + shorten(why, 300)) +
                    " (full output in the run's log)");
    }
    if (!sawDone) {
        std::string msg = "the trainer exited without reporting {\"event\":\"done\"}";
        if (garbageLines)
            msg += "; " + std::to_string(garbageLines) + " stdout line(s) were not JSON events, first: '" +
                   shorten(firstGarbage) + "'";
        return fail(msg + " (see docs/trainer-contract.md)");
    }
    const auto& d = outcome.trainerSummary;
    outcome.epochs = d.value("epochs", static_cast<int>(outcome.history.size()));
    outcome.trainAccuracy = optionalNumber(d, "train_accuracy").value_or(0);
    outcome.trainLoss = optionalNumber(d, "train_loss").value_or(0);
    auto valAcc = optionalNumber(d, "val_accuracy");
    if (!valAcc) return fail("the trainer's done event has no numeric val_accuracy (see docs/trainer-contract.md)");
    outcome.valAccuracy = *valAcc;
    outcome.valLoss = optionalNumber(d, "val_loss").value_or(0);

    if (auto s = verifyTrainerOutputs(job, jobDir, outcome, options); !s) return fail(s.message());
    outcome.status = RunStatus::Succeeded;
    return outcome;
}

}  // namespace mote::train

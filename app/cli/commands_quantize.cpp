// mote quantize: turn a trained run into an int8 .tflite with its report
// (accuracy float vs int8, per-layer error, sizes, latency estimates).
// mote models list: the models recorded in the project.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "project_option.h"
#include "text_table.h"
#include "train/project_quantization.h"

namespace mote::cli {
namespace {

struct QuantizeCliOptions {
    std::optional<int64_t> runId;
    int calibration = 200;
    double percentile = 100.0;
    bool floatIo = false;
    std::string output;
};

std::atomic<bool> g_quantizeCancel{false};

// Internal linkage: other commands have their own SIGINT handlers.
void onQuantizeInterrupt(int) { g_quantizeCancel.store(true); }  // lock-free atomic: async-signal-safe

std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
    return buf;
}

void printMatrix(const char* title, const nn::ClassificationMetrics& m, const std::vector<std::string>& labels) {
    int width = 7;
    for (const auto& l : labels) width = std::max(width, static_cast<int>(l.size()) + 1);
    std::printf("%s (rows: true, columns: predicted)\n  %*s", title, width, "");
    for (const auto& l : labels) std::printf(" %*s", width, l.c_str());
    std::printf("\n");
    for (size_t t = 0; t < m.confusion.size() && t < labels.size(); ++t) {
        std::printf("  %*s", width, labels[t].c_str());
        for (int64_t v : m.confusion[t]) std::printf(" %*lld", width, static_cast<long long>(v));
        std::printf("\n");
    }
}

void printReport(const train::QuantizationReport& r) {
    std::printf("quantized run %lld -> %s (model %lld, float model %lld: %s)\n", static_cast<long long>(r.runId),
                r.path.c_str(), static_cast<long long>(r.modelId), static_cast<long long>(r.floatModelId),
                r.floatPath.c_str());
    for (const auto& w : r.warnings) std::printf("note: %s\n", w.c_str());
    std::printf("accuracy on %s (%lld windows): float %s, int8 %s, drop %.2f pp\n", r.evaluatedOn.c_str(),
                static_cast<long long>(r.evaluatedWindows), pct(r.floatAccuracy).c_str(), pct(r.int8Accuracy).c_str(),
                r.accuracyDropPp);
    std::printf("calibration: %d training windows, %s\n", r.calibrationWindows,
                r.percentile >= 100.0 ? "min/max" : ("percentile " + std::to_string(r.percentile)).c_str());
    std::printf("input: %s; q = clamp(round(x / %.9g) + %d, -128, 127)\n",
                r.floatIo ? "float32 (the model quantizes it)" : "int8", static_cast<double>(r.inputScale),
                r.inputZeroPoint);
    std::printf("sizes: flash %zu B (float model %zu B), weights %zu B, arena %zu B (lower bound %zu B), %lld MACs\n",
                r.flashBytes, r.floatFlashBytes, r.weightsBytes, r.arenaBytes, r.arenaLowerBoundBytes,
                static_cast<long long>(r.macs));
    std::printf("worst layers (quantization error vs float on the calibration windows):\n");
    std::printf("  %4s  %-18s %-28s %11s %5s %10s %10s %8s\n", "op", "type", "tensor", "scale", "zp", "rmse",
                "max|err|", "SNR dB");
    for (const auto& l : train::worstLayers(r, 5))
        std::printf("  %4d  %-18s %-28.28s %11.4g %5d %10.4g %10.4g %8.1f\n", l.opIndex, l.op.c_str(), l.tensor.c_str(),
                    static_cast<double>(l.scale), l.zeroPoint, l.rmse, l.maxAbsError, l.snrDb);
    std::printf("latency (ESTIMATES, not measurements):\n");
    for (const auto& e : r.latency) {
        if (e.applicable)
            std::printf("  %-18s %-11s ~%.3f ms  (%s)\n", e.board.c_str(), e.core.c_str(), e.estimatedMs, e.note.c_str());
        else
            std::printf("  %-18s %-11s n/a       (%s)\n", e.board.c_str(), e.core.c_str(), e.note.c_str());
    }
    printMatrix("confusion, float", r.floatMetrics, r.labels);
    printMatrix("confusion, int8", r.int8Metrics, r.labels);
}

void runQuantize(CliContext& context, const QuantizeCliOptions& o) {
    auto project = openProjectOrThrow(context);
    train::QuantizeRunOptions options;
    options.runId = o.runId;
    options.calibrationWindows = o.calibration;
    options.percentile = o.percentile;
    options.floatIo = o.floatIo;
    if (!o.output.empty()) options.outputPath = o.output;

    // A live counter on a terminal; one line per stage otherwise (logs, pipes).
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    std::string lastStage;
    size_t lastPercent = 101;
    auto progress = [&](const std::string& stage, size_t done, size_t total) {
        if (stage != lastStage) {
            if (!lastStage.empty() && tty) std::fprintf(stderr, "\n");
            lastStage = stage;
            lastPercent = 101;
            if (!tty) std::fprintf(stderr, "%s...\n", stage.c_str());
        }
        if (!tty || total == 0) return;
        const size_t percent = done * 100 / total;
        if (percent == lastPercent) return;
        lastPercent = percent;
        std::fprintf(stderr, "\r%s %zu/%zu", stage.c_str(), done, total);
    };

    g_quantizeCancel = false;
    struct sigaction action {}, previous{};
    action.sa_handler = onQuantizeInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous);
    auto report = train::quantizeRun(project, options, progress, &g_quantizeCancel);
    sigaction(SIGINT, &previous, nullptr);
    if (!lastStage.empty() && tty) std::fprintf(stderr, "\n");
    if (!report) {
        const std::string& m = report.message();
        if (m == "quantization cancelled") throw CliError(m, kExitCancelled);
        const bool userInput = m.rfind("no trained run", 0) == 0 || m.find("does not exist") != std::string::npos ||
                               m.find("only a succeeded run") != std::string::npos || m.rfind("--", 0) == 0;
        throw CliError(m, userInput ? kExitBadInput : kExitFailure);
    }
    if (context.json) std::cout << train::reportToJson(*report).dump() << std::endl;
    else printReport(*report);
}

// The accuracy a model row's metrics hold, whatever its kind.
std::optional<double> rowAccuracy(const std::string& metricsJson) {
    auto j = nlohmann::json::parse(metricsJson, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    for (const char* key : {"int8_accuracy", "accuracy", "val_accuracy"})
        if (j.contains(key) && j[key].is_number()) return j[key].get<double>();
    return std::nullopt;
}

void runModelsList(CliContext& context) {
    auto project = openProjectOrThrow(context);
    auto models = project.store().models();
    if (!models) throw CliError(models.message());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : *models) {
        const auto acc = rowAccuracy(m.metricsJson);
        list.push_back({{"id", m.id},
                        {"kind", m.kind},
                        {"run_id", m.trainingRunId},
                        {"parent_model_id", m.parentModelId ? nlohmann::json(*m.parentModelId) : nlohmann::json()},
                        {"path", m.path},
                        {"sha256", m.sha256},
                        {"accuracy", acc ? nlohmann::json(*acc) : nlohmann::json()},
                        {"created_ms", m.createdMs}});
    }
    if (context.json) {
        std::cout << list.dump() << std::endl;
        return;
    }
    if (list.empty()) {
        std::printf("no models yet: run `mote train`, then `mote quantize`\n");
        return;
    }
    using Align = TextTable::Align;
    TextTable table({{"id", Align::Right},
                     {"kind"},
                     {"run", Align::Right},
                     {"parent", Align::Right},
                     {"accuracy", Align::Right},
                     {"path"}});
    for (const auto& m : list)
        table.addRow({std::to_string(m["id"].get<long long>()), m["kind"].get<std::string>(),
                      std::to_string(m["run_id"].get<long long>()),
                      m["parent_model_id"].is_null() ? "-" : std::to_string(m["parent_model_id"].get<long long>()),
                      m["accuracy"].is_null() ? "-" : pct(m["accuracy"].get<double>()), m["path"].get<std::string>()});
    table.print(std::cout);
}

void installQuantize(CLI::App& root, CliContext& context) {
    static QuantizeCliOptions o;
    auto* cmd = root.add_subcommand("quantize", "Quantize a trained run to int8 and report accuracy, error, size, latency");
    addProjectOption(cmd, context);
    addJsonFlag(cmd, context);
    cmd->add_option("--run", o.runId, "Run id (default: the latest succeeded run)");
    cmd->add_option("--calibration", o.calibration, "Calibration windows from the training split (default 200)");
    cmd->add_option("--percentile", o.percentile, "Activation range percentile, 100 = min/max (default 100)");
    cmd->add_flag("--float-io", o.floatIo, "Float32 input/output around the int8 graph");
    cmd->add_option("--output,-o", o.output, "int8 .tflite path (default artifacts/models/run-<id>-int8.tflite)");
    cmd->callback([&context] { runQuantize(context, o); });
}

void installModels(CLI::App& root, CliContext& context) {
    auto* models = root.add_subcommand("models", "Models recorded in the project");
    models->require_subcommand(1);
    auto* list = models->add_subcommand("list", "Models with kind, run, parent and accuracy");
    addProjectOption(list, context);
    addJsonFlag(list, context);
    list->callback([&context] { runModelsList(context); });
}

const CommandRegistration reg{"quantize", &installQuantize};
const CommandRegistration regModels{"models", &installModels};

}  // namespace
}  // namespace mote::cli

// mote runs list|show: training runs recorded in the project.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "project_option.h"
#include "text_table.h"
#include "train/project_training.h"

namespace mote::cli {
namespace {

nlohmann::json metricsOf(const dataset::TrainingRunRow& r) {
    auto m = nlohmann::json::parse(r.metricsJson, nullptr, false);
    return m.is_discarded() ? nlohmann::json::object() : m;
}

nlohmann::json runJson(const dataset::TrainingRunRow& r, bool withLog) {
    auto m = metricsOf(r);
    if (!withLog) m.erase("log");
    auto settings = nlohmann::json::parse(r.settingsJson, nullptr, false);
    return {{"run_id", r.id},
            {"impulse_config_id", r.impulseConfigId},
            {"dataset_version", r.datasetVersion},
            {"status", r.status},
            {"started_ms", r.startedMs},
            {"finished_ms", r.finishedMs ? nlohmann::json(*r.finishedMs) : nlohmann::json()},
            {"artifacts_path", r.artifactsPath},
            {"settings", settings.is_discarded() ? nlohmann::json() : settings},
            {"metrics", m}};
}

std::string pct(const nlohmann::json& v) {
    if (!v.is_number()) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v.get<double>() * 100);
    return buf;
}

void list(CliContext& context) {
    auto project = openProjectOrThrow(context);
    (void)train::recoverInterruptedRuns(project);  // best effort: a listing must still work read-only
    auto runs = project.store().trainingRuns();
    if (!runs) throw CliError(runs.message());
    if (context.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : *runs) out.push_back(runJson(r, false));
        std::cout << out.dump() << "\n";
        return;
    }
    if (runs->empty()) {
        std::cout << "no training runs yet: run `mote train`\n";
        return;
    }
    using Align = TextTable::Align;
    TextTable table({{"run", Align::Right},
                     {"status"},
                     {"started (UTC)"},
                     {"dataset"},
                     {"epochs", Align::Right},
                     {"val acc", Align::Right},
                     {"core acc", Align::Right},
                     {"agree", Align::Right}});
    for (const auto& r : *runs) {
        auto m = metricsOf(r);
        table.addRow({std::to_string(r.id), r.status, utcTimeString(r.startedMs), r.datasetVersion.substr(0, 12),
                      m.contains("epochs") ? m["epochs"].dump() : "-", pct(m.value("val_accuracy", nlohmann::json())),
                      pct(m.value("core_val_accuracy", nlohmann::json())),
                      pct(m.value("core_agreement", nlohmann::json()))});
    }
    table.print(std::cout);
}

void show(CliContext& context, int64_t id, bool withLog) {
    auto project = openProjectOrThrow(context);
    (void)train::recoverInterruptedRuns(project);
    auto run = project.store().trainingRun(id);
    if (!run) throw CliError(run.message() + " (list runs with `mote runs list`)", kExitBadInput);
    if (context.json) {
        std::cout << runJson(*run, withLog).dump() << "\n";
        return;
    }
    auto m = metricsOf(*run);
    std::printf("run %lld: %s\n", static_cast<long long>(run->id), run->status.c_str());
    std::printf("  started:   %s UTC\n", utcTimeString(run->startedMs).c_str());
    std::printf("  impulse:   config #%lld\n", static_cast<long long>(run->impulseConfigId));
    std::printf("  dataset:   %s\n", run->datasetVersion.c_str());
    std::printf("  artifacts: %s\n", run->artifactsPath.c_str());
    if (m.contains("error") && m["error"].is_string() && !m["error"].get<std::string>().empty())
        std::printf("  error:     %s\n", m["error"].get<std::string>().c_str());
    std::printf("  epochs %s, train accuracy %s, validation accuracy %s (trainer), %s (studio), agreement %s\n",
                m.contains("epochs") ? m["epochs"].dump().c_str() : "-", pct(m.value("train_accuracy", nlohmann::json())).c_str(),
                pct(m.value("val_accuracy", nlohmann::json())).c_str(),
                pct(m.value("core_val_accuracy", nlohmann::json())).c_str(),
                pct(m.value("core_agreement", nlohmann::json())).c_str());
    if (m.contains("core") && m["core"].contains("per_class")) {
        using Align = TextTable::Align;
        TextTable table({{"  class"},
                         {"precision", Align::Right},
                         {"recall", Align::Right},
                         {"f1", Align::Right},
                         {"support", Align::Right}});
        for (const auto& c : m["core"]["per_class"])
            table.addRow({"  " + c["class"].get<std::string>(), fixed(c["precision"].get<double>(), 3),
                          fixed(c["recall"].get<double>(), 3), fixed(c["f1"].get<double>(), 3),
                          std::to_string(c["support"].get<long long>())});
        table.print(std::cout);
        std::printf("  confusion (rows true, columns predicted): %s\n", m["core"]["confusion"].dump().c_str());
    }
    if (withLog) std::cout << "---- trainer log ----\n" << m.value("log", std::string()) << "\n";
}

void installRuns(CLI::App& root, CliContext& context) {
    auto* runs = root.add_subcommand("runs", "List and inspect training runs");
    runs->require_subcommand(1);
    auto* listCmd = runs->add_subcommand("list", "List training runs");
    addProjectOption(listCmd, context);
    addJsonFlag(listCmd, context);
    listCmd->callback([&context] { list(context); });

    static int64_t id = 0;
    static bool withLog = false;
    auto* showCmd = runs->add_subcommand("show", "Show one run: metrics, confusion matrix, per-class figures");
    addProjectOption(showCmd, context);
    addJsonFlag(showCmd, context);
    showCmd->add_option("run", id, "Run id")->required();
    showCmd->add_flag("--log", withLog, "Also print the trainer's stdout/stderr log");
    showCmd->callback([&context] { show(context, id, withLog); });
}

const CommandRegistration reg{"runs", &installRuns};

}  // namespace
}  // namespace mote::cli

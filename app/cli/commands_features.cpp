// mote features [--explore] [--json]: compute the features of the project's
// dataset for the current impulse (cached), optionally with the feature
// explorer (per-class statistics, PCA, nearest-centroid separability).
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "dsp/dsp_config_json.h"
#include "features/feature_explorer.h"
#include "features/feature_generator.h"
#include "features/feature_names.h"
#include "features/impulse_request.h"
#include "impulse/impulse_defaults.h"
#include "project/project.h"
#include "train/project_training.h"

namespace mote::cli {
namespace {

std::atomic<bool> g_cancel{false};
// C++ linkage on purpose: an extern "C" name would clash with other commands' handlers.
void onFeaturesInterrupt(int) { g_cancel = true; }

struct FeaturesOptions {
    bool explore = false;
    std::string dsp;
    int windowMs = 0;
    int strideMs = 0;
    std::string axes;
    unsigned threads = 0;
    bool noCache = false;
};

project::Project openProject(const CliContext& context) {
    const std::filesystem::path dir =
        context.projectOption.empty() ? std::filesystem::current_path() : std::filesystem::path(context.projectOption);
    if (!project::Project::isProject(dir))
        throw CliError("no Mote project in " + dir.string() +
                           ": pass --project DIR or run 'mote project create DIR'",
                       kExitNoProject);
    auto opened = project::Project::open(dir);
    if (!opened)
        throw CliError(opened.message(), kExitFailure);
    return std::move(*opened);
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

void runFeatures(const CliContext& context, const FeaturesOptions& o) {
    auto project = openProject(context);
    auto current = train::currentImpulse(project);
    if (!current)
        throw CliError(current.message(), kExitFailure);
    impulse::ImpulseConfig config = current->config;
    if (!o.dsp.empty()) {
        auto dspJson = impulse::dspJsonForBlock(o.dsp, config.input.sampleRateHz);
        if (!dspJson)
            throw CliError(dspJson.message() + " (use --dsp raw|spectral|mfe|mfcc)", kExitUsage);
        config.dsp = *dspJson;
    }
    if (o.windowMs > 0)
        config.window.sizeMs = o.windowMs;
    if (o.strideMs > 0)
        config.window.strideMs = o.strideMs;
    if (!o.axes.empty())
        config.input.axes = splitList(o.axes);
    auto request = features::requestFromImpulse(config);
    if (!request)
        throw CliError("the impulse's DSP settings are invalid: " + request.message() +
                           " (fix them with 'mote impulse set')",
                       kExitBadInput);

    features::GenerateOptions options;
    options.threads = o.threads;
    if (!o.noCache)
        options.cacheRoot = project.artifactsDir() / "features";
    options.cancel = &g_cancel;
    size_t lastTenth = 0;
    options.progress = [&](size_t done, size_t total) {
        const size_t tenth = total ? done * 10 / total : 10;
        if (tenth != lastTenth || done == total) {
            lastTenth = tenth;
            std::cerr << "features: " << done << "/" << total << " samples\n";
        }
    };

    g_cancel = false;
    auto previous = std::signal(SIGINT, onFeaturesInterrupt);
    const auto start = std::chrono::steady_clock::now();
    auto set = features::generateFeatures(project.databaseFile(), *request, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::signal(SIGINT, previous);
    if (!set) {
        if (g_cancel)
            throw CliError("feature generation cancelled (finished samples stay cached)", kExitCancelled);
        throw CliError(set.message(), kExitFailure);
    }

    std::map<int32_t, size_t> perClass;
    for (int32_t l : set->labels)
        ++perClass[l];
    std::optional<features::Exploration> exploration;
    if (o.explore) {
        auto e = features::explore(*set);
        if (!e)
            throw CliError(e.message(), kExitFailure);
        exploration = std::move(*e);
    }
    // Axis names for feature names: the impulse's, else the first sample's.
    std::vector<std::string> axisNames = request->window.axes;
    if (axisNames.empty() && !set->sampleIds.empty())
        if (auto meta = project.store().metadata(set->sampleIds.front()))
            axisNames = meta->axisNames;
    const uint32_t axes = static_cast<uint32_t>(std::max<size_t>(1, axisNames.size()));

    if (context.json) {
        nlohmann::json classes = nlohmann::json::array();
        for (size_t c = 0; c < set->classes.size(); ++c)
            classes.push_back({{"label", set->classes[c]}, {"windows", perClass[static_cast<int32_t>(c)]}});
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto& s : set->skipped)
            skipped.push_back({{"sample_id", s.sampleId}, {"reason", s.reason}});
        nlohmann::json out = {
            {"impulse_version", current->version},
            {"dsp", dsp::dspConfigToJson(request->dsp)},
            {"dsp_hash", dsp::dspConfigHash(request->dsp)},
            {"window", {{"window_ms", request->window.windowMs}, {"stride_ms", request->window.strideMs},
                        {"zero_pad", request->window.zeroPad}, {"axes", request->window.axes}}},
            {"samples", set->samplesUsed},
            {"windows", set->windows()},
            {"window_shape", {set->windowShape.rows, set->windowShape.cols}},
            {"feature_count", set->featureCount},
            {"classes", classes},
            {"cache_hits", set->cacheHits},
            {"computed", set->samplesComputed},
            {"skipped", skipped},
            {"seconds", seconds},
        };
        if (exploration) {
            out["explore"] = features::explorationToJson(*exploration, *set);
            for (auto& top : out["explore"]["top_features"])
                top["name"] = features::featureName(request->dsp, axisNames, axes, top["feature"].get<uint32_t>());
        }
        std::cout << out.dump() << "\n";
        return;
    }

    std::printf("impulse: %s (version %d), DSP %s, window %d ms, stride %d ms\n", config.name.c_str(),
                current->version, dsp::blockKindName(request->dsp.kind), request->window.windowMs,
                request->window.strideMs);
    std::printf("%zu samples -> %zu windows of %u x %u features (%zu from cache, %zu computed) in %.2f s\n",
                set->samplesUsed, set->windows(), set->windowShape.rows, set->windowShape.cols, set->cacheHits,
                set->samplesComputed, seconds);
    for (size_t c = 0; c < set->classes.size(); ++c)
        std::printf("  %-20s %zu windows\n", set->classes[c].c_str(), perClass[static_cast<int32_t>(c)]);
    for (const auto& s : set->skipped)
        std::printf("  skipped sample %lld: %s\n", static_cast<long long>(s.sampleId), s.reason.c_str());
    if (!exploration)
        return;
    const auto& e = *exploration;
    std::printf("\nseparability: nearest class centroid is right for %.1f%% of windows\n",
                100.0 * e.nearestCentroidAccuracy);
    std::printf("PCA: component 1 explains %.1f%%, component 2 %.1f%% of the variance\n",
                100.0 * e.pca.explainedRatio.at(0),
                e.pca.explainedRatio.size() > 1 ? 100.0 * e.pca.explainedRatio[1] : 0.0);
    std::printf("class centroids (PCA):\n");
    for (const auto& c : e.classes)
        std::printf("  %-20s (%7.2f, %7.2f)\n", c.label.c_str(), c.centroid.at(0),
                    c.centroid.size() > 1 ? c.centroid[1] : 0.0f);
    std::printf("most discriminative features (Fisher score):\n");
    for (size_t r = 0; r < std::min<size_t>(8, e.rankedFeatures.size()); ++r) {
        const size_t j = e.rankedFeatures[r];
        std::printf("  %-32s %8.2f   per class mean:", features::featureName(request->dsp, axisNames, axes,
                                                                               static_cast<uint32_t>(j)).c_str(),
                    e.fisherScore[j]);
        for (const auto& c : e.classes)
            std::printf(" %s=%.3g", c.label.c_str(), static_cast<double>(c.mean[j]));
        std::printf("\n");
    }
}

void installFeatures(CLI::App& root, CliContext& context) {
    static FeaturesOptions options;
    auto* cmd = root.add_subcommand(
        "features", "Compute the dataset's features for the current impulse (cached); --explore shows if classes separate");
    cmd->add_option("--project", context.projectOption, "Project folder (default: current directory)");
    cmd->add_flag("--json", context.json, "Print machine-readable JSON on stdout");
    cmd->add_flag("--explore", options.explore, "Per-class feature statistics, PCA projection and separability");
    cmd->add_option("--dsp", options.dsp, "Override the impulse's DSP block with its defaults: raw|spectral|mfe|mfcc")
        ->check(CLI::IsMember({"raw", "spectral", "mfe", "mfcc"}));
    cmd->add_option("--window-ms", options.windowMs, "Override the window length (ms)")->check(CLI::PositiveNumber);
    cmd->add_option("--stride-ms", options.strideMs, "Override the window stride (ms)")->check(CLI::PositiveNumber);
    cmd->add_option("--axes", options.axes, "Override the axes, comma separated (e.g. accX,accY,accZ)");
    cmd->add_option("--threads", options.threads, "Worker threads (default: all cores)");
    cmd->add_flag("--no-cache", options.noCache, "Recompute everything and do not touch the cache");
    cmd->callback([&context] { runFeatures(context, options); });
}

const CommandRegistration reg{"features", &installFeatures};

}  // namespace
}  // namespace mote::cli

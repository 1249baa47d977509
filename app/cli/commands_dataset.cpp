// mote dataset import|export|list|stats|split|relabel|delete
#include <atomic>
#include <csignal>
#include <cstdio>
#include <array>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "dataset/exporter.h"
#include "dataset/importer.h"
#include "project_option.h"
#include "text_table.h"

namespace mote::cli {
namespace {

using nlohmann::json;
namespace ds = mote::dataset;
namespace fs = std::filesystem;

std::atomic<bool> g_interrupted{false};
void onDatasetInterrupt(int) { g_interrupted = true; }  // SIGINT during import: stop between files

struct DatasetArgs {
    // import
    std::vector<std::string> paths;
    std::string label;
    std::string split = "auto";
    bool recursive = false;
    bool labelFromFolder = false;
    double rate = 0;
    std::string format;
    std::string device;
    // export
    std::string outDir;
    // list / filters
    std::string filterLabel;
    std::string filterSplit;
    std::string filterDevice;
    int64_t filterSession = 0;
    std::string search;
    int64_t offset = 0;
    int64_t limit = 50;
    // split
    double trainFraction = 0.8;
    uint64_t seed = 1;
    // relabel / delete
    std::vector<int64_t> ids;
    std::string to;
};

std::optional<ds::Split> parseSplit(const std::string& name, bool allowAuto) {
    if (name.empty() || (allowAuto && name == "auto"))
        return std::nullopt;
    auto split = ds::splitFromName(name);
    if (!split)
        throw CliError("unknown split '" + name + "': use train or test" + (allowAuto ? " or auto" : ""), kExitUsage);
    return split;
}

ds::SampleFilter filterFrom(const DatasetArgs& a) {
    ds::SampleFilter f;
    if (!a.filterLabel.empty())
        f.label = a.filterLabel;
    f.split = parseSplit(a.filterSplit, false);
    if (!a.filterDevice.empty())
        f.device = a.filterDevice;
    if (a.filterSession > 0)
        f.sessionId = a.filterSession;
    if (!a.search.empty())
        f.text = a.search;
    return f;
}

void addFilterOptions(CLI::App* cmd, DatasetArgs& a) {
    cmd->add_option("--label", a.filterLabel, "Only samples with this label");
    cmd->add_option("--split", a.filterSplit, "Only samples in this split (train|test)");
    cmd->add_option("--device", a.filterDevice, "Only samples recorded by this device");
    cmd->add_option("--session", a.filterSession, "Only samples from this recording session id");
    cmd->add_option("--search", a.search, "Only samples whose label, sensor, file name or metadata contains TEXT");
}

json sampleJson(const ds::Sample& s) {
    return {{"id", s.id},
            {"label", s.label},
            {"split", ds::splitName(s.split)},
            {"sensor", s.sensor},
            {"axes", s.axisNames},
            {"units", s.units},
            {"sample_rate_hz", s.sampleRateHz},
            {"frames", s.frameCount},
            {"duration_ms", s.durationMs()},
            {"data_type", ds::dataTypeName(s.dataType)},
            {"device", s.device},
            {"session_id", s.sessionId ? json(*s.sessionId) : json(nullptr)},
            {"capture_time_ms", s.captureTimeMs},
            {"content_hash", s.contentHash},
            {"source_name", s.sourceName},
            {"lost_frames", s.lostFrames},
            {"crc_errors", s.crcErrors}};
}

template <typename T>
T orThrow(mote::Result<T> r, int code = kExitFailure) {
    if (!r)
        throw CliError(r.message(), code);
    return std::move(r).value();
}

void orThrow(const mote::Status& s, int code) {
    if (!s)
        throw CliError(s.message(), code);
}

void runImport(const CliContext& context, const DatasetArgs& a) {
    auto project = openProjectOrThrow(context);
    ds::ImportOptions options;
    options.label = a.label;
    options.labelFromFolder = a.labelFromFolder;
    options.split = parseSplit(a.split, true);
    options.csvSampleRateHz = a.rate;
    options.device = a.device;
    if (!a.format.empty()) {
        options.format = ds::formatFromName(a.format);
        if (!options.format)
            throw CliError("unknown format '" + a.format + "': use csv, wav, json or cbor", kExitUsage);
    }
    g_interrupted = false;
    auto previous = std::signal(SIGINT, onDatasetInterrupt);
    ds::ImportReport total;
    for (const auto& path : a.paths) {
        if (g_interrupted) {
            total.cancelled = true;
            break;
        }
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            auto report = ds::importFolder(
                project.store(), path, options, a.recursive,
                [](const ds::ImportProgress& p) {
                    std::fprintf(stderr, "import: %lld/%lld %s\n", static_cast<long long>(p.filesDone),
                                 static_cast<long long>(p.filesTotal), p.current.filename().c_str());
                },
                &g_interrupted);
            if (!report) {
                total.failures.push_back({path, report.message()});
                continue;
            }
            total.filesImported += report->filesImported;
            total.samplesImported += report->samplesImported;
            total.failures.insert(total.failures.end(), report->failures.begin(), report->failures.end());
            total.cancelled = total.cancelled || report->cancelled;
        } else if (fs::exists(path, ec)) {
            auto ids = ds::importFile(project.store(), path, options);
            if (ids) {
                ++total.filesImported;
                total.samplesImported += static_cast<int64_t>(ids->size());
            } else {
                total.failures.push_back({path, ids.message()});
            }
        } else {
            total.failures.push_back({path, path + ": no such file or folder"});
        }
    }
    std::signal(SIGINT, previous);
    for (const auto& failure : total.failures)
        std::cerr << "mote: skipped " << failure.reason << "\n";
    if (context.json) {
        json failures = json::array();
        for (const auto& f : total.failures)
            failures.push_back({{"file", f.file.string()}, {"reason", f.reason}});
        std::cout << json{{"files_imported", total.filesImported},
                          {"samples_imported", total.samplesImported},
                          {"failures", failures},
                          {"cancelled", total.cancelled}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "Imported " << total.samplesImported << " samples from " << total.filesImported << " files";
        if (!total.failures.empty())
            std::cout << "; " << total.failures.size() << " files skipped (see above)";
        std::cout << (total.cancelled ? "; cancelled" : "") << "\n";
    }
    if (total.cancelled)
        throw CliError("import cancelled; files imported so far are kept", kExitCancelled);
    if (!total.failures.empty())
        throw CliError(std::to_string(total.failures.size()) + " file(s) could not be imported: fix or remove them",
                       kExitBadInput);
}

void runExport(const CliContext& context, const DatasetArgs& a) {
    auto project = openProjectOrThrow(context);
    std::optional<ds::FileFormat> format;
    if (!a.format.empty()) {
        format = ds::formatFromName(a.format);
        if (!format)
            throw CliError("unknown format '" + a.format + "': use csv, wav, json or cbor", kExitUsage);
    }
    auto report = orThrow(ds::exportDataset(project.store(), a.outDir, format, filterFrom(a)), kExitBadInput);
    if (context.json)
        std::cout << json{{"samples_written", report.samplesWritten}, {"manifest", report.manifest.string()}}.dump()
                  << "\n";
    else
        std::cout << "Exported " << report.samplesWritten << " samples to " << a.outDir << " (manifest "
                  << report.manifest.string() << ")\n";
}

void runList(const CliContext& context, const DatasetArgs& a) {
    auto project = openProjectOrThrow(context);
    auto filter = filterFrom(a);
    auto total = orThrow(project.store().count(filter));
    auto samples = orThrow(project.store().query(filter, {a.offset, a.limit}));
    if (context.json) {
        json list = json::array();
        for (const auto& s : samples)
            list.push_back(sampleJson(s));
        std::cout << json{{"total", total}, {"offset", a.offset}, {"limit", a.limit}, {"samples", list}}.dump()
                  << "\n";
        return;
    }
    using Align = TextTable::Align;
    TextTable table({{"ID"},
                     {"LABEL"},
                     {"SPLIT"},
                     {"SENSOR"},
                     {"AXES", Align::Right},
                     {"RATE_HZ", Align::Right},
                     {"FRAMES", Align::Right},
                     {"LENGTH_MS", Align::Right},
                     {"SOURCE"}});
    for (const auto& s : samples)
        table.addRow({std::to_string(s.id), s.label, ds::splitName(s.split), s.sensor, std::to_string(s.axisCount()),
                      shortNumber(s.sampleRateHz),
                      std::to_string(s.frameCount), fixed(s.durationMs(), 0), s.sourceName});
    table.print(std::cout);
    std::printf("%zu of %lld samples shown (offset %lld)\n", samples.size(), static_cast<long long>(total),
                static_cast<long long>(a.offset));
}

void printStats(const CliContext& context, ds::SampleStore& store, const ds::SampleFilter& filter) {
    auto counts = orThrow(store.countsByLabel(filter));
    auto version = orThrow(store.datasetVersion(filter));
    if (context.json) {
        json rows = json::array();
        for (const auto& c : counts)
            rows.push_back({{"label", c.label},
                            {"split", ds::splitName(c.split)},
                            {"count", c.count},
                            {"duration_ms", c.totalDurationMs}});
        std::cout << json{{"dataset_version", version}, {"counts", rows}}.dump() << "\n";
        return;
    }
    using Align = TextTable::Align;
    TextTable table({{"LABEL"},
                     {"TRAIN", Align::Right},
                     {"TEST", Align::Right},
                     {"TRAIN_S", Align::Right},
                     {"TEST_S", Align::Right}});
    std::map<std::string, std::array<double, 4>> byLabel;
    for (const auto& c : counts) {
        auto& row = byLabel[c.label];
        int i = c.split == ds::Split::Train ? 0 : 1;
        row[i] += static_cast<double>(c.count);
        row[i + 2] += c.totalDurationMs / 1000.0;
    }
    for (const auto& [label, r] : byLabel)
        table.addRow({label, fixed(r[0], 0), fixed(r[1], 0), fixed(r[2], 1), fixed(r[3], 1)});
    table.print(std::cout);
    std::printf("dataset version %s\n", version.c_str());
}

void runStats(const CliContext& context, const DatasetArgs& a) {
    auto project = openProjectOrThrow(context);
    printStats(context, project.store(), filterFrom(a));
}

void runSplit(const CliContext& context, const DatasetArgs& a) {
    auto project = openProjectOrThrow(context);
    if (!(a.trainFraction >= 0 && a.trainFraction <= 1))
        throw CliError("--train must be between 0 and 1 (e.g. 0.8 for 80/20)", kExitUsage);
    orThrow(project.store().autoSplit(a.trainFraction, a.seed, filterFrom(a)), kExitFailure);
    printStats(context, project.store(), filterFrom(a));
}

std::vector<int64_t> idsFor(ds::SampleStore& store, const DatasetArgs& a) {
    if (!a.ids.empty())
        return a.ids;
    auto filter = filterFrom(a);
    if (!filter.label && !filter.split && !filter.device && !filter.sessionId && !filter.text)
        throw CliError("say which samples: give sample ids or a filter such as --label", kExitUsage);
    std::vector<int64_t> ids;
    for (const auto& s : orThrow(store.query(filter, {0, 0})))
        ids.push_back(s.id);
    if (ids.empty())
        throw CliError("no samples match the filter", kExitBadInput);
    return ids;
}

void runRelabel(const CliContext& context, const DatasetArgs& a) {
    auto project = openProjectOrThrow(context);
    auto ids = idsFor(project.store(), a);
    orThrow(project.store().relabel(ids, a.to), kExitBadInput);
    if (context.json)
        std::cout << json{{"relabelled", ids.size()}, {"label", a.to}}.dump() << "\n";
    else
        std::cout << "Relabelled " << ids.size() << " samples as '" << a.to << "'\n";
}

void runDelete(const CliContext& context, const DatasetArgs& a) {
    auto project = openProjectOrThrow(context);
    auto ids = idsFor(project.store(), a);
    orThrow(project.store().remove(ids), kExitBadInput);
    if (context.json)
        std::cout << json{{"deleted", ids.size()}}.dump() << "\n";
    else
        std::cout << "Deleted " << ids.size() << " samples\n";
}

void installDataset(CLI::App& root, CliContext& context) {
    auto* noun = root.add_subcommand("dataset", "Import, export, list and organise the samples of a project");
    noun->require_subcommand(1);
    auto a = std::make_shared<DatasetArgs>();
    auto common = [&context](CLI::App* cmd) {
        addProjectOption(cmd, context);
        addJsonFlag(cmd, context);
    };

    auto* import = noun->add_subcommand(
        "import", "Import CSV, WAV, Edge Impulse JSON/CBOR files or folders (label from 'label.anything.ext')");
    import->add_option("paths", a->paths, "Files or folders")->required();
    import->add_option("--label", a->label, "Label for every imported sample (default: from the file name)");
    import->add_flag("--label-from-folder", a->labelFromFolder, "Use the parent folder name as the label");
    import->add_option("--split", a->split, "train, test or auto (folder training/testing, else ~80/20 by content)")
        ->check(CLI::IsMember({"train", "test", "auto"}));
    import->add_flag("-r,--recursive", a->recursive, "Import sub-folders too");
    import->add_option("--rate", a->rate, "Sample rate in Hz for CSV files without a timestamp column");
    import->add_option("--format", a->format, "Read every file as csv|wav|json|cbor (default: by extension)");
    import->add_option("--device", a->device, "Record this device identity on the samples");
    common(import);
    import->callback([&context, a] { runImport(context, *a); });

    auto* exportCmd = noun->add_subcommand("export", "Export samples to a new folder with manifest.json");
    exportCmd->add_option("dir", a->outDir, "Folder to create (must be new or empty)")->required();
    exportCmd->add_option("--format", a->format, "csv|wav|json|cbor (default: wav for int16, json otherwise)");
    addFilterOptions(exportCmd, *a);
    common(exportCmd);
    exportCmd->callback([&context, a] { runExport(context, *a); });

    auto* list = noun->add_subcommand("list", "List samples (metadata only), filtered and paged");
    addFilterOptions(list, *a);
    list->add_option("--offset", a->offset, "Skip this many samples");
    list->add_option("--limit", a->limit, "Show at most this many samples (0 = all)");
    common(list);
    list->callback([&context, a] { runList(context, *a); });

    auto* stats = noun->add_subcommand("stats", "Counts and durations per label and split, and the dataset version");
    addFilterOptions(stats, *a);
    common(stats);
    stats->callback([&context, a] { runStats(context, *a); });

    auto* split = noun->add_subcommand("split", "Stratified, seeded train/test split of the samples (default 80/20)");
    split->add_option("--train", a->trainFraction, "Fraction of each label that goes to train (default 0.8)");
    split->add_option("--seed", a->seed, "Seed: the same seed gives the same split (default 1)");
    addFilterOptions(split, *a);
    common(split);
    split->callback([&context, a] { runSplit(context, *a); });

    auto* relabel = noun->add_subcommand("relabel", "Give samples a new label (by ids or by filter)");
    relabel->add_option("ids", a->ids, "Sample ids");
    relabel->add_option("--to", a->to, "The new label")->required();
    addFilterOptions(relabel, *a);
    common(relabel);
    relabel->callback([&context, a] { runRelabel(context, *a); });

    auto* del = noun->add_subcommand("delete", "Delete samples (by ids or by filter)");
    del->add_option("ids", a->ids, "Sample ids");
    addFilterOptions(del, *a);
    common(del);
    del->callback([&context, a] { runDelete(context, *a); });
}

const CommandRegistration reg{"dataset", &installDataset};

}  // namespace
}  // namespace mote::cli

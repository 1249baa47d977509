// mote model inspect | run | export: preflight, host execution and export of
// .tflite files.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "firmware/library_export.h"
#include "firmware/board_model_runner.h"
#include "nn/runtime/executor.h"
#include "nn/runtime/inspect.h"
#include "nn/tflite/reader.h"
#include "nn/tflite/writer.h"

namespace mote::cli {
namespace {

namespace fs = std::filesystem;

mote::nn::Model loadOrThrow(const std::string& path) {
    if (!fs::exists(path)) throw CliError("model file '" + path + "' does not exist", kExitBadInput);
    auto model = mote::nn::readModelFile(path);
    if (!model) throw CliError(model.message(), kExitBadInput);
    return std::move(*model);
}

void printInspect(const nlohmann::json& r) {
    std::cout << "ops: ";
    for (size_t i = 0; i < r["ops"].size(); ++i) std::cout << (i ? ", " : "") << r["ops"][i].get<std::string>();
    std::cout << "\n";
    if (!r["unsupported_ops"].empty()) {
        std::cout << "UNSUPPORTED ops: ";
        for (size_t i = 0; i < r["unsupported_ops"].size(); ++i)
            std::cout << (i ? ", " : "") << r["unsupported_ops"][i].get<std::string>();
        std::cout << "\n";
    }
    std::cout << "operators: " << r["operators"].size() << ", tensors: " << r["tensors"].size() << "\n";
    auto io = [](const char* what, const nlohmann::json& list) {
        for (const auto& t : list) {
            std::cout << what << " " << t["index"] << " '" << t["name"].get<std::string>() << "' "
                      << t["dtype"].get<std::string>() << " " << t["shape"].dump();
            if (t.contains("scale")) std::cout << " scale " << t["scale"].dump() << " zero_point " << t["zero_point"].dump();
            std::cout << "\n";
        }
    };
    io("input", r["inputs"]);
    io("output", r["outputs"]);
    if (r.contains("plan_error")) std::cout << "plan: " << r["plan_error"].get<std::string>() << "\n";
    else
        std::cout << "arena: " << r["arena_bytes"] << " bytes (lower bound " << r["arena_lower_bound_bytes"] << ")\n";
    std::cout << "weights: " << r["weights_bytes"] << " bytes\n";
    std::cout << "MACs per inference: " << r["macs"] << "\n";
    for (const auto& op : r["operators"]) {
        std::cout << "  #" << op["index"] << " " << op["op"].get<std::string>();
        if (op.contains("kernel")) std::cout << " -> " << op["kernel"].get<std::string>() << " (" << op["macs"] << " MACs)";
        if (op.contains("error")) std::cout << "  ! " << op["error"].get<std::string>();
        std::cout << "\n";
    }
}

void installModelExport(CLI::App* model, CliContext& context);

// `mote model run --board`: same inputs/outputs as on the host, computed by
// the board (firmware/board_model_runner.h).
struct BoardRunArgs {
    std::string file, board, workDir, port, outputDir;
};

void runOnBoard(mote::nn::Executor& e, const BoardRunArgs& a, bool json) {
    const std::string& runFile = a.file;
    const std::string& runBoard = a.board;
    const std::string& runWorkDir = a.workDir;
    const std::string& runPort = a.port;
    const std::string& outputDir = a.outputDir;
    namespace fw = mote::firmware;
    auto profile = fw::findBoardProfile(fw::defaultBoardsDir(), runBoard);
    if (!profile) throw CliError(profile.message() + "; see `mote board list`", kExitBadInput);
    fw::BoardModelRequest request;
    request.model = runFile;
    request.board = *profile;
    request.port = runPort;
    request.workDir = runWorkDir.empty() ? fs::temp_directory_path() / ("mote-model-run-" + profile->name)
                                         : fs::path(runWorkDir);
    auto log = [](const std::string& line) {
        if (line.rfind("== ", 0) == 0 || line.rfind("the board", 0) == 0 || line.rfind("verified", 0) == 0)
            std::cerr << line << "\n";
    };
    auto runner = fw::BoardModelRunner::open(request, log);
    if (!runner) throw CliError(runner.message(), kExitDevice);
    std::vector<std::vector<uint8_t>> in;
    for (size_t i = 0; i < e.inputCount(); ++i)
        in.emplace_back(e.inputData(i), e.inputData(i) + e.inputTensor(i).bytes());
    fw::BoardRunStats stats;
    auto outputs = (*runner)->run(in, &stats);
    if (!outputs) throw CliError("running the model on " + profile->name + " failed: " + outputs.message(), kExitDevice);
    if (outputs->size() != e.outputCount())
        throw CliError("the board returned " + std::to_string(outputs->size()) + " output(s), the model has " +
                           std::to_string(e.outputCount()),
                       kExitDevice);
    std::error_code ec;
    fs::create_directories(outputDir, ec);
    if (ec) throw CliError("cannot create output directory '" + outputDir + "': " + ec.message());
    nlohmann::json written = nlohmann::json::array();
    for (size_t j = 0; j < outputs->size(); ++j) {
        const auto& bytes = (*outputs)[j];
        if (bytes.size() != e.outputTensor(j).bytes())
            throw CliError("the board's output " + std::to_string(j) + " has " + std::to_string(bytes.size()) +
                               " bytes, the model's has " + std::to_string(e.outputTensor(j).bytes()),
                           kExitDevice);
        const fs::path path = fs::path(outputDir) / ("output_" + std::to_string(j) + ".bin");
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out) throw CliError("failed writing '" + path.string() + "'");
        written.push_back({{"file", path.string()}, {"bytes", bytes.size()},
                           {"dtype", mote::nn::dtypeName(e.outputTensor(j).type)}});
    }
    nlohmann::json board = {{"name", profile->name},
                            {"emulated", profile->emulated},
                            {"connection", (*runner)->connectionPath()},
                            {"deployed", (*runner)->deployed()},
                            {"model_hash", (*runner)->modelHash()},
                            {"cycles", stats.cycles},
                            {"time_us", stats.timeUs},
                            {"round_trip_s", stats.hostSeconds}};
    if (json) {
        std::cout << nlohmann::json{{"outputs", written}, {"board", board}}.dump() << "\n";
        return;
    }
    for (const auto& w : written) std::cout << "wrote " << w["file"].get<std::string>() << "\n";
    std::cout << "ran on " << profile->name << " (" << stats.cycles << " cycles, " << stats.timeUs << " us"
              << (profile->emulated ? ", emulated" : "") << ")\n";
}

void installModel(CLI::App& root, CliContext& context) {
    auto* model = root.add_subcommand("model", "Inspect and run .tflite models");
    model->require_subcommand(1);

    auto* inspect = model->add_subcommand("inspect", "Ops, tensors, quantization, arena plan, MACs, unsupported ops");
    static std::string inspectFile;
    inspect->add_option("FILE", inspectFile, "The .tflite file")->required();
    inspect->add_flag("--json", context.json, "Print machine-readable JSON on stdout");
    inspect->callback([&context] {
        const auto m = loadOrThrow(inspectFile);
        auto report = mote::nn::inspectModel(m);
        report["file"] = inspectFile;
        report["file_bytes"] = fs::file_size(inspectFile);
        if (context.json) std::cout << report.dump() << "\n";
        else printInspect(report);
    });

    installModelExport(model, context);

    auto* run = model->add_subcommand("run", "Run a model on raw input tensors, write output_<j>.bin files");
    static std::string runFile, outputDir;
    static std::vector<std::string> inputs;
    static std::string runBoard, runWorkDir, runPort;
    run->add_option("FILE", runFile, "The .tflite file")->required();
    run->add_option("--board", runBoard,
                    "Run on this board (see `mote board list`) instead of the host; deploys the model first "
                    "unless the board already runs it");
    run->add_option("--work-dir", runWorkDir, "With --board: folder for the generated firmware (default: temp)");
    run->add_option("--port", runPort, "With --board: serial port of a real board");
    run->add_option("--input", inputs, "Raw little-endian input tensor (once per model input, in order)")->required();
    run->add_option("--output-dir", outputDir, "Directory for output_<j>.bin")->required();
    run->add_flag("--json", context.json, "Print machine-readable JSON on stdout");
    run->callback([&context] {
        auto m = loadOrThrow(runFile);
        auto ex = mote::nn::Executor::create(std::move(m));
        if (!ex) throw CliError("cannot run '" + runFile + "': " + ex.message(), kExitBadInput);
        auto& e = **ex;
        if (inputs.size() != e.inputCount())
            throw CliError("the model has " + std::to_string(e.inputCount()) + " input(s) but " +
                               std::to_string(inputs.size()) + " --input file(s) were given",
                           kExitUsage);
        for (size_t i = 0; i < inputs.size(); ++i) {
            std::ifstream in(inputs[i], std::ios::binary);
            if (!in) throw CliError("cannot read input file '" + inputs[i] + "'", kExitBadInput);
            std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            const auto& t = e.inputTensor(i);
            if (bytes.size() != t.bytes())
                throw CliError("input " + std::to_string(i) + " ('" + inputs[i] + "') has " + std::to_string(bytes.size()) +
                                   " bytes; the model expects " + std::to_string(t.bytes()) + " (" +
                                   mote::nn::dtypeName(t.type) + " x " + std::to_string(t.elements()) + ")",
                               kExitBadInput);
            std::copy(bytes.begin(), bytes.end(), e.inputData(i));
        }
        if (!runBoard.empty()) {
            runOnBoard(e, {runFile, runBoard, runWorkDir, runPort, outputDir}, context.json);
            return;
        }
        e.invoke();
        std::error_code ec;
        fs::create_directories(outputDir, ec);
        if (ec) throw CliError("cannot create output directory '" + outputDir + "': " + ec.message());
        nlohmann::json written = nlohmann::json::array();
        for (size_t j = 0; j < e.outputCount(); ++j) {
            const fs::path path = fs::path(outputDir) / ("output_" + std::to_string(j) + ".bin");
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out.write(reinterpret_cast<const char*>(e.outputData(j)), static_cast<std::streamsize>(e.outputTensor(j).bytes()));
            if (!out) throw CliError("failed writing '" + path.string() + "'");
            written.push_back({{"file", path.string()}, {"bytes", e.outputTensor(j).bytes()},
                               {"dtype", mote::nn::dtypeName(e.outputTensor(j).type)}});
        }
        if (context.json) std::cout << nlohmann::json{{"outputs", written}}.dump() << "\n";
        else
            for (const auto& w : written) std::cout << "wrote " << w["file"].get<std::string>() << "\n";
    });
}

// A .tflite as a C array (the TFLM convention: 16-byte aligned bytes + length).
std::string cArray(const std::vector<uint8_t>& bytes, const std::string& symbol, const std::string& source) {
    std::string out = "// Generated by mote " MOTE_VERSION " (mote model export) from " + source +
                      "\n// " + std::to_string(bytes.size()) + " bytes. Do not edit.\n#include <stdint.h>\n\n"
                      "alignas(16) const uint8_t " + symbol + "[] = {";
    char buf[16];
    for (size_t i = 0; i < bytes.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s0x%02x,", i % 12 == 0 ? "\n    " : " ", bytes[i]);
        out += buf;
    }
    out += "\n};\nconst unsigned int " + symbol + "_len = " + std::to_string(bytes.size()) + ";\n";
    return out;
}

// c++-library: the logic is core/firmware/library_export.h; this is option wiring.
void exportLibrary(CliContext& context, const std::string& file, const std::string& output, const std::string& modelId) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    mote::firmware::LibraryExportOptions options;
    options.modelId = modelId.empty() ? fs::path(file).stem().string() : modelId;
    options.generator = "mote " MOTE_VERSION;
    auto lib = mote::firmware::exportCppLibrary(bytes, output, options);
    if (!lib) throw CliError("cannot export '" + file + "' as a C++ library: " + lib.message(), kExitBadInput);
    if (context.json) {
        std::cout << nlohmann::json{{"output", output},
                                    {"format", "c++-library"},
                                    {"files", lib->files},
                                    {"kernel_sources", lib->kernelSources},
                                    {"weights_bytes", lib->model.weightsBytes},
                                    {"arena_bytes", lib->model.arenaBytes},
                                    {"macs", lib->model.macs}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "wrote " << output << " (C++ library `mote_model`: " << lib->files.size() << " files, "
                  << lib->kernelSources.size() << " kernel sources, weights " << lib->model.weightsBytes
                  << " B, arena " << lib->model.arenaBytes << " B); see " << (fs::path(output) / "README.md").string()
                  << "\n";
    }
}

void installModelExport(CLI::App* model, CliContext& context) {
    auto* exp = model->add_subcommand("export", "Write a model as .tflite, a C array, or a standalone C++ library");
    static std::string file, format = "tflite", output, symbol = "g_model", modelId;
    exp->add_option("FILE", file, "The .tflite file")->required();
    exp->add_option("--format", format, "tflite | c-array | c++-library")
        ->check(CLI::IsMember({"tflite", "c-array", "c++-library"}));
    exp->add_option("--output,-o", output, "Output file (a folder for c++-library)")->required();
    exp->add_option("--symbol", symbol, "C symbol name for c-array");
    exp->add_option("--model-id", modelId, "Model name stamped in the c++-library (default: the file name)");
    exp->add_flag("--json", context.json, "Print machine-readable JSON on stdout");
    exp->callback([&context] {
        const auto m = loadOrThrow(file);
        if (format == "c++-library") return exportLibrary(context, file, output, modelId);
        auto bytes = mote::nn::writeModel(m);
        if (!bytes) throw CliError(bytes.message());
        std::ofstream out(output, std::ios::binary | std::ios::trunc);
        if (!out) throw CliError("cannot write '" + output + "'");
        if (format == "tflite") out.write(reinterpret_cast<const char*>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
        else out << cArray(*bytes, symbol, fs::path(file).filename().string());
        if (!out) throw CliError("failed writing '" + output + "'");
        if (context.json) std::cout << nlohmann::json{{"output", output}, {"format", format}, {"model_bytes", bytes->size()}}.dump() << "\n";
        else std::cout << "wrote " << output << " (" << format << ", model " << bytes->size() << " bytes)\n";
    });
}

const CommandRegistration reg{"model", &installModel};

}  // namespace
}  // namespace mote::cli

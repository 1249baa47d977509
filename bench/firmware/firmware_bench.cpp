// Firmware benchmark on the emulated Cortex-M4 (QEMU mps2-an386, -icount
// shift=0): for each model, a real deployment (generate -> build -> flash
// -> verify hash, deployModel) with a self-test input the board runs at
// boot; then the board's "selftest ticks=N out=..." log line gives the
// instructions per inference (ticks x 40). Sizes come from the built ELF's
// symbols (nm): model weights, generated model code, kernels, arena.
// TFLM / CMSIS-NN figures are read from ANCHORS.md in the shared folder.
// Prints one Markdown table. Not a test: nothing is asserted.
//
// The motion and audio models are the default impulses with random weights,
// quantized to int8 on random calibration data: instruction counts and
// sizes do not depend on the weight values.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dsp/dsp_block.h"
#include "firmware/board_profile.h"
#include "firmware/board_selftest.h"
#include "firmware/deploy.h"
#include "firmware/model_codegen.h"
#include "impulse/impulse_config.h"
#include "nn/graph/graph.h"
#include "nn/quantize/graph_to_tflite.h"
#include "nn/quantize/quantizer.h"
#include "nn/tflite/writer.h"

namespace fs = std::filesystem;
using namespace mote;

namespace {

struct Anchor {  // one row of ANCHORS.md
    long long macs = 0, lowerBound = 0, tflmArena = 0, tflmRefInstr = 0, cmsisInstr = 0, cmsisFlash = 0,
              runtimeFlash = 0;
    double cmsisMacPerInstr = 0;
};

long long number(std::string s) {
    std::string digits;
    for (char c : s)
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    return digits.empty() ? 0 : std::stoll(digits);
}

std::map<std::string, Anchor> readAnchors(const fs::path& file) {
    std::map<std::string, Anchor> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("| `", 0) != 0) continue;
        std::vector<std::string> cells;
        std::stringstream ss(line.substr(1));
        std::string cell;
        while (std::getline(ss, cell, '|')) cells.push_back(cell);
        if (cells.size() < 9) continue;
        const auto tick = cells[0].find('`');
        const std::string name = cells[0].substr(tick + 1, cells[0].find('`', tick + 1) - tick - 1);
        Anchor a;
        a.macs = number(cells[1]);
        a.lowerBound = number(cells[2]);
        a.tflmArena = number(cells[3]);
        a.tflmRefInstr = number(cells[4]);
        a.cmsisInstr = number(cells[5]);
        a.cmsisMacPerInstr = std::atof(cells[6].c_str());
        a.cmsisFlash = number(cells[7]);
        a.runtimeFlash = number(cells[8]);
        out[name] = a;
    }
    return out;
}

std::vector<uint8_t> readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

std::string run(const std::string& command) {
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

struct ElfSizes {
    long long weights = 0, modelCode = 0, kernels = 0, arena = 0;
};

// Classifies the ELF's symbols by the generated code's naming convention.
ElfSizes elfSizes(const fs::path& elf) {
    ElfSizes s;
    std::istringstream lines(run("arm-none-eabi-nm -S -C --size-sort '" + elf.string() + "'"));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream ls(line);
        std::string addr, size, type, name;
        if (!(ls >> addr >> size >> type)) continue;
        std::getline(ls, name);
        name.erase(0, name.find_first_not_of(' '));
        const long long bytes = std::stoll(size, nullptr, 16);
        const char t = static_cast<char>(std::tolower(static_cast<unsigned char>(type[0])));
        const bool flash = t == 't' || t == 'r';
        // Generated constants live in an anonymous namespace; the self-test
        // input is a test fixture, not part of the model.
        if (name.find("mote_model_arena") != std::string::npos) s.arena += bytes;
        else if (name.find("mote_model_selftest") != std::string::npos) continue;
        else if (name.find("mote_model_const_") != std::string::npos && flash) s.weights += bytes;
        else if (name.find("mote_model") != std::string::npos && flash) s.modelCode += bytes;
        else if (name.find("mote::nn::kernels::") != std::string::npos && flash) s.kernels += bytes;
    }
    return s;
}

// The default impulse's network with random weights, int8-quantized.
Result<std::vector<uint8_t>> impulseModel(const fs::path& impulseJson, uint32_t axes, int classes) {
    std::ifstream in(impulseJson);
    std::stringstream text;
    text << in.rdbuf();
    auto config = impulse::impulseFromJsonText(text.str());
    if (!config) return config.error();
    auto dspConfig = config->dspConfig();
    if (!dspConfig) return dspConfig.error();
    const auto frames = static_cast<uint32_t>(config->window.sizeMs * config->input.sampleRateHz / 1000.0);
    dsp::OutputShape shape;
    if (dsp::outputShape(*dspConfig, frames, axes, &shape) != dsp::DspStatus::kOk)
        return makeError("the impulse's DSP block rejects " + std::to_string(frames) + " frames");
    const std::vector<int> windowShape = shape.rows == 1
                                             ? std::vector<int>{static_cast<int>(shape.cols)}
                                             : std::vector<int>{static_cast<int>(shape.rows), static_cast<int>(shape.cols)};
    auto spec = config->modelSpec(windowShape, classes);
    if (!spec) return spec.error();
    auto graph = nn::Graph::build(*spec);
    if (!graph) return graph.error();
    std::mt19937 rng(7);
    for (const auto& slot : graph->weightSlots()) {
        size_t n = 1;
        for (int d : slot.shape) n *= static_cast<size_t>(d);
        std::uniform_real_distribution<float> dist(slot.name == "var" ? 0.5f : -0.3f, slot.name == "var" ? 1.5f : 0.3f);
        std::vector<float> values(n);
        for (auto& v : values) v = dist(rng);
        if (auto st = graph->setWeight(slot.layer, slot.name, std::move(values)); !st) return st.error();
    }
    auto floatModel = nn::floatModelFromGraph(*graph);
    if (!floatModel) return floatModel.error();
    std::vector<std::vector<float>> calibration(16, std::vector<float>(graph->inputSize()));
    std::uniform_real_distribution<float> input(-1.0f, 1.0f);
    for (auto& c : calibration)
        for (auto& v : c) v = input(rng);
    auto quantized = nn::quantizeModel(*floatModel, calibration);
    if (!quantized) return quantized.error();
    return nn::writeModel(quantized->model);
}

struct Row {
    std::string name;
    firmware::DeployResult result;
    ElfSizes sizes;
    size_t tfliteBytes = 0;
    unsigned long long instructions = 0;
    std::string goldenCheck = "n/a";
    long long manifestArena = 0;  // TFLM arena_used_bytes from the golden manifest (64-bit host)
    double warmSeconds = 0;       // redeploy into the same folder
    double firstSeconds = 0;      // first deployment (fresh folder, full firmware build)
};

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> only;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--only") only.push_back(argv[++i]);
    auto wanted = [&](const std::string& n) { return only.empty() || std::find(only.begin(), only.end(), n) != only.end(); };

    const fs::path shared = MOTE_SHARED_DIR;
    const fs::path source = MOTE_SOURCE_DIR;
    const auto anchors = readAnchors(shared / "ANCHORS.md");
    auto profile = firmware::findBoardProfile(source / "templates" / "boards", "qemu-mps2-an386");
    if (!profile) {
        std::fprintf(stderr, "board profile: %s\n", profile.message().c_str());
        return 1;
    }
    const fs::path work = fs::temp_directory_path() / ("mote-firmware-bench-" + std::to_string(::getpid()));
    fs::create_directories(work);

    struct Spec {
        std::string name;
        fs::path tflite;           // shared model, or empty: impulse
        fs::path impulse;
        uint32_t axes = 1;
        int classes = 0;
        std::string golden;        // golden folder name for case 0
    };
    const std::vector<Spec> specs = {
        {"motion (default impulse)", {}, source / "resources/impulses/motion.json", 3, 4, ""},
        {"audio MFCC + conv (default impulse)", {}, source / "resources/impulses/audio.json", 1, 3, ""},
        {"kws_ref_model", shared / "models/mlperf_tiny/kws_ref_model.tflite", {}, 0, 0, "kws_ref_model"},
        {"vww_96_int8", shared / "models/mlperf_tiny/vww_96_int8.tflite", {}, 0, 0, "vww_96_int8"},
        {"person_detect", shared / "models/tflm/person_detect.tflite", {}, 0, 0, "person_detect"},
    };

    std::vector<Row> rows;
    for (const Spec& spec : specs) {
        if (!wanted(spec.name) && !wanted(spec.golden)) continue;
        std::fprintf(stderr, "== %s\n", spec.name.c_str());
        std::vector<uint8_t> model;
        if (spec.tflite.empty()) {
            auto built = impulseModel(spec.impulse, spec.axes, spec.classes);
            if (!built) {
                std::fprintf(stderr, "  %s: %s\n", spec.name.c_str(), built.message().c_str());
                continue;
            }
            model = std::move(*built);
        } else {
            if (!fs::exists(spec.tflite)) {
                std::fprintf(stderr, "  SKIPPED: %s not found (shared folder missing)\n", spec.tflite.c_str());
                continue;
            }
            model = readBytes(spec.tflite);
        }
        const fs::path dir = work / std::to_string(rows.size());
        fs::create_directories(dir);
        const fs::path modelPath = dir / "model.tflite";
        std::ofstream(modelPath, std::ios::binary).write(reinterpret_cast<const char*>(model.data()),
                                                          static_cast<std::streamsize>(model.size()));
        auto generated = firmware::generateModel(model, {});
        if (!generated) {
            std::fprintf(stderr, "  codegen: %s\n", generated.message().c_str());
            continue;
        }
        std::vector<uint8_t> input;
        std::vector<uint8_t> goldenOut;
        if (!spec.golden.empty() && fs::exists(shared / "golden" / spec.golden / "case_0_input_0.bin")) {
            input = readBytes(shared / "golden" / spec.golden / "case_0_input_0.bin");
            goldenOut = readBytes(shared / "golden" / spec.golden / "case_0_output_0.bin");
        } else {
            std::mt19937 rng(3);
            input.resize(generated->inputBytes);
            for (auto& b : input) b = static_cast<uint8_t>(rng());
        }
        firmware::DeployRequest request;
        request.model = modelPath;
        for (int c = 0; c < 16; ++c) request.labels.push_back("class" + std::to_string(c));
        request.board = *profile;
        request.board.flashBytes = std::max<uint64_t>(request.board.flashBytes, 4u << 20);
        request.workDir = dir / "deploy";
        request.selfTestInput = input;
        request.flasher.stateDir = dir / "state";
        auto deployed = firmware::deployModel(request, nullptr, nullptr);
        if (!deployed) {
            std::fprintf(stderr, "  deploy: %s\n", deployed.message().c_str());
            continue;
        }
        // Second deployment into the same folder (what the studio does when
        // the model changes): only the generated model file recompiles.
        std::vector<uint8_t> retrained = input;
        if (!retrained.empty()) retrained[0] ^= 1;  // a different self-test input: new model source
        request.selfTestInput = retrained;
        auto warm = firmware::deployModel(request, nullptr, nullptr);
        request.selfTestInput = input;
        auto again = firmware::deployModel(request, nullptr, nullptr);  // back to the measured image
        if (!warm || !again) {
            std::fprintf(stderr, "  redeploy: %s\n", !warm ? warm.message().c_str() : again.message().c_str());
            continue;
        }
        Row row;
        row.name = spec.name;
        row.warmSeconds = warm->seconds;
        row.firstSeconds = deployed->seconds;
        deployed = std::move(again);
        row.tfliteBytes = model.size();
        row.sizes = elfSizes(deployed->elf);
        auto selfTest = firmware::readBoardSelfTest(deployed->connectionPath, std::chrono::seconds(15));
        (void)firmware::stopRunningBoard(request.flasher.stateDir, profile->name);
        if (!selfTest) {
            std::fprintf(stderr, "  self-test: %s\n", selfTest.message().c_str());
            continue;
        }
        row.instructions = selfTest->ticks * 40ull;
        if (!goldenOut.empty())
            row.goldenCheck = selfTest->outputHex == firmware::hexBytes(goldenOut) ? "equal" : "DIFFERENT";
        if (!spec.golden.empty()) {
            std::ifstream mf(shared / "golden" / spec.golden / "manifest.json");
            auto manifest = nlohmann::json::parse(mf, nullptr, false);
            if (manifest.is_object() && manifest.contains("arena_used_bytes"))
                row.manifestArena = manifest["arena_used_bytes"].get<long long>();
        }
        row.result = std::move(*deployed);
        std::fprintf(stderr, "  %llu instructions, deploy %.1f s (redeploy %.1f s), output vs golden: %s\n",
                     row.instructions, row.firstSeconds, row.warmSeconds, row.goldenCheck.c_str());
        rows.push_back(std::move(row));
    }
    fs::remove_all(work);

    std::printf("| model | MACs | model RAM: arena + persistent (B) | liveness lower bound (B) | arena / lower bound | "
                "TFLM arena_used_bytes 32-bit (64-bit manifest) (B) | arena / TFLM | model flash: weights + model code (B) | "
                ".tflite (B) | model flash / .tflite | inference flash: model + kernels (B) | smallest TFLM+CMSIS-NN (B) | "
                "inference flash / TFLM | instructions / inference | TFLM ref / CMSIS-NN instructions | MAC / instruction "
                "(CMSIS-NN) | output vs TFLM golden | deploy to verified: first / redeploy (s) |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const Row& r : rows) {
        const auto& g = r.result.model;
        Anchor a;
        const auto it = anchors.find(r.name);
        const bool haveAnchor = it != anchors.end();
        if (haveAnchor) a = it->second;
        const long long modelFlash = r.sizes.weights + r.sizes.modelCode;
        const long long inferenceFlash = modelFlash + r.sizes.kernels;
        const double macPerInstr = r.instructions ? static_cast<double>(g.macs) / static_cast<double>(r.instructions) : 0;
        auto opt = [&](long long v) { return haveAnchor && v ? std::to_string(v) : std::string("-"); };
        char ratio[6][32];
        std::snprintf(ratio[0], 32, "%.3f", g.lowerBoundBytes ? double(g.arenaBytes) / double(g.lowerBoundBytes) : 0.0);
        std::snprintf(ratio[1], 32, "%s", haveAnchor ? std::to_string(double(g.arenaBytes) / double(a.tflmArena)).substr(0, 5).c_str() : "-");
        std::snprintf(ratio[2], 32, "%.3f", double(modelFlash) / double(r.tfliteBytes));
        std::snprintf(ratio[3], 32, "%s", haveAnchor ? std::to_string(double(inferenceFlash) / double(a.cmsisFlash)).substr(0, 5).c_str() : "-");
        std::snprintf(ratio[4], 32, "%.3f", macPerInstr);
        std::snprintf(ratio[5], 32, "%.3f", a.cmsisMacPerInstr);
        std::printf("| %s | %lld | %zu + 0 | %zu | %s | %s (%s) | %s | %lld | %zu | %s | %lld | %s | %s | %llu | %s / %s | %s (%s) | %s | %.1f / %.1f |\n",
                    r.name.c_str(), static_cast<long long>(g.macs), g.arenaBytes, g.lowerBoundBytes, ratio[0],
                    opt(a.tflmArena).c_str(), r.manifestArena ? std::to_string(r.manifestArena).c_str() : "-", ratio[1],
                    modelFlash, r.tfliteBytes, ratio[2], inferenceFlash, opt(a.cmsisFlash).c_str(), ratio[3],
                    r.instructions, opt(a.tflmRefInstr).c_str(), opt(a.cmsisInstr).c_str(), ratio[4],
                    haveAnchor ? ratio[5] : "-", r.goldenCheck.c_str(), r.firstSeconds, r.warmSeconds);
    }
    std::printf("\nkernels (mote::nn::kernels code+tables) per build: ");
    for (const Row& r : rows) std::printf("%s %lld B; ", r.name.c_str(), r.sizes.kernels);
    std::printf("\n");
    return rows.empty() ? 1 : 0;
}

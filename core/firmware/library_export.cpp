#include "firmware/library_export.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>

#include "firmware/board_profile.h"
#include "nn/tflite/reader.h"
#include "nn/tflite/writer.h"

namespace mote::firmware {
namespace {

namespace fs = std::filesystem;

Result<std::string> readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError("cannot read kernel source '" + path.string() + "'");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Status writeText(const fs::path& path, const std::string& text) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return makeError("cannot create '" + path.parent_path().string() + "': " + ec.message());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return makeError("cannot write '" + path.string() + "'");
    out << text;
    if (!out) return makeError("failed writing '" + path.string() + "' (disk full?)");
    return {};
}

// "nn/kernels/<file>" includes of a source text.
std::vector<std::string> kernelIncludes(const std::string& text) {
    static const std::regex re(R"re(#include\s+"nn/kernels/([A-Za-z0-9_]+\.h)")re");
    std::vector<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) out.push_back((*it)[1]);
    return out;
}

std::string floatLiteral(float v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.9gf", static_cast<double>(v));
    std::string s = buf;
    if (s.find_first_of(".e") == std::string::npos) s.insert(s.size() - 1, ".0");
    return s;
}

std::vector<std::string> metadataLabels(const nn::Model& model) {
    std::vector<std::string> labels;
    for (const auto& m : model.metadata) {
        if (m.name != "mote_labels") continue;
        std::istringstream in(std::string(m.data.begin(), m.data.end()));
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) labels.push_back(line);
    }
    return labels;
}

}  // namespace

Result<std::vector<std::string>> kernelFilesFor(const std::string& generatedSource, const fs::path& kernelsDir) {
    std::error_code ec;
    if (!fs::is_directory(kernelsDir, ec)) return makeError("kernel folder '" + kernelsDir.string() + "' not found");
    // Every kernel .cpp of the folder, with its text (the candidates).
    std::vector<std::pair<std::string, std::string>> sources;
    for (const auto& e : fs::directory_iterator(kernelsDir, ec))
        if (e.path().extension() == ".cpp") {
            auto text = readText(e.path());
            if (!text) return text.error();
            sources.emplace_back(e.path().filename().string(), std::move(*text));
        }
    std::sort(sources.begin(), sources.end());

    std::set<std::string> files;
    std::vector<std::string> pendingHeaders = kernelIncludes(generatedSource);
    std::vector<std::string> pendingSources;
    // A .cpp is needed when it defines (at namespace scope: unindented) a
    // function the generated code calls as k::name(...).
    static const std::regex callRe(R"(\bk::([A-Za-z_][A-Za-z0-9_]*)\s*\()");
    std::set<std::string> called;
    for (std::sregex_iterator it(generatedSource.begin(), generatedSource.end(), callRe), end; it != end; ++it)
        called.insert((*it)[1]);
    for (const auto& name : called) {
        const std::regex defRe("(^|\\n)[A-Za-z][^\\n;]*\\b" + name + "\\s*\\([^;]*\\)\\s*\\{");
        bool found = false;
        for (const auto& [file, text] : sources)
            if (std::regex_search(text, defRe)) {
                pendingSources.push_back(file);
                found = true;
            }
        // Header-only (inline) functions need no .cpp; anything else must be defined somewhere.
        if (!found) {
            bool inlineInHeader = false;
            for (const auto& e : fs::directory_iterator(kernelsDir, ec))
                if (e.path().extension() == ".h") {
                    auto text = readText(e.path());
                    if (text && text->find(name + "(") != std::string::npos &&
                        std::regex_search(*text, std::regex("inline[^;{]*\\b" + name + "\\s*\\(")))
                        inlineInHeader = true;
                }
            if (!inlineInHeader)
                return makeError("no kernel source in '" + kernelsDir.string() + "' defines " + name +
                                 "(), which the generated model calls");
        }
    }
    // Close over includes: a needed .cpp brings the headers it includes and
    // their .cpp files (it may call their non-inline functions); a header
    // brings the headers it includes. Headers the generated code includes
    // but never calls into are copied without their .cpp.
    while (!pendingHeaders.empty() || !pendingSources.empty()) {
        if (!pendingSources.empty()) {
            const std::string file = pendingSources.back();
            pendingSources.pop_back();
            if (!files.insert(file).second) continue;
            auto text = readText(kernelsDir / file);
            if (!text) return text.error();
            for (auto& h : kernelIncludes(*text)) {
                const std::string cpp = h.substr(0, h.size() - 2) + ".cpp";
                if (fs::exists(kernelsDir / cpp)) pendingSources.push_back(cpp);
                pendingHeaders.push_back(h);
            }
            continue;
        }
        const std::string header = pendingHeaders.back();
        pendingHeaders.pop_back();
        if (files.count(header)) continue;
        if (!fs::exists(kernelsDir / header))
            return makeError("kernel header '" + header + "' not found in '" + kernelsDir.string() + "'");
        files.insert(header);
        auto text = readText(kernelsDir / header);
        if (!text) return text.error();
        for (auto& h : kernelIncludes(*text)) pendingHeaders.push_back(h);
    }
    return std::vector<std::string>(files.begin(), files.end());
}

Result<LibraryExport> exportCppLibrary(const std::vector<uint8_t>& tflite, const fs::path& outDir,
                                       const LibraryExportOptions& options) {
    auto model = nn::readModel(tflite.data(), tflite.size());
    if (!model) return model.error();
    CodegenOptions codegen;
    codegen.modelId = options.modelId.empty() ? "model" : options.modelId;
    codegen.labels = options.labels.empty() ? metadataLabels(*model) : options.labels;
    codegen.generator = options.generator.empty() ? "mote" : options.generator;
    // The library is the model only: the sensor/DSP side stays the user's
    // (the firmware's live-inference impulse code needs the device agent).
    // So the impulse metadata is dropped before generating; the model bytes
    // the library embeds differ from the file only by that entry.
    std::vector<uint8_t> modelBytes = tflite;
    const auto impulseEntry = std::find_if(model->metadata.begin(), model->metadata.end(),
                                           [](const nn::Metadata& m) { return m.name == "mote_impulse"; });
    if (impulseEntry != model->metadata.end()) {
        nn::Model stripped = *model;
        stripped.metadata.erase(stripped.metadata.begin() + (impulseEntry - model->metadata.begin()));
        auto bytes = nn::writeModel(stripped);
        if (!bytes) return bytes.error();
        modelBytes = std::move(*bytes);
    }
    auto gen = generateModel(modelBytes, codegen);
    if (!gen) return gen.error();

    const fs::path kernelsDir = options.kernelsDir.empty() ? sourceRoot() / "core" / "nn" / "kernels" : options.kernelsDir;
    auto kernelFiles = kernelFilesFor(gen->source, kernelsDir);
    if (!kernelFiles) return kernelFiles.error();

    const nn::Tensor& in = model->tensors[static_cast<size_t>(model->inputs[0])];
    const nn::Tensor& out = model->tensors[static_cast<size_t>(model->outputs[0])];
    const bool inInt8 = in.type == nn::DType::Int8, outInt8 = out.type == nn::DType::Int8;

    LibraryExport result;
    result.dir = outDir;
    std::vector<std::string> written;
    auto put = [&](const std::string& rel, const std::string& text) -> Status {
        if (auto s = writeText(outDir / rel, text); !s) return s;
        written.push_back(rel);
        return {};
    };

    if (auto s = put("include/mote_model.h", gen->header); !s) return s.error();
    if (auto s = put("src/mote_model.cpp", gen->source); !s) return s.error();
    std::string cmakeSources;
    for (const auto& f : *kernelFiles) {
        auto text = readText(kernelsDir / f);
        if (!text) return text.error();
        if (auto s = put("src/nn/kernels/" + f, *text); !s) return s.error();
        if (f.size() > 4 && f.compare(f.size() - 4, 4, ".cpp") == 0) {
            result.kernelSources.push_back(f);
            cmakeSources += "  src/nn/kernels/" + f + "\n";
        }
    }

    std::ostringstream h;
    h << "#pragma once\n"
      << "// Generated by " << codegen.generator << " (mote model export --format c++-library) for model '"
      << codegen.modelId << "'.\n"
      << "// The model's quantization parameters and small helpers around mote_model.h.\n"
      << "// Not reentrant: one inference at a time (one static arena).\n"
      << "#include <cstddef>\n#include <cstdint>\n\n#include \"mote_model.h\"\n\n"
      << "namespace mote_model {\n\n"
      << "constexpr bool kInputIsInt8 = " << (inInt8 ? "true" : "false") << ";\n"
      << "constexpr size_t kInputElements = " << in.elements() << ";\n"
      << "// Input quantization: q = clamp(round(x / kInputScale) + kInputZeroPoint, -128, 127).\n"
      << "constexpr float kInputScale = " << floatLiteral(inInt8 ? in.quant.scale() : 1.0f) << ";\n"
      << "constexpr int32_t kInputZeroPoint = " << (inInt8 ? in.quant.zeroPoint() : 0) << ";\n"
      << "constexpr bool kOutputIsInt8 = " << (outInt8 ? "true" : "false") << ";\n"
      << "constexpr size_t kOutputElements = " << out.elements() << ";\n"
      << "// Output dequantization: x = (q - kOutputZeroPoint) * kOutputScale.\n"
      << "constexpr float kOutputScale = " << floatLiteral(outInt8 ? out.quant.scale() : 1.0f) << ";\n"
      << "constexpr int32_t kOutputZeroPoint = " << (outInt8 ? out.quant.zeroPoint() : 0) << ";\n"
      << "constexpr int kLabelCount = kMoteModelLabelCount;\n\n"
      << "// The input tensor (kMoteModelInputBytes bytes) and output tensor, inside the arena.\n"
      << "inline uint8_t* input() { return mote_model_input(); }\n"
      << "inline const uint8_t* output() { return mote_model_output(); }\n"
      << "// Runs the model on input(); the result is at output() until the next invoke().\n"
      << "inline void invoke() { mote_model_invoke(); }\n"
      << "// Label i (0 <= i < kLabelCount), or nullptr.\n"
      << "inline const char* label(int i) { return i >= 0 && i < kLabelCount ? kMoteModelLabels[i] : nullptr; }\n\n"
      << "// Writes `count` (= kInputElements) float features into input(), quantized as above.\n"
      << "// Returns false (and writes nothing) when count is wrong.\n"
      << "bool setInput(const float* values, size_t count);\n"
      << "// Output element i as a float (dequantized).\n"
      << "float outputValue(size_t i);\n"
      << "// Index of the largest output (first on ties).\n"
      << "int topClass();\n\n"
      << "}  // namespace mote_model\n";
    if (auto s = put("include/mote_model_library.h", h.str()); !s) return s.error();

    std::ostringstream c;
    c << "// Generated by " << codegen.generator << " (mote model export --format c++-library).\n"
      << "#include \"mote_model_library.h\"\n\n#include <cmath>\n#include <cstring>\n\n"
      << "namespace mote_model {\n\n"
      << "bool setInput(const float* values, size_t count) {\n"
      << "    if (count != kInputElements) return false;\n"
      << "    if (!kInputIsInt8) {\n"
      << "        std::memcpy(input(), values, count * sizeof(float));\n"
      << "        return true;\n"
      << "    }\n"
      << "    int8_t* q = reinterpret_cast<int8_t*>(input());\n"
      << "    for (size_t i = 0; i < count; ++i) {\n"
      << "        // round half away from zero, as TFLite's QUANTIZE\n"
      << "        long v = std::lround(static_cast<double>(values[i]) / static_cast<double>(kInputScale)) + kInputZeroPoint;\n"
      << "        q[i] = static_cast<int8_t>(v < -128 ? -128 : v > 127 ? 127 : v);\n"
      << "    }\n"
      << "    return true;\n"
      << "}\n\n"
      << "float outputValue(size_t i) {\n"
      << "    if (i >= kOutputElements) return 0.0f;\n"
      << "    if (!kOutputIsInt8) {\n"
      << "        float v;\n"
      << "        std::memcpy(&v, output() + i * sizeof(float), sizeof v);\n"
      << "        return v;\n"
      << "    }\n"
      << "    return static_cast<float>(static_cast<int32_t>(reinterpret_cast<const int8_t*>(output())[i]) - "
         "kOutputZeroPoint) * kOutputScale;\n"
      << "}\n\n"
      << "int topClass() {\n"
      << "    int best = 0;\n"
      << "    for (size_t i = 1; i < kOutputElements; ++i)\n"
      << "        if (outputValue(i) > outputValue(static_cast<size_t>(best))) best = static_cast<int>(i);\n"
      << "    return best;\n"
      << "}\n\n"
      << "}  // namespace mote_model\n";
    if (auto s = put("src/mote_model_library.cpp", c.str()); !s) return s.error();

    std::ostringstream cm;
    cm << "# Generated by " << codegen.generator << " (mote model export --format c++-library) for model '"
       << codegen.modelId << "'.\n"
       << "# Use from your project:  add_subdirectory(<this folder>)  and  target_link_libraries(app PRIVATE mote_model)\n"
       << "cmake_minimum_required(VERSION 3.16)\n"
       << "project(mote_model_library LANGUAGES CXX)\n\n"
       << "add_library(mote_model STATIC\n"
       << "  src/mote_model.cpp\n"
       << "  src/mote_model_library.cpp\n"
       << cmakeSources << ")\n"
       << "target_compile_features(mote_model PUBLIC cxx_std_17)\n"
       << "target_include_directories(mote_model PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include\n"
       << "                           PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)\n";
    if (auto s = put("CMakeLists.txt", cm.str()); !s) return s.error();

    std::ostringstream r;
    r << "# mote_model: model '" << codegen.modelId << "' as a C++ static library\n\n"
      << "Generated by " << codegen.generator << " (`mote model export --format c++-library`). Do not edit: "
      << "regenerate from the studio.\n\n"
      << "- model file sha256: `" << modelHash(tflite) << "`" << (modelBytes != tflite ? " (embedded without its impulse metadata: sha256 `" + gen->hash + "`)" : std::string()) << "\n"
      << "- weights: " << gen->weightsBytes << " bytes (const, flash); arena: " << gen->arenaBytes
      << " bytes (one static buffer, RAM; liveness lower bound " << gen->lowerBoundBytes << ")\n"
      << "- MACs per inference: " << gen->macs << "\n"
      << "- input: " << (inInt8 ? "int8" : "float32") << " x " << in.elements() << "; output: "
      << (outInt8 ? "int8" : "float32") << " x " << out.elements() << "\n"
      << "- labels: ";
    for (size_t i = 0; i < codegen.labels.size(); ++i) r << (i ? ", " : "") << codegen.labels[i];
    r << (codegen.labels.empty() ? "(none recorded)" : "") << "\n\n"
      << "## Build\n\n```cmake\nadd_subdirectory(path/to/this/folder mote_model)\n"
      << "target_link_libraries(your_app PRIVATE mote_model)\n```\n\n"
      << "C++17, no heap, no exceptions, no RTTI, no interpreter: the operators are direct calls into the kernels in "
      << "`src/nn/kernels` (only the ones this model uses), with every parameter precomputed.\n\n"
      << "## Use\n\n```cpp\n#include \"mote_model_library.h\"\n\n"
      << "float features[mote_model::kInputElements];   // your DSP output, same order as in the studio\n"
      << "mote_model::setInput(features, mote_model::kInputElements);\n"
      << "mote_model::invoke();\n"
      << "int best = mote_model::topClass();\n"
      << "const char* name = mote_model::label(best);\n"
      << "float score = mote_model::outputValue(best);\n```\n\n"
      << "## Quantization\n\n"
      << "The input is quantized as `q = clamp(round(x / " << floatLiteral(inInt8 ? in.quant.scale() : 1.0f)
      << ") + " << (inInt8 ? in.quant.zeroPoint() : 0) << ", -128, 127)` (`kInputScale`, `kInputZeroPoint`; "
      << "round half away from zero); `setInput` does it for you, or write int8 bytes to `input()` directly.\n"
      << "Outputs dequantize as `x = (q - kOutputZeroPoint) * kOutputScale`.\n\n"
      << "Not reentrant: one static arena, one inference at a time.\n";
    if (auto s = put("README.md", r.str()); !s) return s.error();

    std::sort(written.begin(), written.end());
    result.files = std::move(written);
    result.model = std::move(*gen);
    return result;
}

}  // namespace mote::firmware

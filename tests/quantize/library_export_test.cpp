// `c++-library` export: the folder builds on its own with the host compiler
// through CMake (real processes), a tiny program linked against it runs the
// model, and its output bytes equal the host Executor's byte for byte.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "common/shared_dir.h"
#include "firmware/library_export.h"
#include "firmware/subprocess.h"
#include "nn/quantize/tensor_float.h"
#include "nn/runtime/executor.h"
#include "nn/tflite/reader.h"
#include "nn/tflite/writer.h"
#include "common/tiny_int8_model.h"

namespace fs = std::filesystem;
using namespace mote;

namespace {

struct Ran {
    int code = -1;
    std::string output;
};

Ran run(const std::vector<std::string>& argv, const fs::path& cwd = {}) {
    firmware::SpawnOptions o;
    o.argv = argv;
    o.workingDir = cwd;
    auto p = firmware::Subprocess::spawn(o);
    EXPECT_TRUE(p) << p.message();
    Ran r;
    if (!p) return r;
    while (p->readOutput(r.output, std::chrono::milliseconds(500))) {
    }
    auto code = p->wait(std::chrono::seconds(240));
    r.code = code ? *code : -1;
    return r;
}

std::vector<uint8_t> readBytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// A program of "the user's project": raw input bytes in, raw output bytes
// out, plus the float helper path for one check.
const char* kMain = R"(#include <cstdio>
#include <cstring>
#include <vector>
#include "mote_model_library.h"
int main(int argc, char** argv) {
    if (argc < 3) return 2;
    if (std::strcmp(argv[1], "--labels") == 0) {
        for (int i = 0; i < mote_model::kLabelCount; ++i) std::printf("%s\n", mote_model::label(i));
        return 0;
    }
    FILE* in = std::fopen(argv[1], "rb");
    if (!in) return 3;
    const size_t n = std::fread(mote_model::input(), 1, kMoteModelInputBytes, in);
    std::fclose(in);
    if (n != kMoteModelInputBytes) return 4;
    mote_model::invoke();
    FILE* out = std::fopen(argv[2], "wb");
    if (!out) return 5;
    std::fwrite(mote_model::output(), 1, kMoteModelOutputBytes, out);
    std::fclose(out);
    std::printf("top %d %s\n", mote_model::topClass(), mote_model::label(mote_model::topClass()));
    return 0;
}
)";

}  // namespace

TEST(LibraryExport, BuildsStandaloneAndMatchesTheHostExecutorByteForByte) {
    const auto models = test::tinyModels();
    auto bytes = nn::writeModel(models.int8Model);
    ASSERT_TRUE(bytes) << bytes.message();
    const fs::path root = test::binaryDir() / "test-tmp" / "library-export";
    fs::remove_all(root);
    const fs::path lib = root / "mote_model";

    firmware::LibraryExportOptions options;
    options.modelId = "tiny";
    options.generator = "mote test";
    auto exported = firmware::exportCppLibrary(*bytes, lib, options);
    ASSERT_TRUE(exported) << exported.message();
    for (const char* f : {"CMakeLists.txt", "README.md", "include/mote_model.h", "include/mote_model_library.h",
                          "src/mote_model.cpp", "src/mote_model_library.cpp"})
        EXPECT_TRUE(fs::exists(lib / f)) << f;
    // Exactly the kernels this model calls: conv, max pool, fully connected,
    // softmax (+ fixed point helpers); nothing for ops it does not have.
    auto has = [&](const std::string& f) {
        return std::find(exported->kernelSources.begin(), exported->kernelSources.end(), f) !=
               exported->kernelSources.end();
    };
    EXPECT_TRUE(has("conv.cpp"));
    EXPECT_TRUE(has("fully_connected.cpp"));
    EXPECT_TRUE(has("pooling.cpp"));
    EXPECT_TRUE(has("softmax.cpp"));
    EXPECT_FALSE(has("elementwise.cpp"));
    EXPECT_FALSE(has("activations.cpp"));
    EXPECT_FALSE(has("depthwise_conv.cpp"));
    for (const auto& f : exported->kernelSources) EXPECT_TRUE(fs::exists(lib / "src/nn/kernels" / f)) << f;
    // Labels came from the model's metadata; quantization params in the header.
    std::ifstream header(lib / "include/mote_model_library.h");
    const std::string h((std::istreambuf_iterator<char>(header)), {});
    EXPECT_NE(h.find("kInputScale"), std::string::npos);
    EXPECT_NE(h.find("kInputZeroPoint = " +
                     std::to_string(models.int8Model.tensors[size_t(models.int8Model.inputs[0])].quant.zeroPoint())),
              std::string::npos);

    // The user's project: add_subdirectory(the export) + a main.
    const fs::path app = root / "app";
    fs::create_directories(app);
    std::ofstream(app / "main.cpp") << kMain;
    std::ofstream(app / "CMakeLists.txt") << "cmake_minimum_required(VERSION 3.16)\nproject(app CXX)\n"
                                             "add_subdirectory(../mote_model mote_model)\n"
                                             "add_executable(runner main.cpp)\n"
                                             "target_link_libraries(runner PRIVATE mote_model)\n";
    auto configure = run({"cmake", "-S", app.string(), "-B", (app / "build").string(), "-G", "Ninja",
                          "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror"});
    ASSERT_EQ(configure.code, 0) << configure.output;
    auto build = run({"cmake", "--build", (app / "build").string(), "-j2"});
    ASSERT_EQ(build.code, 0) << build.output;
    const fs::path runner = app / "build" / "runner";
    ASSERT_TRUE(fs::exists(runner));

    auto labels = run({runner.string(), "--labels", "x"});
    ASSERT_EQ(labels.code, 0);
    EXPECT_EQ(labels.output, "left\nright\nstill\n");

    auto ex = nn::Executor::create(models.int8Model);
    ASSERT_TRUE(ex) << ex.message();
    int compared = 0;
    for (const auto& w : test::tinyWindows(8, 2024)) {
        std::vector<uint8_t> input((*ex)->inputTensor(0).bytes());
        ASSERT_TRUE(nn::storeFloats((*ex)->inputTensor(0), w, input.data()));
        std::copy(input.begin(), input.end(), (*ex)->inputData(0));
        (*ex)->invoke();
        const std::vector<uint8_t> want((*ex)->outputData(0), (*ex)->outputData(0) + (*ex)->outputTensor(0).bytes());
        const fs::path inFile = root / ("in" + std::to_string(compared) + ".bin");
        const fs::path outFile = root / ("out" + std::to_string(compared) + ".bin");
        std::ofstream(inFile, std::ios::binary).write(reinterpret_cast<const char*>(input.data()),
                                                      static_cast<std::streamsize>(input.size()));
        auto r = run({runner.string(), inFile.string(), outFile.string()});
        ASSERT_EQ(r.code, 0) << r.output;
        EXPECT_EQ(readBytes(outFile), want) << "window " << compared;
        ++compared;
    }
    EXPECT_EQ(compared, 8);
}

TEST(LibraryExport, RefusesWhatItCannotExport) {
    const auto models = test::tinyModels();
    // A float model: the code generator names what it does not support.
    auto floatBytes = nn::writeModel(models.floatModel);
    ASSERT_TRUE(floatBytes);
    const fs::path root = test::binaryDir() / "test-tmp" / "library-export-errors";
    fs::remove_all(root);
    auto f = firmware::exportCppLibrary(*floatBytes, root / "float");
    ASSERT_FALSE(f);
    EXPECT_NE(f.message().find("does not support"), std::string::npos) << f.message();
    // Not a model at all.
    const std::vector<uint8_t> junk(64, 0x5a);
    EXPECT_FALSE(firmware::exportCppLibrary(junk, root / "junk"));
    // Kernels folder missing.
    auto int8Bytes = nn::writeModel(models.int8Model);
    ASSERT_TRUE(int8Bytes);
    firmware::LibraryExportOptions o;
    o.kernelsDir = root / "no-such-kernels";
    auto k = firmware::exportCppLibrary(*int8Bytes, root / "k", o);
    ASSERT_FALSE(k);
    EXPECT_NE(k.message().find("not found"), std::string::npos) << k.message();
}

// Impulse code generation (DSP config, window, quantization, engine
// buffers for live inference) and the standalone firmware project export.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "common/shared_dir.h"
#include "firmware/firmware_export.h"
#include "firmware/impulse_codegen.h"

using namespace mote;
using namespace mote::firmware;
namespace fs = std::filesystem;

namespace {

nlohmann::json motionImpulse() {
    std::ifstream in(test::sourceDir() / "resources/impulses/motion.json");
    return nlohmann::json::parse(in);
}

}  // namespace

TEST(ImpulseCodegen, MotionImpulseGivesWindowStrideAxesAndExactQuantization) {
    ImpulseCodegenInput in;
    in.impulse = motionImpulse();
    in.impulse["input"]["axes"] = {"accX", "accY", "accZ"};
    in.modelInputElements = 3 * (3 + 32);  // spectral: rms/skew/kurt + 32 bins per axis
    in.inputScale = 0.1f;
    in.inputZeroPoint = -5;
    in.outputScale = 1.0f / 256.0f;
    in.outputZeroPoint = -128;
    in.labelCount = 4;
    auto gen = generateImpulse(in);
    ASSERT_TRUE(gen) << gen.message();
    EXPECT_EQ(gen->windowFrames, 200u);  // 2000 ms at 100 Hz
    EXPECT_EQ(gen->strideFrames, 50u);   // 500 ms
    EXPECT_EQ(gen->axisCount, 3u);
    EXPECT_EQ(gen->featureCount, 105u);
    EXPECT_GT(gen->bufferBytes, 200u * 3 * 6);
    EXPECT_NE(gen->header.find("#define MOTE_MODEL_HAS_IMPULSE 1"), std::string::npos);
    EXPECT_NE(gen->source.find("\"accX\", \"accY\", \"accZ\""), std::string::npos);
    EXPECT_NE(gen->source.find("0x1.99999ap-4f"), std::string::npos) << "input scale 0.1f as an exact hex float";
    EXPECT_NE(gen->source.find("int16_t gImpulseRing[600]"), std::string::npos);
}

TEST(ImpulseCodegen, AllAxesImpulseInfersTheAxisCountFromTheModelInput) {
    ImpulseCodegenInput in;
    in.impulse = motionImpulse();  // "axes": [] = every axis of the recordings
    in.modelInputElements = 6 * 35;
    in.inputScale = 1;
    in.labelCount = 5;
    auto gen = generateImpulse(in);
    ASSERT_TRUE(gen) << gen.message();
    EXPECT_EQ(gen->axisCount, 6u);
    EXPECT_NE(gen->source.find("nullptr, 6,"), std::string::npos) << "no axis names: the sensor's axes in order";
}

TEST(ImpulseCodegen, MismatchBetweenDspOutputAndModelInputIsNamed) {
    ImpulseCodegenInput in;
    in.impulse = motionImpulse();
    in.impulse["input"]["axes"] = {"accX"};
    in.modelInputElements = 99;
    auto gen = generateImpulse(in);
    ASSERT_FALSE(gen);
    EXPECT_NE(gen.message().find("35 features, the model takes 99"), std::string::npos) << gen.message();
    in.impulse["dsp"]["block"] = "no-such-block";
    auto bad = generateImpulse(in);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.message().find("invalid"), std::string::npos) << bad.message();
}

TEST(FirmwareExport, WritesAStandaloneProjectWithEverySourceTheFirmwareBuildsAndAZip) {
    const fs::path work = fs::temp_directory_path() / ("mote-export-test-" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::create_directories(work / "gen");
    std::ofstream(work / "gen/mote_model.h") << "#pragma once\n";
    std::ofstream(work / "gen/mote_model.cpp") << "#include \"mote_model.h\"\n";
    auto profile = findBoardProfile(test::sourceDir() / "templates" / "boards", "qemu-mps2-an386");
    ASSERT_TRUE(profile) << profile.message();
    auto result = exportFirmwareProject({work / "gen", *profile, work / "out", work / "out.zip"});
    ASSERT_TRUE(result) << result.message();
    for (const char* file :
         {"CMakeLists.txt", "README.md", "generated/mote_model.cpp", "core/protocol/frame_decoder.cpp",
          "core/protocol/mote_protocol.fbs", "core/dsp/spectral_block.cpp", "core/nn/kernels/conv.h",
          "device_agent/core/agent/agent.cpp", "device_agent/core/inference/live_engine.cpp",
          "device_agent/ports/qemu-mps2-an386/firmware/CMakeLists.txt",
          "device_agent/ports/qemu-mps2-an386/firmware/linker/mps2_an386.ld", "cmake/arm-none-eabi.cmake"})
        EXPECT_TRUE(fs::is_regular_file(work / "out" / file)) << file;
    EXPECT_FALSE(fs::exists(work / "out/core/dsp/dsp_config_json.cpp")) << "host-only sources stay out";
    EXPECT_FALSE(fs::exists(work / "out/core/protocol/messages.cpp"));
    std::ifstream cmake(work / "out/CMakeLists.txt");
    const std::string text((std::istreambuf_iterator<char>(cmake)), {});
    EXPECT_NE(text.find("add_subdirectory(device_agent/ports/qemu-mps2-an386/firmware firmware)"), std::string::npos);
    EXPECT_NE(text.find("MOTE_FW_MODEL_DIR"), std::string::npos);
    ASSERT_EQ(result->zip, work / "out.zip");
    EXPECT_GT(fs::file_size(work / "out.zip"), 10000u);
    // Exporting into a non-empty folder is refused.
    auto again = exportFirmwareProject({work / "gen", *profile, work / "out", {}});
    ASSERT_FALSE(again);
    EXPECT_NE(again.message().find("not empty"), std::string::npos);
    fs::remove_all(work);
}

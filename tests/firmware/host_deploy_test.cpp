// Deployment to the host-simulated board, end to end: generate C++ from a
// conformance model, build the simulator with it (linking the prebuilt agent,
// DSP and kernel libraries of the studio's build), "flash" (restart the
// simulator process), verify the model hash it reports, and compare the
// board's boot self-test output with TFLite Micro's golden byte for byte.
// Also: the exported standalone project builds from its own sources with
// the host compiler and carries the same model.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "common/board_fixture.h"
#include "common/shared_dir.h"
#include "firmware/board_selftest.h"
#include "firmware/build_driver.h"
#include "firmware/deploy.h"
#include "firmware/firmware_export.h"
#include "firmware/model_codegen.h"

using namespace std::chrono_literals;
using namespace mote::firmware;
namespace fs = std::filesystem;

using mote::test::readFileBytes;

struct HostDeployTest : mote::test::BoardFixture {
    HostDeployTest() : BoardFixture("host-sim") {}
};

TEST_F(HostDeployTest, KwsModelDeploysToTheSimulatorVerifiesAndMatchesGolden) {
    MOTE_REQUIRE_SHARED("models/mlperf_tiny/kws_ref_model.tflite");
    MOTE_REQUIRE_SHARED("golden/kws_ref_model/case_0_output_0.bin");
    const auto golden = mote::test::sharedDir() / "golden" / "kws_ref_model";
    const DeployRequest request = kwsGoldenRequest();
    std::vector<std::string> log;
    auto deployed = deployVerified(request, &log);
    ASSERT_TRUE(deployed.has_value());
    EXPECT_EQ(deployed->elf.filename(), "mote-board-sim");
    // The studio's build prebuilt the host board's libraries: the deployment
    // compiled only main.cpp and the generated model.
    const bool prebuilt = !prebuiltFirmwareLibraries(m_board).empty();
    std::string joined;
    for (const auto& l : log)
        joined += l + "\n";
    EXPECT_NE(joined.find(prebuilt ? "linking the prebuilt" : "no prebuilt agent libraries"), std::string::npos)
        << joined;
    if (!prebuilt)
        std::printf("NOTE: no prebuilt host-sim libraries in this build (MOTE_PREBUILD_HOST_FIRMWARE=OFF): "
                    "the deployment compiled everything\n");

    // The running simulator is the deployed binary, recorded as the board.
    const auto running = findRunningBoard(m_flasher.stateDir, m_board.name);
    ASSERT_TRUE(running.has_value());
    EXPECT_EQ(fs::path(running->image), deployed->elf);
    EXPECT_EQ(running->connectionPath, deployed->connectionPath);

    // Host kernels = the portable reference path: TFLM's output, byte for byte.
    auto selfTest = readBoardSelfTest(deployed->connectionPath, 10s);
    ASSERT_TRUE(selfTest.ok()) << selfTest.message();
    EXPECT_EQ(selfTest->outputHex, hexBytes(readFileBytes(golden / "case_0_output_0.bin")));
    std::printf("[ figures ] kws_ref_model deployed to host-sim in %.1f s\n", deployed->seconds);

    // A redeploy of the same model rebuilds nothing and verifies again.
    auto again = deployModel(request, nullptr, nullptr);
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again->boardReportedHash, deployed->model.hash);
    EXPECT_EQ(again->firmwareHash, deployed->firmwareHash);
}

TEST_F(HostDeployTest, ExportedProjectBuildsFromItsOwnSourcesAndCarriesTheModel) {
    MOTE_REQUIRE_SHARED("models/tflm/hello_world_int8.tflite");
    const auto model = mote::test::sharedDir() / "models/tflm/hello_world_int8.tflite";
    CodegenOptions options;
    options.modelId = "hello_world";
    auto generated = generateModel(readFileBytes(model), options);
    ASSERT_TRUE(generated.ok()) << generated.message();
    fs::create_directories(m_work / "gen");
    std::ofstream(m_work / "gen/mote_model.h") << generated->header;
    std::ofstream(m_work / "gen/mote_model.cpp") << generated->source;

    auto exported = exportFirmwareProject({m_work / "gen", m_board, m_work / "export", {}});
    ASSERT_TRUE(exported.ok()) << exported.message();
    EXPECT_TRUE(fs::is_regular_file(m_work / "export/device_agent/ports/host/main.cpp"));
    EXPECT_TRUE(fs::is_regular_file(m_work / "export/device_agent/firmware_sources.cmake"));

    // Built like a user elsewhere would: no prebuilt libraries, no studio tree.
    BuildRequest build;
    build.sourceDir = m_work / "export";
    build.buildDir = m_work / "export-build";
    std::string lastLine;
    auto built = runBuild(build, [&](const std::string& l) { lastLine = l; }, nullptr);
    ASSERT_TRUE(built.ok()) << built.message();
    const auto binary = build.buildDir / "firmware" / m_board.buildOutput;
    ASSERT_TRUE(fs::exists(binary)) << binary;

    auto flasher = makeFlasher(m_board, m_flasher);
    ASSERT_TRUE(flasher.ok()) << flasher.message();
    auto flashed = (*flasher)->flash({binary, ""}, nullptr);
    ASSERT_TRUE(flashed.ok()) << flashed.message();
    std::string boardName;
    auto hash = readBoardModelHash(flashed->connectionPath, 10s, &boardName);
    ASSERT_TRUE(hash.ok()) << hash.message();
    EXPECT_EQ(*hash, generated->hash);
    EXPECT_EQ(boardName, "host-sim");
}

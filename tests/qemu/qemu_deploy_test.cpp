// End to end on the emulated Cortex-M4: generate C++ from a conformance
// model, build it into the agent firmware, flash it to QEMU, verify the hash
// the board reports, and compare the board's self-test output with the
// TFLite Micro golden output byte for byte. Also: a model too big for the
// board is refused before anything is flashed.
#include <gtest/gtest.h>

#include "common/board_fixture.h"
#include "common/shared_dir.h"
#include "firmware/board_selftest.h"
#include "firmware/deploy.h"

using namespace std::chrono_literals;
using namespace mote::firmware;

using mote::test::readFileBytes;
using QemuDeployTest = mote::test::BoardFixture;

TEST_F(QemuDeployTest, KwsModelDeploysVerifiesAndMatchesGoldenOnTheBoard) {
    MOTE_REQUIRE_SHARED("models/mlperf_tiny/kws_ref_model.tflite");
    MOTE_REQUIRE_SHARED("golden/kws_ref_model/case_0_output_0.bin");
    const auto golden = mote::test::sharedDir() / "golden" / "kws_ref_model";
    DeployRequest request = kwsGoldenRequest();
    request.labels = {"down", "go", "left", "no", "off", "on", "right", "stop", "up", "yes", "silence", "unknown"};
    auto deployed = deployVerified(request);
    ASSERT_TRUE(deployed.has_value());
    EXPECT_GE(deployed->usage.flashOf(UsageCategory::ModelWeights), deployed->model.weightsBytes);

    // The board ran golden case 0 at boot: its output must equal TFLM's.
    auto selfTest = readBoardSelfTest(deployed->connectionPath, 30s);
    ASSERT_TRUE(selfTest.ok()) << selfTest.message();
    EXPECT_EQ(selfTest->outputHex, hexBytes(readFileBytes(golden / "case_0_output_0.bin")));
    const unsigned long long ticks = selfTest->ticks;
    std::printf("[ figures ] kws_ref_model on qemu-mps2-an386: %llu SysTick ticks = %llu instructions, "
                "%lld MACs (%.3f MAC/instr), arena %zu B (lower bound %zu B), weights %zu B, "
                "firmware flash %llu B, RAM %llu B, deploy %.1f s\n",
                ticks, ticks * 40, static_cast<long long>(deployed->model.macs),
                static_cast<double>(deployed->model.macs) / static_cast<double>(ticks * 40),
                deployed->model.arenaBytes, deployed->model.lowerBoundBytes, deployed->model.weightsBytes,
                static_cast<unsigned long long>(deployed->usage.flashBytes),
                static_cast<unsigned long long>(deployed->usage.ramBytes), deployed->seconds);
}

TEST_F(QemuDeployTest, TooBigModelIsRefusedBeforeFlashingAndRunningBoardIsUntouched) {
    MOTE_REQUIRE_SHARED("models/mlperf_tiny/vww_96_int8.tflite");
    // A board already runs the previous deployment (stock firmware here).
    auto flasher = makeFlasher(m_board, m_flasher);
    ASSERT_TRUE(flasher.ok());
    auto previous = (*flasher)->flash({MOTE_QEMU_FIRMWARE_ELF, ""}, nullptr);
    ASSERT_TRUE(previous.ok()) << previous.message();
    const auto before = findRunningBoard(m_flasher.stateDir, m_board.name);
    ASSERT_TRUE(before.has_value());

    BoardProfile small = m_board;
    small.flashBytes = 256 * 1024;  // vww weights alone are ~300 KB
    DeployRequest request;
    request.model = mote::test::sharedDir() / "models/mlperf_tiny/vww_96_int8.tflite";
    request.board = small;
    request.workDir = m_work / "vww";
    request.flasher = m_flasher;
    std::vector<DeployStage> stages;
    auto deployed = deployModel(request, nullptr, [&](DeployStage s, int) { stages.push_back(s); });
    ASSERT_FALSE(deployed.ok());
    EXPECT_NE(deployed.message().find("does not fit"), std::string::npos) << deployed.message();
    EXPECT_NE(deployed.message().find("nothing was flashed"), std::string::npos);
    EXPECT_NE(deployed.message().find("over by"), std::string::npos);
    EXPECT_NE(deployed.message().find("model weights"), std::string::npos);
    for (auto s : stages)
        EXPECT_TRUE(s == DeployStage::Generate || s == DeployStage::FitEstimate) << deployStageName(s);
    EXPECT_FALSE(std::filesystem::exists(request.workDir / "build")) << "no build should have started";
    const auto after = findRunningBoard(m_flasher.stateDir, m_board.name);
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->pid, before->pid);
    EXPECT_EQ(after->image, before->image);
}

TEST_F(QemuDeployTest, StockFirmwareReportsNoModelHash) {
    auto flasher = makeFlasher(m_board, m_flasher);
    ASSERT_TRUE(flasher.ok());
    auto flashed = (*flasher)->flash({MOTE_QEMU_FIRMWARE_ELF, ""}, nullptr);
    ASSERT_TRUE(flashed.ok()) << flashed.message();
    std::string name;
    auto hash = readBoardModelHash(flashed->connectionPath, 5s, &name);
    ASSERT_TRUE(hash.ok()) << hash.message();
    EXPECT_EQ(*hash, "");
    EXPECT_EQ(name, "qemu-mps2-an386");
}

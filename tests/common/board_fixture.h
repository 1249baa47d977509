#pragma once
// Set-up shared by the tests that deploy to a board (by default the
// emulated qemu-mps2-an386): a private work folder (per process and test
// suite), the board profile from templates/boards, and flasher options whose
// state folder (which boards run, on which pty) lives inside that work
// folder, so a test never sees or stops another test's board. TearDown stops
// the board this test started and removes the folder.
//
// Use: `using MyQemuTest = mote::test::BoardFixture;` then TEST_F(MyQemuTest, ...);
// another board: `struct MyTest : mote::test::BoardFixture { MyTest() : BoardFixture("host-sim") {} };`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/shared_dir.h"
#include "firmware/board_profile.h"
#include "firmware/deploy.h"
#include "firmware/flasher.h"
#include "firmware/model_codegen.h"

namespace mote::test {

inline std::vector<uint8_t> readFileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

class BoardFixture : public ::testing::Test {
protected:
    explicit BoardFixture(std::string boardName = "qemu-mps2-an386") : m_boardName(std::move(boardName)) {}

    void SetUp() override {
        const std::string suite = ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name();
        m_work = std::filesystem::temp_directory_path() / ("mote-" + suite + "-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_work);
        auto profile = firmware::findBoardProfile(sourceDir() / "templates" / "boards", m_boardName);
        ASSERT_TRUE(profile.ok()) << profile.message();
        m_board = *profile;
        m_flasher.stateDir = m_work / "state";
    }
    void TearDown() override {
        (void)firmware::stopRunningBoard(m_flasher.stateDir, m_board.name);
        std::filesystem::remove_all(m_work);
    }

    // kws_ref_model with TFLM golden case 0 as the boot self-test input
    // (callers check MOTE_REQUIRE_SHARED first).
    firmware::DeployRequest kwsGoldenRequest() const {
        const auto golden = sharedDir() / "golden" / "kws_ref_model";
        firmware::DeployRequest request;
        request.model = sharedDir() / "models/mlperf_tiny/kws_ref_model.tflite";
        request.board = m_board;
        request.workDir = m_work / "kws";
        request.selfTestInput = readFileBytes(golden / "case_0_input_0.bin");
        request.flasher = m_flasher;
        return request;
    }

    // Deploys and checks what every verified deployment shows: all stages
    // through Done, the board reporting the model's hash, a fitting image
    // whose arena is the planner's. `log` collects the deployment's lines.
    std::optional<firmware::DeployResult> deployVerified(const firmware::DeployRequest& request,
                                                         std::vector<std::string>* log = nullptr) {
        std::vector<firmware::DeployStage> stages;
        auto deployed = firmware::deployModel(
            request, [&](const std::string& l) { if (log) log->push_back(l); },
            [&](firmware::DeployStage s, int) { stages.push_back(s); });
        EXPECT_TRUE(deployed.ok()) << deployed.message();
        if (!deployed)
            return std::nullopt;
        EXPECT_EQ(stages.back(), firmware::DeployStage::Done);
        EXPECT_EQ(deployed->boardReportedHash, deployed->model.hash);
        EXPECT_EQ(deployed->model.hash, firmware::modelHash(readFileBytes(request.model)));
        EXPECT_TRUE(deployed->fit.fits);
        EXPECT_EQ(deployed->usage.ramOf(firmware::UsageCategory::Arena), deployed->model.arenaBytes);
        return std::move(*deployed);
    }

    const std::string m_boardName;
    std::filesystem::path m_work;
    firmware::BoardProfile m_board;
    firmware::FlasherOptions m_flasher;
};

}  // namespace mote::test

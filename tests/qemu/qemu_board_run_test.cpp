// Bring-your-own model on the emulated Cortex-M4: the board runs a
// conformance model on inputs sent over the protocol (ModelInput ->
// RunModel -> ModelOutput) and returns exactly TFLite Micro's golden output.
// One firmware build per model (the expensive part): hello_world_int8
// through the `mote model run --board` CLI (deploys once, then reuses the
// running board), kws_ref_model through BoardModelRunner.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "../device/run_process.h"
#include "common/shared_dir.h"
#include "firmware/board_model_runner.h"
#include "common/board_fixture.h"

using namespace std::chrono_literals;
using namespace mote::firmware;

using mote::test::readFileBytes;
using QemuBoardRunTest = mote::test::BoardFixture;

TEST_F(QemuBoardRunTest, CliRunsHelloWorldOnTheBoardAndReusesTheDeployedFirmware) {
    MOTE_REQUIRE_SHARED("models/tflm/hello_world_int8.tflite");
    MOTE_REQUIRE_SHARED("golden/hello_world_int8/case_1_output_0.bin");
    const auto shared = mote::test::sharedDir();
    const auto golden = shared / "golden" / "hello_world_int8";
    ::setenv("MOTE_STATE_DIR", m_flasher.stateDir.c_str(), 1);
    for (int c : {0, 1}) {
        const auto out = m_work / ("out" + std::to_string(c));
        auto r = mote::test::runProcess(
            MOTE_CLI_PATH,
            {"model", "run", (shared / "models/tflm/hello_world_int8.tflite").string(), "--board", "qemu-mps2-an386",
             "--input", (golden / ("case_" + std::to_string(c) + "_input_0.bin")).string(), "--output-dir",
             out.string(), "--work-dir", (m_work / "fw").string(), "--json"},
            480s);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        auto j = nlohmann::json::parse(r.out);
        EXPECT_EQ(j["board"]["deployed"].get<bool>(), c == 0) << "the second run must reuse the running board";
        EXPECT_GT(j["board"]["cycles"].get<uint64_t>(), 0u);
        EXPECT_EQ(readFileBytes(out / "output_0.bin"),
                  readFileBytes(golden / ("case_" + std::to_string(c) + "_output_0.bin")))
            << "case " << c << ": the board's output differs from TFLite Micro's";
    }
    // A wrong input size is refused by the CLI with the sizes, before the board is involved.
    std::ofstream(m_work / "short.bin", std::ios::binary) << "ab";
    auto bad = mote::test::runProcess(
        MOTE_CLI_PATH, {"model", "run", (shared / "models/tflm/hello_world_int8.tflite").string(), "--board",
                        "qemu-mps2-an386", "--input", (m_work / "short.bin").string(), "--output-dir",
                        (m_work / "bad").string()},
        60s);
    EXPECT_NE(bad.exitCode, 0);
    EXPECT_NE(bad.err.find("expects 1"), std::string::npos) << bad.err;
    ::unsetenv("MOTE_STATE_DIR");
}

TEST_F(QemuBoardRunTest, KwsRefModelOnTheBoardEqualsTfliteMicroGolden) {
    MOTE_REQUIRE_SHARED("models/mlperf_tiny/kws_ref_model.tflite");
    MOTE_REQUIRE_SHARED("golden/kws_ref_model/case_1_output_0.bin");
    const auto golden = mote::test::sharedDir() / "golden" / "kws_ref_model";
    BoardModelRequest request;
    request.model = mote::test::sharedDir() / "models/mlperf_tiny/kws_ref_model.tflite";
    request.board = m_board;
    request.workDir = m_work / "kws";
    request.flasher = m_flasher;
    auto runner = BoardModelRunner::open(request, nullptr);
    ASSERT_TRUE(runner.ok()) << runner.message();
    EXPECT_TRUE((*runner)->deployed());
    for (int c : {0, 1}) {
        BoardRunStats stats;
        auto out = (*runner)->run({readFileBytes(golden / ("case_" + std::to_string(c) + "_input_0.bin"))}, &stats);
        ASSERT_TRUE(out.ok()) << out.message();
        ASSERT_EQ(out->size(), 1u);
        EXPECT_EQ((*out)[0], readFileBytes(golden / ("case_" + std::to_string(c) + "_output_0.bin"))) << "case " << c;
        EXPECT_GT(stats.cycles, 100000u);
        std::printf("[ figures ] kws_ref_model case %d on qemu-mps2-an386 via RunModel: %llu cycles (%llu instr), "
                    "%u us board time, %.2f s round trip\n",
                    c, static_cast<unsigned long long>(stats.cycles),
                    static_cast<unsigned long long>(stats.cycles * 40), stats.timeUs, stats.hostSeconds);
    }
    // Wrong input size: the board refuses with the sizes and stays usable.
    auto bad = (*runner)->run({std::vector<uint8_t>(10, 0)});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("490 bytes"), std::string::npos) << bad.message();
    auto again = (*runner)->run({readFileBytes(golden / "case_0_input_0.bin")});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ((*again)[0], readFileBytes(golden / "case_0_output_0.bin"));
}

// `mote demo` end to end, as a user runs it: the real CLI binary boots the
// board (the emulated Cortex-M4 under QEMU, or the host-simulated board),
// records a motion dataset from its simulated IMU over the pty, trains with
// the external torch trainer, quantizes, deploys the generated firmware,
// watches live inference and evaluates the test split on the board against
// the host int8 model.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "dataset/sample_store.h"
#include "firmware/board_profile.h"
#include "firmware/deploy_lineage.h"
#include "firmware/flasher.h"
#include "run_process.h"

namespace fs = std::filesystem;
using mote::test::runProcess;

namespace {

fs::path freshDir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// Emulators this test starts are recorded in its own state folder, so
// parallel tests never stop each other's boards.
// The board it leaves running is stopped, and the work folder (which holds
// the state folder) removed, only after that.
struct StateDir {
    StateDir(fs::path workDir, fs::path dir) : work(std::move(workDir)), path(std::move(dir)) {
        ::setenv("MOTE_STATE_DIR", path.c_str(), 1);
    }
    ~StateDir() {
        for (const char* board : {"qemu-mps2-an386", "host-sim"})
            (void)mote::firmware::stopRunningBoard(path, board);
        ::unsetenv("MOTE_STATE_DIR");
        if (!::testing::Test::HasFailure())
            fs::remove_all(work);  // kept for inspection when the test failed
    }
    fs::path work;
    fs::path path;
};

// Runs the demo on `board` and checks what holds on every board.
void runDemoOn(const std::string& board, const std::string& secondsPerLabel, int expectedSamples) {
    const fs::path work = freshDir("mote-demo-test-" + board);
    StateDir state(work, work / "state");
    const fs::path project = work / "project";
    auto r = runProcess(MOTE_CLI,
                        {"demo", "--board", board, "--project", project.string(), "--seconds-per-label",
                         secondsPerLabel, "--epochs", "30", "--live-seconds", "8", "--eval-windows", "40", "--json"},
                        std::chrono::minutes(8));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"float_accuracy", "int8_accuracy", "device_accuracy", "device_matches_host", "ram_bytes",
                            "flash_bytes", "cycles_per_inference", "board"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["board"], board);
    EXPECT_TRUE(j["emulated"].get<bool>());
    // Four patterns cut into 2 s samples.
    EXPECT_EQ(j["samples"].get<int>(), expectedSamples);
    // The simulated patterns separate well; a tiny test split makes each
    // window worth several points, so the bar is not 100%.
    EXPECT_GE(j["float_accuracy"].get<double>(), 0.75) << r.out;
    EXPECT_GE(j["int8_accuracy"].get<double>(), 0.75) << r.out;
    // Hardware in the loop: the board computes what the host int8 model computes.
    EXPECT_GT(j["eval_windows"].get<int>(), 0);
    EXPECT_DOUBLE_EQ(j["device_matches_host"].get<double>(), 1.0) << r.out;
    EXPECT_GE(j["device_accuracy"].get<double>(), 0.75) << r.out;
    EXPECT_GE(j["live_results"].get<int>(), 3) << r.err;
    auto profile = mote::firmware::findBoardProfile(mote::firmware::defaultBoardsDir(), board);
    ASSERT_TRUE(profile);
    EXPECT_GT(j["ram_bytes"].get<uint64_t>(), j["model_ram_bytes"].get<uint64_t>());
    EXPECT_LE(j["ram_bytes"].get<uint64_t>(), profile->ramBytes);
    EXPECT_GT(j["flash_bytes"].get<uint64_t>(), j["model_flash_bytes"].get<uint64_t>());
    EXPECT_LE(j["flash_bytes"].get<uint64_t>(), profile->flashBytes);
    if (board == "qemu-mps2-an386") {
        EXPECT_GT(j["cycles_per_inference"].get<double>(), 0) << "SysTick counts cycles under QEMU";
    }

    // The project keeps the lineage: one verified deployment of the demo's model.
    auto store = mote::dataset::SampleStore::open(project / "project.mote.db");
    ASSERT_TRUE(store) << store.message();
    // Every label has its share of the test split, however short the demo.
    auto counts = store->countsByLabel();
    ASSERT_TRUE(counts) << counts.message();
    std::map<std::string, int64_t> testPerLabel;
    for (const auto& c : *counts)
        if (c.split == mote::dataset::Split::Test)
            testPerLabel[c.label] += c.count;
    const int perLabel = expectedSamples / 4;
    const int64_t testShare = perLabel - std::lround(perLabel * 0.8);  // stratified 80/20
    EXPECT_EQ(testPerLabel.size(), 4u);
    for (const auto& [label, n] : testPerLabel)
        EXPECT_EQ(n, testShare) << label;
    auto history = mote::firmware::deploymentHistory(*store);
    ASSERT_TRUE(history) << history.message();
    ASSERT_FALSE(history->empty());
    EXPECT_EQ(history->front().status, "verified");
    EXPECT_EQ(history->front().board, board);
    EXPECT_EQ(history->front().modelId, j["model_id"].get<int64_t>());
    EXPECT_EQ(history->front().firmwareHash, j["firmware_hash"].get<std::string>());
}

}  // namespace

TEST(MoteDemo, WholeLoopOnTheEmulatedBoard) { runDemoOn("qemu-mps2-an386", "10", 20); }

// The same loop on the host-simulated board: the deployment builds the
// simulator with the model and restarts it.
TEST(MoteDemo, WholeLoopOnTheSimulatedBoard) { runDemoOn("host-sim", "8", 16); }

TEST(MoteDemo, UnknownBoardIsRefusedWithTheListHint) {
    const fs::path work = freshDir("mote-demo-bad");
    auto r = runProcess(MOTE_CLI, {"demo", "--board", "no-such-board", "--project", (work / "p").string()});
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_NE(r.err.find("mote board list"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(work / "p")) << "nothing is created for a bad request";
    fs::remove_all(work);
}

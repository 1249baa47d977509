// End to end through the real collect path: the simulated board binary
// (mote-board-sim, on its pty, paced as fast as the host reads) is recorded
// with the real `mote collect` CLI — four motion patterns set on the board
// with --pattern, two boards (seeds) — then `mote train --json` runs the
// real torch trainer on the project's default motion impulse, and the
// studio's own float forward pass must confirm the weights.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "../device/run_process.h"
#include "../device/sim_process.h"
#include "common/shared_dir.h"

namespace fs = std::filesystem;
using namespace mote;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPatterns[] = {"idle", "wave", "circle", "shake"};

test::ProcessResult runMote(const std::vector<std::string>& args, std::chrono::seconds timeout = 60s) {
    return test::runProcess(MOTE_CLI_PATH, args, timeout);
}

}  // namespace

TEST(SimBoardTraining, CollectFourPatternsFromTheBoardBinaryThenTrainAbove90Percent) {
    const auto started = std::chrono::steady_clock::now();
    const auto dir = test::binaryDir() / "test-tmp" / "train-projects" / "sim_board_collect.mote";
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    auto created = runMote({"project", "create", dir.string()});
    ASSERT_EQ(created.exitCode, 0) << created.err;

    // Two boards (different identities, offsets, noise), 4 patterns x 6 samples of 3 s at 100 Hz each.
    for (const char* seed : {"1", "2"}) {
        test::SimProcess sim({"--fast", "--seed", seed});
        ASSERT_TRUE(sim.ok()) << "mote-board-sim did not print its pty";
        for (const char* pattern : kPatterns) {
            auto r = runMote({"collect", "--project", dir.string(), "--port", sim.pty(), "--sensor", "imu", "--rate", "100",
                           "--label", pattern, "--pattern", pattern, "--count", "6", "--length", "3s", "--json"});
            ASSERT_EQ(r.exitCode, 0) << "collect " << pattern << ": " << r.err;
        }
    }
    auto list = runMote({"dataset", "list", "--project", dir.string(), "--json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;

    auto r = runMote({"train", "--project", dir.string(), "--epochs", "30", "--json"}, 180s);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    const double val = j.value("val_accuracy", 0.0), core = j.value("core_val_accuracy", 0.0),
                 agree = j.value("core_agreement", 0.0);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("[ REPORT ] mote-board-sim -> mote collect (4 patterns x 2 boards x 6 x 3 s) -> mote train: "
                "val accuracy %.1f%% (trainer) / %.1f%% (studio), agreement %.1f%%, %zu classes, %.1f s total\n",
                val * 100, core * 100, agree * 100, j.value("classes", nlohmann::json::array()).size(), seconds);
    EXPECT_EQ(j.value("status", std::string()), "succeeded") << r.out;
    EXPECT_GE(val, 0.90) << r.out;
    EXPECT_GE(agree, 0.99) << r.out;
    EXPECT_NEAR(core, val, 0.005) << r.out;
    EXPECT_EQ(j.value("epochs", 0), 30);
    EXPECT_FALSE(j.value("dataset_version", std::string()).empty());

    // The run is in the project database, done.
    auto runs = runMote({"runs", "list", "--project", dir.string(), "--json"});
    ASSERT_EQ(runs.exitCode, 0) << runs.err;
    EXPECT_NE(runs.out.find("succeeded"), std::string::npos) << runs.out;
}

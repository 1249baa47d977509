// The device commands end to end: the real `mote` binary talking to the real
// mote-board-sim over a pty (and to a CSV-printing pty), writing into a real
// project folder.
#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "device/run_process.h"
#include "device/sim_process.h"
#include "project/project.h"
#include "serial/pty_pair.h"

using namespace std::chrono_literals;
using mote::test::runProcess;
using mote::test::SimProcess;

namespace {

class TempProject {
public:
    TempProject() {
        static int n = 0;
        m_dir = std::filesystem::temp_directory_path() / ("mote-cli-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        std::filesystem::remove_all(m_dir);
        auto p = mote::project::Project::create(m_dir, "cli test");
        EXPECT_TRUE(p.ok()) << p.message();
    }
    ~TempProject() { std::filesystem::remove_all(m_dir); }
    std::string dir() const { return m_dir.string(); }
    mote::project::Project open() const {
        auto p = mote::project::Project::open(m_dir);
        EXPECT_TRUE(p.ok()) << p.message();
        return std::move(*p);
    }

private:
    std::filesystem::path m_dir;
};

}  // namespace

TEST(DeviceCli, DevicesJsonListsTheSimulator) {
    SimProcess sim({"--fast", "--board-name", "CLI Test Board"});
    ASSERT_TRUE(sim.ok());
    auto r = runProcess(MOTE_CLI_PATH, {"--json", "devices", "--port", sim.pty()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto list = nlohmann::json::parse(r.out);
    ASSERT_TRUE(list.is_array());
    const nlohmann::json* board = nullptr;
    for (const auto& p : list)
        if (p["port"] == sim.pty())
            board = &p;
    ASSERT_NE(board, nullptr) << r.out;
    EXPECT_EQ((*board)["transport"], "pty");
    EXPECT_EQ((*board)["mote"], true);
    EXPECT_EQ((*board)["board"], "CLI Test Board");
    EXPECT_EQ((*board)["firmware"].get<std::string>().rfind("sim-", 0), 0u);
    ASSERT_EQ((*board)["sensors"].size(), 2u);
    EXPECT_EQ((*board)["sensors"][0]["name"], "imu");
    EXPECT_EQ((*board)["sensors"][0]["axes"].size(), 6u);
    EXPECT_TRUE((*board).contains("model"));

    // Human output names the board too.
    auto text = runProcess(MOTE_CLI_PATH, {"devices", "--port", sim.pty()});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("CLI Test Board"), std::string::npos) << text.out;
}

TEST(DeviceCli, DevicesReportsAPortThatDoesNotAnswer) {
    mote::test::PtyPair pty;
    ASSERT_TRUE(pty.ok());
    auto r = runProcess(MOTE_CLI_PATH, {"devices", "--json", "--port", pty.slavePath(), "--timeout", "100"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto list = nlohmann::json::parse(r.out);
    bool found = false;
    for (const auto& p : list)
        if (p["port"] == pty.slavePath()) {
            found = true;
            EXPECT_EQ(p["mote"], false);
            EXPECT_NE(p["error"].get<std::string>().find("no answer"), std::string::npos);
        }
    EXPECT_TRUE(found);
}

TEST(DeviceCli, CollectIntoAProject) {
    SimProcess sim({"--fast"});
    ASSERT_TRUE(sim.ok());
    TempProject project;
    auto r = runProcess(MOTE_CLI_PATH, {"collect", "--port", sim.pty(), "--sensor", "imu", "--label", "wave",
                                        "--length", "1s", "--count", "3", "--rate", "100", "--pattern", "wave",
                                        "--split", "train", "--project", project.dir(), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["samples"].size(), 3u);
    EXPECT_TRUE(j["error"].is_null());
    EXPECT_EQ(j["counters"]["lostSamples"], 0);
    EXPECT_NE(r.err.find("sample 3/3"), std::string::npos) << r.err;  // progress on stderr

    auto p = project.open();
    auto count = p.store().count({.label = "wave"});
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(*count, 3);
    auto rows = p.store().query({.label = "wave"});
    ASSERT_TRUE(rows.ok());
    for (const auto& s : *rows) {
        EXPECT_EQ(s.frameCount, 100);
        EXPECT_EQ(s.sensor, "imu");
        EXPECT_EQ(s.split, mote::dataset::Split::Train);
        EXPECT_EQ(s.device, j["device"].get<std::string>());
        EXPECT_NE(s.metadataJson.find("pattern wave"), std::string::npos) << s.metadataJson;
    }
}

TEST(DeviceCli, CollectForwarderIntoAProject) {
    mote::test::PtyPair pty;
    ASSERT_TRUE(pty.ok());
    TempProject project;
    std::atomic<bool> stop{false};
    std::thread printer([&] {
        auto next = std::chrono::steady_clock::now();
        for (int i = 0; !stop && i < 5000; ++i) {
            std::this_thread::sleep_until(next);
            next += 5ms;  // 200 Hz, no timestamps: the rate is measured over 2 s
            if (!pty.writeAll(std::to_string(i % 10) + " " + std::to_string(i % 3) + "\n"))
                break;
        }
    });
    auto r = runProcess(MOTE_CLI_PATH, {"collect", "--forwarder", "--port", pty.slavePath(), "--label", "tap",
                                        "--length", "500ms", "--count", "2", "--project", project.dir(), "--json"});
    stop = true;
    printer.join();
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["samples"].size(), 2u);
    EXPECT_EQ(j["rateSource"], "arrival");
    EXPECT_NEAR(j["rateHz"].get<double>(), 200.0, 15.0);
    auto p = project.open();
    EXPECT_EQ(*p.store().count({.label = "tap"}), 2);
}

TEST(DeviceCli, MonitorPrintsJsonLines) {
    SimProcess sim(std::vector<std::string>{});
    ASSERT_TRUE(sim.ok());
    auto r = runProcess(MOTE_CLI_PATH, {"monitor", "--port", sim.pty(), "--sensor", "imu", "--rate", "100",
                                        "--seconds", "1.2", "--interval", "300", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::istringstream lines(r.out);
    std::string line;
    int n = 0;
    uint64_t lastSamples = 0;
    while (std::getline(lines, line)) {
        auto j = nlohmann::json::parse(line);
        EXPECT_EQ(j["sensor"], "imu");
        EXPECT_EQ(j["values"].size(), 6u);
        lastSamples = j["counters"]["samples"].get<uint64_t>();
        ++n;
    }
    EXPECT_GE(n, 3);
    EXPECT_GT(lastSamples, 50u);
}

TEST(DeviceCli, ErrorsAreOneLineWithAnExitCode) {
    TempProject project;
    auto r = runProcess(MOTE_CLI_PATH, {"collect", "--port", "/dev/pts/does-not-exist", "--sensor", "imu", "--label",
                                        "x", "--project", project.dir()});
    EXPECT_EQ(r.exitCode, 5);
    EXPECT_NE(r.err.find("/dev/pts/does-not-exist"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

    SimProcess sim({"--fast"});
    ASSERT_TRUE(sim.ok());
    auto bad = runProcess(MOTE_CLI_PATH, {"collect", "--port", sim.pty(), "--sensor", "imu", "--label", "x",
                                          "--length", "soon", "--project", project.dir()});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("--length"), std::string::npos) << bad.err;

    auto rate = runProcess(MOTE_CLI_PATH, {"collect", "--port", sim.pty(), "--sensor", "imu", "--label", "x",
                                           "--rate", "333", "--project", project.dir()});
    EXPECT_NE(rate.exitCode, 0);
    EXPECT_NE(rate.err.find("333"), std::string::npos) << rate.err;
    EXPECT_EQ(*project.open().store().count(), 0);
}

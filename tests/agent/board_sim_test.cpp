// Integration tests of the real mote-board-sim process over a real pty.
#include <filesystem>

#include "agent_test_util.h"
#include "board_sim_process.h"

using namespace mote;
using namespace mote::agent::test;
using protocol::AnyMessage;

namespace {

template <typename T>
bool is(const AnyMessage& m) {
    return std::holds_alternative<T>(m);
}

protocol::CapabilitiesMessage handshake(PtyClient& client) {
    client.send(protocol::HelloMessage{1, 0, "board_sim_test"});
    EXPECT_TRUE(client.pump(is<protocol::CapabilitiesMessage>, 3000)) << "no Capabilities";
    const auto caps = only<protocol::CapabilitiesMessage>(client.messages);
    client.messages.clear();
    return caps.empty() ? protocol::CapabilitiesMessage{} : caps.back();
}

struct Recorded {
    size_t samples = 0;
    size_t chunks = 0;
    uint32_t indexGaps = 0;
    uint32_t overrun = 0;
    bool sawLast = false;
};

Recorded recordFixed(PtyClient& client, uint8_t sensor, float rate, uint32_t length, int timeoutMs) {
    client.send(protocol::StartSamplingMessage{sensor, rate, length});
    Recorded r;
    uint32_t expected = 0;
    client.pump(
        [&](const AnyMessage& m) {
            const auto* c = std::get_if<protocol::SampleChunkMessage>(&m);
            if (!c || c->sensor != sensor)
                return false;
            if (c->firstIndex != expected)
                ++r.indexGaps;
            expected = c->firstIndex + static_cast<uint32_t>(c->sampleCount());
            r.samples += c->sampleCount();
            ++r.chunks;
            r.overrun = c->overrunSamples;
            r.sawLast = c->last;
            return c->last;
        },
        timeoutMs);
    return r;
}

}  // namespace

TEST(BoardSim, HandshakeReportsBoardAndSensors) {
    BoardSimProcess sim({"--fast", "--seed", "3", "--board-name", "Bench Sim"});
    ASSERT_FALSE(sim.ptyPath().empty()) << "simulator did not print its pty";
    PtyClient client(sim.ptyPath());
    ASSERT_TRUE(client.isOpen());
    const auto caps = handshake(client);
    EXPECT_EQ(caps.boardName, "Bench Sim");
    EXPECT_EQ(caps.protocolMajor, 1);
    EXPECT_EQ(caps.deviceId.rfind("SIM-", 0), 0u) << caps.deviceId;
    EXPECT_EQ(caps.firmwareVersion.rfind("sim-", 0), 0u);
    ASSERT_NE(caps.findSensor("imu"), nullptr);
    ASSERT_NE(caps.findSensor("microphone"), nullptr);
    EXPECT_EQ(caps.findSensor("imu")->axes.size(), 6u);

    // Same seed, same identity; another seed, another board.
    BoardSimProcess twin({"--fast", "--seed", "3"});
    BoardSimProcess other({"--fast", "--seed", "4"});
    PtyClient c2(twin.ptyPath()), c3(other.ptyPath());
    EXPECT_EQ(handshake(c2).deviceId, caps.deviceId);
    EXPECT_NE(handshake(c3).deviceId, caps.deviceId);
    EXPECT_EQ(sim.terminate(), 0);
}

TEST(BoardSim, Imu1kHzFor10SecondsArrivesComplete) {
    BoardSimProcess sim({"--fast", "--pattern", "wave"});
    PtyClient client(sim.ptyPath());
    handshake(client);
    const auto r = recordFixed(client, 1, 1000, 10000, 20000);
    EXPECT_TRUE(r.sawLast);
    EXPECT_EQ(r.samples, 10000u);
    EXPECT_EQ(r.indexGaps, 0u);
    EXPECT_EQ(r.overrun, 0u);
    EXPECT_EQ(client.counters().lostFrames, 0u);
    EXPECT_EQ(client.counters().dropped(), 0u);
}

TEST(BoardSim, Audio16kHzFor10SecondsArrivesComplete) {
    BoardSimProcess sim({"--fast"});
    PtyClient client(sim.ptyPath());
    handshake(client);
    const auto r = recordFixed(client, 2, 16000, 160000, 30000);
    EXPECT_TRUE(r.sawLast);
    EXPECT_EQ(r.samples, 160000u);
    EXPECT_EQ(r.indexGaps, 0u);
    EXPECT_EQ(client.counters().lostFrames, 0u);
    EXPECT_EQ(client.counters().dropped(), 0u);
}

TEST(BoardSim, RealTimeSamplesComeAtTheDeclaredRate) {
    BoardSimProcess sim({});
    PtyClient client(sim.ptyPath());
    handshake(client);
    const auto start = std::chrono::steady_clock::now();
    const auto r = recordFixed(client, 1, 1000, 1000, 5000);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.samples, 1000u);
    EXPECT_EQ(r.indexGaps, 0u);
    // 1000 samples at 1 kHz take 1 s of real time (plus latency, minus
    // the device clock's ppm-scale drift).
    EXPECT_GT(seconds, 0.95);
    EXPECT_LT(seconds, 1.6);
}

TEST(BoardSim, SlowHostSeesOverrunCountsNotSilentGaps) {
    BoardSimProcess sim({});
    PtyClient client(sim.ptyPath());
    handshake(client);
    client.send(protocol::StartSamplingMessage{2, 16000, 0});
    // The host stops reading: the pty buffer fills, then the board's ring.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    uint32_t expected = 0;
    uint32_t gapSamples = 0;
    uint32_t reported = 0;
    client.pump(
        [&](const AnyMessage& m) {
            const auto* c = std::get_if<protocol::SampleChunkMessage>(&m);
            if (!c)
                return false;
            if (c->firstIndex > expected)
                gapSamples += c->firstIndex - expected;
            expected = c->firstIndex + static_cast<uint32_t>(c->sampleCount());
            reported = c->overrunSamples;
            return false;
        },
        1500);
    client.send(protocol::StopSamplingMessage{2});
    EXPECT_GT(reported, 0u) << "blocked link produced no overrun report";
    EXPECT_EQ(gapSamples, reported) << "every missing sample index must be reported as overrun";
    EXPECT_EQ(client.counters().lostFrames, 0u);
}

TEST(BoardSim, SetPatternCommandChangesTheMotion) {
    BoardSimProcess sim({"--fast", "--pattern", "idle", "--seed", "5"});
    PtyClient client(sim.ptyPath());
    handshake(client);
    auto energy = [&]() {
        client.messages.clear();
        client.send(protocol::StartSamplingMessage{1, 100, 200});
        client.pump([](const AnyMessage& m) {
            const auto* c = std::get_if<protocol::SampleChunkMessage>(&m);
            return c && c->last;
        }, 5000);
        double sum = 0;
        double mean = 0;
        std::vector<double> x;
        for (const auto& c : only<protocol::SampleChunkMessage>(client.messages))
            for (size_t i = 0; i < c.sampleCount(); ++i)
                x.push_back(c.values[i * 6] * 0.001);
        for (double v : x) mean += v / x.size();
        for (double v : x) sum += (v - mean) * (v - mean) / x.size();
        return sum;
    };
    const double idle = energy();
    client.send(protocol::SetPatternMessage{wire::MotionPattern::Shake});
    EXPECT_TRUE(client.pump(is<protocol::AckMessage>, 2000));
    const double shake = energy();
    EXPECT_GT(shake, 100 * idle) << "idle var " << idle << " shake var " << shake;
}

TEST(BoardSim, LinkSymlinkAndCleanShutdown) {
    const auto link = std::filesystem::temp_directory_path() /
                      ("mote-sim-test-" + std::to_string(::getpid()));
    BoardSimProcess sim({"--link", link.string()});
    ASSERT_FALSE(sim.ptyPath().empty());
    ASSERT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_EQ(std::filesystem::read_symlink(link).string(), sim.ptyPath());
    {
        PtyClient client(link.string());  // the stable name works like the pty
        EXPECT_EQ(handshake(client).sensors.size(), 2u);
    }
    EXPECT_EQ(sim.terminate(), 0);
    EXPECT_FALSE(std::filesystem::exists(link));
}

TEST(BoardSim, HostCanReconnect) {
    BoardSimProcess sim({"--fast"});
    {
        PtyClient first(sim.ptyPath());
        handshake(first);
        first.send(protocol::StartSamplingMessage{1, 1000, 0});
        first.pump([](const AnyMessage& m) { return is<protocol::SampleChunkMessage>(m); }, 2000);
    }  // host closes the port mid-stream
    PtyClient second(sim.ptyPath());
    const auto caps = handshake(second);  // a fresh Hello stops the old stream
    EXPECT_EQ(caps.sensors.size(), 2u);
    const auto r = recordFixed(second, 1, 200, 400, 10000);
    EXPECT_EQ(r.samples, 400u);
}

TEST(BoardSim, BadArgumentsFailWithAMessage) {
    BoardSimProcess bad({"--pattern", "moonwalk"});
    EXPECT_TRUE(bad.ptyPath().empty());
    EXPECT_EQ(bad.waitExit(5000), 2);
    BoardSimProcess badWav({"--wav-dir", "/nonexistent/folder"});
    EXPECT_EQ(badWav.waitExit(5000), 2);
}

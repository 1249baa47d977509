#include <gtest/gtest.h>

#include "agent_test_util.h"
#include "sim/imu_simulator.h"
#include "sim/microphone.h"

using namespace mote;
using namespace mote::agent;
using namespace mote::agent::test;
using protocol::AnyMessage;

namespace {

class PatternHooks final : public CommandHooks {
public:
    explicit PatternHooks(sim::ImuSimulator& imu) : m_imu(imu) {}
    bool setPattern(wire::MotionPattern p) override {
        m_imu.setPattern(p);
        return true;
    }

private:
    sim::ImuSimulator& m_imu;
};

class RecordingEngine final : public InferenceEngine {
public:
    float begin(uint8_t sensorId, uint32_t strideSamples, const char** why) override {
        m_begun = sensorId == sim::ImuSimulator::kSensorId;
        m_stride = strideSamples;
        if (!m_begun)
            *why = "test engine: imu only";
        return m_begun ? 100.0f : 0.0f;
    }
    void end() override { m_begun = false; }
    void onSamples(uint8_t sensorId, const int16_t*, uint16_t sampleCount, uint8_t,
                   uint32_t firstIndex, uint64_t timestampUs) override {
        EXPECT_EQ(sensorId, sim::ImuSimulator::kSensorId);
        EXPECT_EQ(firstIndex, m_samples);
        m_samples += sampleCount;
        m_lastUs = timestampUs;
        m_ready = m_samples >= 100 && !m_done;
    }
    bool takeResult(InferenceOutput& out) override {
        if (!m_ready)
            return false;
        m_ready = false;
        m_done = true;
        out.timestampUs = m_lastUs;
        out.scores = m_scores;
        out.scoreCount = 2;
        out.topIndex = 1;
        out.dspUs = 11;
        out.modelUs = 22;
        return true;
    }
    uint32_t m_samples = 0;
    bool m_begun = false;
    uint32_t m_stride = 0;

private:
    float m_scores[2] = {0.25f, 0.75f};
    uint64_t m_lastUs = 0;
    bool m_ready = false;
    bool m_done = false;
};

class AgentTest : public ::testing::Test {
protected:
    AgentTest() : imu(7), mic(nullptr, 7), hooks(imu) {
        board.name = "Test Board";
        board.firmwareVersion = "1.2.3";
        board.deviceId = "T-1";
        board.ramBytes = 1000;
        agent = std::make_unique<Agent>(link, clock, board);
        EXPECT_TRUE(agent->addSensor(imu));
        EXPECT_TRUE(agent->addSensor(mic));
        agent->setCommandHooks(&hooks);
    }

    std::vector<AnyMessage> exchange(const AnyMessage& message) {
        link.send(host, message);
        agent->poll();
        return link.receive(decoder);
    }

    // Runs the agent for `us` of device time in 1 ms steps.
    std::vector<AnyMessage> run(uint64_t us) {
        std::vector<AnyMessage> all;
        for (uint64_t t = 0; t < us; t += 1000) {
            clock.advance(1000);
            agent->poll();
            auto got = link.receive(decoder);
            all.insert(all.end(), got.begin(), got.end());
        }
        return all;
    }

    MemoryLink link;
    ManualClock clock;
    BoardInfo board;
    sim::ImuSimulator imu;
    sim::Microphone mic;
    PatternHooks hooks;
    std::unique_ptr<Agent> agent;
    protocol::FrameEncoder host;
    protocol::FrameDecoder decoder;
};

}  // namespace

TEST_F(AgentTest, HelloIsAnsweredWithCapabilities) {
    const auto replies = exchange(protocol::HelloMessage{1, 0, "test"});
    const auto caps = only<protocol::CapabilitiesMessage>(replies);
    ASSERT_EQ(caps.size(), 1u);
    EXPECT_EQ(caps[0].boardName, "Test Board");
    EXPECT_EQ(caps[0].firmwareVersion, "1.2.3");
    EXPECT_EQ(caps[0].deviceId, "T-1");
    EXPECT_EQ(caps[0].protocolMajor, 1);
    ASSERT_EQ(caps[0].sensors.size(), 2u);
    const auto* imuInfo = caps[0].findSensor("imu");
    ASSERT_NE(imuInfo, nullptr);
    EXPECT_EQ(imuInfo->axes, (std::vector<std::string>{"accX", "accY", "accZ", "gyrX", "gyrY", "gyrZ"}));
    EXPECT_EQ(imuInfo->units[0], "m/s2");
    EXPECT_EQ(imuInfo->units[5], "deg/s");
    EXPECT_EQ(imuInfo->ratesHz, (std::vector<float>{50, 62.5f, 100, 200, 500, 1000}));
    EXPECT_EQ(imuInfo->maxChunkSamples, kChunkValues / 6);
    const auto* micInfo = caps[0].findSensor("microphone");
    ASSERT_NE(micInfo, nullptr);
    EXPECT_EQ(micInfo->axes, (std::vector<std::string>{"audio"}));
    EXPECT_EQ(micInfo->ratesHz, (std::vector<float>{16000}));
    EXPECT_FALSE(caps[0].model.has_value());
}

TEST_F(AgentTest, UnknownMajorVersionGetsAClearError) {
    const auto errors = only<protocol::ErrorReportMessage>(exchange(protocol::HelloMessage{2, 0, "future"}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, wire::ErrorCode::UnsupportedVersion);
    EXPECT_NE(errors[0].text.find("board speaks protocol 1.1"), std::string::npos) << errors[0].text;
    EXPECT_EQ(errors[0].requestType, static_cast<uint8_t>(wire::Body::Hello));
}

TEST_F(AgentTest, BadCommandsAreRefusedWithCodes) {
    auto code = [&](const AnyMessage& m) {
        const auto e = only<protocol::ErrorReportMessage>(exchange(m));
        return e.empty() ? wire::ErrorCode::None : e[0].code;
    };
    EXPECT_EQ(code(protocol::StartSamplingMessage{9, 100, 0}), wire::ErrorCode::UnknownSensor);
    EXPECT_EQ(code(protocol::StartSamplingMessage{1, 123, 0}), wire::ErrorCode::UnsupportedRate);
    EXPECT_EQ(code(protocol::StopSamplingMessage{1}), wire::ErrorCode::NotSampling);
    EXPECT_EQ(code(protocol::SampleChunkMessage{}), wire::ErrorCode::UnknownMessage);
    EXPECT_EQ(code(protocol::StartSamplingMessage{1, 100, 0}), wire::ErrorCode::None);
    EXPECT_EQ(code(protocol::StartSamplingMessage{1, 100, 0}), wire::ErrorCode::Busy);
}

TEST_F(AgentTest, FixedLengthRecordingIsCompleteAndTimestamped) {
    const auto acks = only<protocol::AckMessage>(exchange(protocol::StartSamplingMessage{1, 62.5f, 250}));
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].requestType, static_cast<uint8_t>(wire::Body::StartSampling));
    const auto chunks = only<protocol::SampleChunkMessage>(run(5000000));
    ASSERT_FALSE(chunks.empty());
    uint32_t next = 0;
    for (const auto& c : chunks) {
        EXPECT_EQ(c.firstIndex, next);
        EXPECT_EQ(c.axisCount, 6);
        EXPECT_EQ(c.overrunSamples, 0u);
        // 62.5 Hz = 16 ms per sample, from the device time of StartSampling.
        EXPECT_EQ(c.timestampUs, 1000u + 16000ull * c.firstIndex);
        next += static_cast<uint32_t>(c.sampleCount());
    }
    EXPECT_EQ(next, 250u);
    EXPECT_TRUE(chunks.back().last);
    EXPECT_FALSE(agent->sampling());
    EXPECT_EQ(decoder.counters().lostFrames, 0u);
}

TEST_F(AgentTest, ContinuousSamplingStopsOnRequestWithoutLosingDueSamples) {
    exchange(protocol::StartSamplingMessage{2, 16000, 0});
    auto messages = run(1000000);
    clock.advance(500);
    auto tail = exchange(protocol::StopSamplingMessage{2});
    messages.insert(messages.end(), tail.begin(), tail.end());
    const auto chunks = only<protocol::SampleChunkMessage>(messages);
    size_t samples = 0;
    for (const auto& c : chunks)
        samples += c.sampleCount();
    // Samples 0..N taken at t = 0, 62.5 us, ... up to 1.0005 s inclusive.
    EXPECT_EQ(samples, 16009u);
    EXPECT_TRUE(chunks.back().last);
    EXPECT_EQ(only<protocol::AckMessage>(tail).size(), 1u);
    EXPECT_FALSE(agent->sampling());
}

TEST_F(AgentTest, BlockedLinkReportsOverrunInsteadOfSilentDrops) {
    exchange(protocol::StartSamplingMessage{2, 16000, 0});
    link.setWriteBudget(0);  // the host stops reading
    run(3000000);
    EXPECT_GT(agent->stats().overrunSamples, 0u);
    link.setWriteBudget(SIZE_MAX);
    const auto chunks = only<protocol::SampleChunkMessage>(run(500000));
    ASSERT_FALSE(chunks.empty());
    // Every sample index is either delivered or counted as overrun.
    uint32_t expected = 0;
    uint32_t delivered = 0;
    uint32_t gapSamples = 0;
    for (const auto& c : chunks) {
        if (c.firstIndex != expected) {
            EXPECT_GT(c.firstIndex, expected);
            gapSamples += c.firstIndex - expected;
        }
        expected = c.firstIndex + static_cast<uint32_t>(c.sampleCount());
        delivered += static_cast<uint32_t>(c.sampleCount());
    }
    EXPECT_EQ(gapSamples, chunks.back().overrunSamples);
    EXPECT_EQ(chunks.back().overrunSamples, agent->stats().overrunSamples);
    EXPECT_GT(gapSamples, 16000u);  // ~3 s blocked minus ring depth
    // A Status frame carries the same figure for the monitor.
    EXPECT_EQ(decoder.counters().lostFrames, 0u);
    EXPECT_EQ(delivered + gapSamples, expected);
}

TEST_F(AgentTest, ThrottledLinkStillDeliversRepliesBeforeData) {
    exchange(protocol::StartSamplingMessage{2, 16000, 0});
    link.setWriteBudget(0);
    run(100000);
    link.send(host, protocol::PingMessage{77});
    link.setWriteBudget(SIZE_MAX);
    clock.advance(1000);
    agent->poll();
    const auto pongs = only<protocol::PongMessage>(link.receive(decoder));
    ASSERT_EQ(pongs.size(), 1u);
    EXPECT_EQ(pongs[0].token, 77u);
    EXPECT_EQ(pongs[0].timestampUs, clock.nowUs());
}

TEST_F(AgentTest, SetPatternChangesTheImu) {
    EXPECT_EQ(only<protocol::AckMessage>(exchange(protocol::SetPatternMessage{wire::MotionPattern::Shake})).size(), 1u);
    EXPECT_EQ(imu.pattern(), wire::MotionPattern::Shake);
}

TEST_F(AgentTest, NewHelloStopsThePreviousSession) {
    exchange(protocol::StartSamplingMessage{1, 100, 0});
    run(100000);
    EXPECT_TRUE(agent->sampling());
    exchange(protocol::HelloMessage{1, 0, "again"});
    EXPECT_FALSE(agent->sampling());
}

TEST_F(AgentTest, InferenceEngineSeesSamplesAndResultsAreSent) {
    RecordingEngine engine;
    agent->setInferenceEngine(&engine);
    exchange(protocol::StartSamplingMessage{1, 100, 200});
    const auto messages = run(3000000);
    EXPECT_EQ(engine.m_samples, 200u);
    const auto results = only<protocol::InferenceResultMessage>(messages);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].scores, (std::vector<float>{0.25f, 0.75f}));
    EXPECT_EQ(results[0].topIndex, 1);
    EXPECT_EQ(results[0].modelUs, 22u);
}

TEST_F(AgentTest, StatusIsSentEverySecondWhileSampling) {
    exchange(protocol::StartSamplingMessage{1, 50, 0});
    const auto status = only<protocol::StatusMessage>(run(3500000));
    EXPECT_EQ(status.size(), 3u);
    for (const auto& s : status)
        EXPECT_TRUE(s.sampling);
}

TEST(AgentRing, AddSensorRefusesDuplicatesAndOverflow) {
    MemoryLink link;
    ManualClock clock;
    BoardInfo board;
    Agent agent(link, clock, board);
    sim::ImuSimulator a(1), b(2);
    sim::Microphone m(nullptr, 1);
    EXPECT_TRUE(agent.addSensor(a));
    EXPECT_FALSE(agent.addSensor(b));  // same id
    EXPECT_TRUE(agent.addSensor(m));
}

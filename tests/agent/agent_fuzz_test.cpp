// Property tests of the agent against hostile hosts (built with ASan+UBSan):
// random bytes, random well-formed commands with absurd values, and
// commands at random moments while streaming. The agent must never crash,
// never exceed its buffers, and must still answer a Ping afterwards.
#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "agent_test_util.h"
#include "sim/imu_simulator.h"
#include "sim/microphone.h"

using namespace mote;
using namespace mote::agent::test;

namespace {

struct Rig {
    MemoryLink link;
    ManualClock clock;
    agent::BoardInfo board;
    sim::ImuSimulator imu{3};
    sim::Microphone mic{nullptr, 3};
    std::unique_ptr<agent::Agent> agent;
    protocol::FrameEncoder host;
    protocol::FrameDecoder decoder;

    Rig() {
        agent = std::make_unique<agent::Agent>(link, clock, board);
        agent->addSensor(imu);
        agent->addSensor(mic);
    }
    bool answersPing(uint32_t token) {
        link.setWriteBudget(SIZE_MAX);
        // The line noise may have left half a frame in the agent's decoder:
        // a leading delimiter ends it, as a host does before a command.
        link.pushToBoard(0x00);
        link.send(host, protocol::PingMessage{token});
        for (int i = 0; i < 200; ++i) {
            clock.advance(1000);
            agent->poll();
            for (const auto& p : only<protocol::PongMessage>(link.receive(decoder)))
                if (p.token == token)
                    return true;
        }
        return false;
    }
};

float absurdRate(std::mt19937& rng) {
    const float rates[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                           -std::numeric_limits<float>::infinity(), -100.0f, 0.0f, 1e-30f, 1e30f,
                           4294967296.0f, 62.5f, 1000.0f, 16000.0f, 50.0f};
    return rates[rng() % (sizeof rates / sizeof rates[0])];
}

}  // namespace

TEST(AgentFuzz, AbsurdStartSamplingValuesAreRefusedOrSafe) {
    Rig rig;
    for (float rate : {std::numeric_limits<float>::quiet_NaN(), -1.0f, 0.0f, 1e30f,
                       std::numeric_limits<float>::infinity()}) {
        rig.link.send(rig.host, protocol::StartSamplingMessage{1, rate, 0});
        rig.agent->poll();
        const auto errors = only<protocol::ErrorReportMessage>(rig.link.receive(rig.decoder));
        ASSERT_EQ(errors.size(), 1u) << rate;
        EXPECT_EQ(errors[0].code, wire::ErrorCode::UnsupportedRate);
    }
    EXPECT_FALSE(rig.agent->sampling());
}

TEST(AgentFuzz, RandomBytesAndCommandsNeverBreakTheAgent) {
    std::mt19937 rng(2024);
    Rig rig;
    for (int step = 0; step < 20000; ++step) {
        switch (rng() % 8) {
        case 0: {  // line noise
            for (int i = 0, n = static_cast<int>(rng() % 64); i < n; ++i)
                rig.link.pushToBoard(static_cast<uint8_t>(rng() % 4 == 0 ? 0 : rng()));
            break;
        }
        case 1:
            rig.link.send(rig.host, protocol::StartSamplingMessage{static_cast<uint8_t>(rng() % 4),
                                                                   absurdRate(rng), static_cast<uint32_t>(rng() % 3 ? rng() % 5000 : rng())});
            break;
        case 2:
            rig.link.send(rig.host, protocol::StopSamplingMessage{static_cast<uint8_t>(rng() % 4)});
            break;
        case 3:
            rig.link.send(rig.host, protocol::HelloMessage{static_cast<uint8_t>(rng() % 3), 0, std::string(rng() % 200, 'h')});
            break;
        case 4:
            rig.link.send(rig.host, protocol::SetPatternMessage{static_cast<wire::MotionPattern>(rng() % 8)});
            break;
        case 5:
            rig.link.setWriteBudget(rng() % 2 ? SIZE_MAX : rng() % 300);  // flaky link
            break;
        default:
            break;
        }
        rig.clock.advance(rng() % 20000);
        rig.agent->poll();
        rig.link.receive(rig.decoder);
        ASSERT_EQ(rig.decoder.counters().dropped(), 0u) << "the agent sent a malformed frame at step " << step;
    }
    EXPECT_TRUE(rig.answersPing(424242));
}

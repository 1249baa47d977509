// Protocol 1.1 on the agent: ModelInput/RunModel/ModelOutput against a
// ModelRunner, and StartInference/StopInference against an InferenceEngine.
#include <gtest/gtest.h>

#include <numeric>

#include "agent_test_util.h"
#include "sim/imu_simulator.h"
#include "sim/microphone.h"

using namespace mote;
using namespace mote::agent;
using namespace mote::agent::test;
using protocol::AnyMessage;

namespace {

// "Model": output 0 = input 0 bytes + 1; output 1 = 2000 bytes of the
// input's byte sum (so it takes several ModelOutput chunks).
class AddOneModel final : public ModelRunner {
public:
    uint8_t inputCount() const override { return 1; }
    uint8_t outputCount() const override { return 2; }
    uint8_t* input(uint8_t index, uint32_t* bytes) override {
        *bytes = sizeof m_in;
        return index == 0 ? m_in : nullptr;
    }
    const uint8_t* output(uint8_t index, uint32_t* bytes) override {
        if (index == 0) {
            *bytes = sizeof m_out0;
            return m_out0;
        }
        *bytes = sizeof m_out1;
        return index == 1 ? m_out1 : nullptr;
    }
    void invoke() override {
        ++invocations;
        uint8_t sum = 0;
        for (size_t i = 0; i < sizeof m_in; ++i) {
            m_out0[i] = static_cast<uint8_t>(m_in[i] + 1);
            sum = static_cast<uint8_t>(sum + m_in[i]);
        }
        for (auto& b : m_out1)
            b = sum;
    }
    int invocations = 0;

private:
    uint8_t m_in[1500] = {};
    uint8_t m_out0[1500] = {};
    uint8_t m_out1[2000] = {};
};

class CountingEngine final : public InferenceEngine {
public:
    float begin(uint8_t sensorId, uint32_t strideSamples, const char** why) override {
        if (sensorId != sim::ImuSimulator::kSensorId) {
            *why = "the impulse uses the imu";
            return 0;
        }
        begun = true;
        stride = strideSamples ? strideSamples : 50;
        return 100.0f;
    }
    void end() override { begun = false; }
    void onSamples(uint8_t sensorId, const int16_t*, uint16_t sampleCount, uint8_t, uint32_t,
                   uint64_t timestampUs) override {
        if (!begun || sensorId != sim::ImuSimulator::kSensorId)
            return;
        samples += sampleCount;
        lastUs = timestampUs;
    }
    bool takeResult(InferenceOutput& out) override {
        if (!begun || samples < (results + 1) * stride)
            return false;
        ++results;
        out.timestampUs = lastUs;
        out.scores = scores;
        out.scoreCount = 3;
        out.topIndex = 2;
        out.dspCycles = 1234;
        out.modelCycles = 5678;
        return true;
    }
    bool begun = false;
    uint32_t stride = 0, samples = 0, results = 0;
    uint64_t lastUs = 0;
    float scores[3] = {0.1f, 0.2f, 0.7f};
};

class AgentModelTest : public ::testing::Test {
protected:
    AgentModelTest() : imu(7), mic(nullptr, 7) {
        agent = std::make_unique<Agent>(link, clock, board);
        agent->addSensor(imu);
        agent->addSensor(mic);
    }
    std::vector<AnyMessage> exchange(const AnyMessage& message, int polls = 1) {
        link.send(host, message);
        std::vector<AnyMessage> all;
        for (int i = 0; i < polls; ++i) {
            clock.advance(1000);
            agent->poll();
            auto got = link.receive(decoder);
            all.insert(all.end(), got.begin(), got.end());
        }
        return all;
    }
    wire::ErrorCode errorOf(const std::vector<AnyMessage>& replies) {
        auto errors = only<protocol::ErrorReportMessage>(replies);
        return errors.empty() ? wire::ErrorCode::None : errors.front().code;
    }
    std::vector<AnyMessage> sendInput(const std::vector<uint8_t>& bytes, uint32_t total) {
        std::vector<AnyMessage> replies;
        for (size_t off = 0; off < bytes.size(); off += protocol::kTensorChunkBytes) {
            protocol::ModelInputMessage m;
            m.offset = static_cast<uint32_t>(off);
            m.total = total;
            const size_t n = std::min(protocol::kTensorChunkBytes, bytes.size() - off);
            m.data.assign(bytes.begin() + static_cast<long>(off), bytes.begin() + static_cast<long>(off + n));
            auto got = exchange(m);
            replies.insert(replies.end(), got.begin(), got.end());
        }
        return replies;
    }

    MemoryLink link;
    ManualClock clock;
    BoardInfo board;
    sim::ImuSimulator imu;
    sim::Microphone mic;
    std::unique_ptr<Agent> agent;
    protocol::FrameEncoder host;
    protocol::FrameDecoder decoder;
};

TEST_F(AgentModelTest, RunModelWithoutAModelIsNotSupported) {
    EXPECT_EQ(errorOf(exchange(protocol::RunModelMessage{})), wire::ErrorCode::NotSupported);
    EXPECT_EQ(errorOf(exchange(protocol::ModelInputMessage{0, 0, 4, {1, 2, 3, 4}})), wire::ErrorCode::NotSupported);
}

TEST_F(AgentModelTest, InputsInChunksRunAndOutputsComeBackInChunks) {
    AddOneModel model;
    agent->setModelRunner(&model);
    std::vector<uint8_t> in(1500);
    std::iota(in.begin(), in.end(), 0);
    const auto acks = only<protocol::AckMessage>(sendInput(in, 1500));
    EXPECT_EQ(acks.size(), 2u);  // one per chunk
    const auto replies = exchange(protocol::RunModelMessage{}, 20);
    EXPECT_EQ(model.invocations, 1);
    std::vector<std::vector<uint8_t>> out(2);
    for (const auto& chunk : only<protocol::ModelOutputMessage>(replies)) {
        ASSERT_LT(chunk.tensor, 2);
        EXPECT_EQ(chunk.tensorCount, 2);
        auto& o = out[chunk.tensor];
        EXPECT_EQ(chunk.offset, o.size()) << "chunks in order, no gaps";
        o.insert(o.end(), chunk.data.begin(), chunk.data.end());
        EXPECT_EQ(chunk.total, chunk.tensor == 0 ? 1500u : 2000u);
    }
    ASSERT_EQ(out[0].size(), 1500u);
    ASSERT_EQ(out[1].size(), 2000u);
    for (size_t i = 0; i < in.size(); ++i)
        ASSERT_EQ(out[0][i], static_cast<uint8_t>(in[i] + 1)) << i;
    uint8_t sum = 0;
    for (auto b : in)
        sum = static_cast<uint8_t>(sum + b);
    EXPECT_EQ(out[1][1999], sum);
}

TEST_F(AgentModelTest, WrongInputSizeOrTensorIsRefusedWithTheSizes) {
    AddOneModel model;
    agent->setModelRunner(&model);
    auto replies = exchange(protocol::ModelInputMessage{0, 0, 100, std::vector<uint8_t>(100, 1)});
    ASSERT_EQ(errorOf(replies), wire::ErrorCode::BadRequest);
    EXPECT_NE(only<protocol::ErrorReportMessage>(replies)[0].text.find("1500 bytes"), std::string::npos);
    EXPECT_EQ(errorOf(exchange(protocol::ModelInputMessage{3, 0, 1500, {1}})), wire::ErrorCode::BadRequest);
    EXPECT_EQ(errorOf(exchange(protocol::ModelInputMessage{0, 1499, 1500, {1, 2}})), wire::ErrorCode::BadRequest);
}

TEST_F(AgentModelTest, StartInferenceWithoutEngineIsNotSupported) {
    EXPECT_EQ(errorOf(exchange(protocol::StartInferenceMessage{1, 0})), wire::ErrorCode::NotSupported);
    EXPECT_FALSE(agent->sampling());
}

TEST_F(AgentModelTest, LiveInferenceSamplesAtTheEngineRateAndStreamsResultsUntilStopped) {
    CountingEngine engine;
    AddOneModel model;
    agent->setInferenceEngine(&engine);
    agent->setModelRunner(&model);
    EXPECT_EQ(errorOf(exchange(protocol::StartInferenceMessage{2, 0})), wire::ErrorCode::BadRequest)
        << "the engine refuses the microphone";
    auto replies = exchange(protocol::StartInferenceMessage{1, 25});
    EXPECT_EQ(only<protocol::AckMessage>(replies).size(), 1u);
    EXPECT_TRUE(agent->inferring());
    EXPECT_EQ(engine.stride, 25u);
    EXPECT_EQ(errorOf(exchange(protocol::RunModelMessage{})), wire::ErrorCode::Busy) << "model in use";
    EXPECT_EQ(errorOf(exchange(protocol::StopSamplingMessage{1})), wire::ErrorCode::Busy);
    std::vector<AnyMessage> all;
    for (int i = 0; i < 1000; ++i) {  // 1 s at 100 Hz
        clock.advance(1000);
        agent->poll();
        auto got = link.receive(decoder);
        all.insert(all.end(), got.begin(), got.end());
    }
    const auto results = only<protocol::InferenceResultMessage>(all);
    EXPECT_GE(results.size(), 3u);
    EXPECT_LE(results.size(), 4u);
    ASSERT_FALSE(results.empty());
    EXPECT_EQ(results[0].topIndex, 2);
    EXPECT_EQ(results[0].dspCycles, 1234u);
    EXPECT_EQ(results[0].modelCycles, 5678u);
    EXPECT_FALSE(only<protocol::SampleChunkMessage>(all).empty()) << "the signal streams too";
    EXPECT_EQ(only<protocol::AckMessage>(exchange(protocol::StopInferenceMessage{})).size(), 1u);
    EXPECT_FALSE(agent->inferring());
    EXPECT_FALSE(engine.begun);
    EXPECT_FALSE(agent->sampling());
    EXPECT_EQ(errorOf(exchange(protocol::StopInferenceMessage{})), wire::ErrorCode::NotSampling);
}

}  // namespace

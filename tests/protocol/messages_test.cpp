#include <gtest/gtest.h>

#include "frame_test_util.h"

using namespace mote::protocol;
using namespace mote::protocol::test;

namespace {

CapabilitiesMessage sampleCapabilities() {
    CapabilitiesMessage c;
    c.boardName = "Mote Sim";
    c.firmwareVersion = "0.1.0";
    c.deviceId = "SIM-0001";
    c.ramBytes = 262144;
    c.flashBytes = 1048576;
    c.clockHz = 64000000;
    SensorDescriptor imu;
    imu.id = 1;
    imu.name = "imu";
    imu.axes = {"accX", "accY", "accZ", "gyrX", "gyrY", "gyrZ"};
    imu.units = {"m/s2", "m/s2", "m/s2", "deg/s", "deg/s", "deg/s"};
    imu.scales = {0.001f, 0.001f, 0.001f, 0.1f, 0.1f, 0.1f};
    imu.ratesHz = {50, 62.5f, 100, 200, 500, 1000};
    imu.maxChunkSamples = 25;
    c.sensors.push_back(imu);
    c.model = ModelDescriptor{"gestures", "abc123", {"idle", "wave"}};
    return c;
}

}  // namespace

TEST(Messages, CapabilitiesRoundTrip) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    const auto messages = feed(decoder, frameOf(encoder, sampleCapabilities()));
    ASSERT_EQ(messages.size(), 1u);
    const auto& c = std::get<CapabilitiesMessage>(messages[0]);
    EXPECT_EQ(c.boardName, "Mote Sim");
    EXPECT_EQ(c.deviceId, "SIM-0001");
    EXPECT_EQ(c.clockHz, 64000000u);
    ASSERT_NE(c.findSensor("imu"), nullptr);
    EXPECT_EQ(c.findSensor("imu")->axes.size(), 6u);
    EXPECT_FLOAT_EQ(c.findSensor("imu")->ratesHz[1], 62.5f);
    EXPECT_FLOAT_EQ(c.findSensor("imu")->scales[3], 0.1f);
    EXPECT_EQ(c.findSensor("microphone"), nullptr);
    ASSERT_TRUE(c.model.has_value());
    EXPECT_EQ(c.model->labels, (std::vector<std::string>{"idle", "wave"}));
}

TEST(Messages, CapabilitiesWithoutModelHasNone) {
    auto caps = sampleCapabilities();
    caps.model.reset();
    FrameEncoder encoder;
    FrameDecoder decoder;
    const auto messages = feed(decoder, frameOf(encoder, caps));
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_FALSE(std::get<CapabilitiesMessage>(messages[0]).model.has_value());
}

TEST(Messages, CapabilitiesWithMismatchedUnitsIsRejectedWithReason) {
    auto caps = sampleCapabilities();
    caps.sensors[0].units.pop_back();
    FrameEncoder encoder;
    FrameDecoder decoder;
    const auto bytes = frameOf(encoder, caps);
    bool seen = false;
    decoder.push(bytes.data(), bytes.size(), [&](const Frame& frame) {
        auto m = decodeMessage(frame);
        ASSERT_FALSE(m.ok());
        EXPECT_NE(m.message().find("6 axes but 5 units"), std::string::npos) << m.message();
        seen = true;
    });
    EXPECT_TRUE(seen);
}

TEST(Messages, ChunkWithPartialSampleIsRejected) {
    auto c = chunk(0, 4, 3);
    c.values.pop_back();
    FrameEncoder encoder;
    FrameDecoder decoder;
    const auto bytes = frameOf(encoder, c);
    decoder.push(bytes.data(), bytes.size(), [&](const Frame& frame) {
        auto m = decodeMessage(frame);
        ASSERT_FALSE(m.ok());
        EXPECT_NE(m.message().find("whole number"), std::string::npos);
    });
    EXPECT_EQ(decoder.counters().framesOk, 1u);
}

TEST(Messages, EveryTypeRoundTripsWithItsHeaderType) {
    const std::vector<AnyMessage> all = {
        HelloMessage{1, 0, "host"},
        sampleCapabilities(),
        StartSamplingMessage{1, 62.5f, 2000},
        StopSamplingMessage{2},
        chunk(7, 3, 6),
        InferenceResultMessage{123456789012ull, {0.1f, 0.9f}, 1, 250, 1200},
        LogMessage{LogLevel::Warning, 55, "link slow"},
        ErrorReportMessage{ErrorCode::UnsupportedRate, "no 7 Hz", 9, 3},
        AckMessage{9, 3},
        SetPatternMessage{MotionPattern::Circle},
        PingMessage{0xDEADBEEF},
        PongMessage{0xDEADBEEF, 1ull << 40},
        StatusMessage{99, 5, 1000, 2, true},
    };
    FrameEncoder encoder;
    FrameDecoder decoder;
    for (const auto& message : all) {
        const auto decoded = feed(decoder, frameOf(encoder, message));
        ASSERT_EQ(decoded.size(), 1u);
        EXPECT_EQ(decoded[0].index(), message.index());
        EXPECT_EQ(decoder.frame().type, messageTypeOf(message));
        EXPECT_EQ(buildPayload(decoded[0]), buildPayload(message))
            << messageTypeName(messageTypeOf(message));
    }
    EXPECT_EQ(decoder.counters().framesOk, all.size());
    const auto& pong = std::get<PongMessage>(all[11]);
    EXPECT_EQ(pong.timestampUs, 1ull << 40);
}

TEST(Messages, MessageTypeNumbersAreFrozen) {
    // The header byte is part of the wire contract with deployed firmware.
    EXPECT_EQ(static_cast<int>(MessageType::Hello), 1);
    EXPECT_EQ(static_cast<int>(MessageType::Capabilities), 2);
    EXPECT_EQ(static_cast<int>(MessageType::SampleChunk), 5);
    EXPECT_EQ(static_cast<int>(MessageType::Ack), 9);
    EXPECT_EQ(static_cast<int>(MessageType::Status), 13);
    EXPECT_EQ(messageTypeOf(StatusMessage{}), MessageType::Status);
    EXPECT_STREQ(messageTypeName(static_cast<MessageType>(200)), "Unknown");
}

TEST(Messages, ErrorCodeTextsExist) {
    EXPECT_STREQ(errorCodeText(ErrorCode::UnknownSensor), "no such sensor on this board");
    EXPECT_STREQ(errorCodeText(static_cast<ErrorCode>(999)), "unknown error code");
}

TEST(Messages, PatternNames) {
    EXPECT_EQ(motionPatternFromName("updown"), MotionPattern::UpDown);
    EXPECT_FALSE(motionPatternFromName("jump").has_value());
    EXPECT_STREQ(motionPatternName(MotionPattern::Shake), "shake");
}

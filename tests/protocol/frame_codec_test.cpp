#include <cstring>

#include <flatbuffers/flatbuffers.h>
#include <gtest/gtest.h>

#include "frame_test_util.h"
#include "protocol/crc32.h"

using namespace mote::protocol;
using namespace mote::protocol::test;

TEST(FrameCodec, RoundTripsAFrameAndCountsIt) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    const auto bytes = frameOf(encoder, chunk(40, 20, 6));
    ASSERT_FALSE(bytes.empty());
    EXPECT_EQ(bytes.back(), 0x00);
    EXPECT_EQ(std::count(bytes.begin(), bytes.end(), 0x00), 1);

    const auto messages = feed(decoder, bytes);
    ASSERT_EQ(messages.size(), 1u);
    const auto& c = std::get<SampleChunkMessage>(messages[0]);
    EXPECT_EQ(c.firstIndex, 40u);
    EXPECT_EQ(c.values, chunk(40, 20, 6).values);
    EXPECT_EQ(decoder.frame().type, MessageType::SampleChunk);
    EXPECT_EQ(decoder.frame().seq, 0);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(decoder.frame().payload) % 8, 0u);
    EXPECT_EQ(decoder.counters().framesOk, 1u);
    EXPECT_EQ(decoder.counters().dropped(), 0u);
    EXPECT_EQ(decoder.counters().bytes, bytes.size());
}

TEST(FrameCodec, HeaderLayoutIsMajorTypeSequenceLittleEndian) {
    FrameEncoder encoder;
    encoder.setNextSequence(0x1234);
    const auto bytes = frameOf(encoder, PingMessage{7});
    std::vector<uint8_t> raw(bytes.size());
    const auto r = cobsDecode(bytes.data(), bytes.size() - 1, raw.data(), raw.size());
    ASSERT_EQ(r.status, CobsStatus::Ok);
    raw.resize(r.size);
    EXPECT_EQ(raw[0], kProtocolMajor);
    EXPECT_EQ(raw[1], static_cast<uint8_t>(MessageType::Ping));
    EXPECT_EQ(raw[2], 0x34);
    EXPECT_EQ(raw[3], 0x12);
    const uint32_t crc = crc32(raw.data(), raw.size() - 4);
    uint32_t stored = 0;
    std::memcpy(&stored, raw.data() + raw.size() - 4, 4);  // host is little-endian
    EXPECT_EQ(stored, crc);
}

TEST(FrameCodec, AnySplitOfTheStreamDecodesTheSame) {
    FrameEncoder encoder;
    std::vector<uint8_t> stream;
    for (uint32_t i = 0; i < 5; ++i) {
        const auto f = frameOf(encoder, chunk(i * 10, 10, 3));
        stream.insert(stream.end(), f.begin(), f.end());
    }
    for (size_t step : {1u, 2u, 7u, 64u, 1000u}) {
        FrameDecoder decoder;
        size_t frames = 0;
        for (size_t pos = 0; pos < stream.size(); pos += step) {
            const size_t n = std::min(step, stream.size() - pos);
            frames += decoder.push(stream.data() + pos, n, [](const Frame&) {});
        }
        EXPECT_EQ(frames, 5u) << "step " << step;
        EXPECT_EQ(decoder.counters().sequenceGaps, 0u);
    }
}

TEST(FrameCodec, SequenceGapsCountLostFrames) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    std::vector<std::vector<uint8_t>> frames;
    for (int i = 0; i < 10; ++i)
        frames.push_back(frameOf(encoder, PingMessage{static_cast<uint32_t>(i)}));
    for (int i : {0, 1, 2, 5, 6, 9})  // 3,4 lost; 7,8 lost
        feed(decoder, frames[i]);
    EXPECT_EQ(decoder.counters().framesOk, 6u);
    EXPECT_EQ(decoder.counters().sequenceGaps, 2u);
    EXPECT_EQ(decoder.counters().lostFrames, 4u);
    feed(decoder, frames[6]);  // a replay goes backwards: not "lost"
    EXPECT_EQ(decoder.counters().outOfOrder, 1u);
    EXPECT_EQ(decoder.counters().lostFrames, 4u);
}

TEST(FrameCodec, SequenceWrapsWithoutAGap) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    encoder.setNextSequence(0xFFFE);
    for (int i = 0; i < 4; ++i)
        feed(decoder, frameOf(encoder, PingMessage{}));
    EXPECT_EQ(encoder.nextSequence(), 2);
    EXPECT_EQ(decoder.counters().framesOk, 4u);
    EXPECT_EQ(decoder.counters().sequenceGaps, 0u);
    EXPECT_EQ(decoder.counters().outOfOrder, 0u);
}

TEST(FrameCodec, ResetSequenceStartsAfreshWithoutCountingAGap) {
    FrameEncoder a;
    FrameEncoder b;
    FrameDecoder decoder;
    a.setNextSequence(500);
    feed(decoder, frameOf(a, PingMessage{}));
    decoder.resetSequence();
    feed(decoder, frameOf(b, PingMessage{}));
    EXPECT_EQ(decoder.counters().sequenceGaps + decoder.counters().outOfOrder, 0u);
}

TEST(FrameCodec, BitFlipIsACrcError) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    auto bytes = frameOf(encoder, chunk(0, 10, 6));
    bytes[bytes.size() / 2] ^= 0x10;
    if (bytes[bytes.size() / 2] == 0)  // never create a delimiter in this test
        bytes[bytes.size() / 2] = 0x55;
    EXPECT_TRUE(feed(decoder, bytes).empty());
    EXPECT_EQ(decoder.counters().crcErrors + decoder.counters().cobsErrors, 1u);
    // The next good frame still decodes.
    EXPECT_EQ(feed(decoder, frameOf(encoder, PingMessage{})).size(), 1u);
}

TEST(FrameCodec, DroppedByteIsDetected) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    auto bytes = frameOf(encoder, chunk(0, 10, 6));
    bytes.erase(bytes.begin() + 20);
    EXPECT_TRUE(feed(decoder, bytes).empty());
    EXPECT_EQ(decoder.counters().dropped(), 1u);
}

TEST(FrameCodec, ShortFrameIsTruncated) {
    FrameDecoder decoder;
    const uint8_t tiny[] = {0x04, 0x01, 0x05, 0x02, 0x00};  // 3 decoded bytes
    decoder.push(tiny, sizeof tiny, [](const Frame&) { FAIL(); });
    EXPECT_EQ(decoder.counters().truncated, 1u);
}

TEST(FrameCodec, TruncatedFrameFollowedByGoodOneCountsOnlyTheBadOne) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    auto first = frameOf(encoder, chunk(0, 20, 6));
    first.resize(first.size() / 2);  // the board died mid-frame...
    first.push_back(0x00);           // ...and a delimiter arrived later
    const auto second = frameOf(encoder, PingMessage{1});
    EXPECT_TRUE(feed(decoder, first).empty());
    EXPECT_EQ(feed(decoder, second).size(), 1u);
    EXPECT_EQ(decoder.counters().dropped(), 1u);
    EXPECT_EQ(decoder.counters().lostFrames, 0u);  // seq 0 never arrived whole; 1 is first seen
}

TEST(FrameCodec, OversizeFrameIsDroppedAndTheStreamRecovers) {
    FrameDecoder decoder;
    std::vector<uint8_t> garbage(5000, 0x7E);
    garbage.push_back(0x00);
    EXPECT_TRUE(feed(decoder, garbage).empty());
    EXPECT_EQ(decoder.counters().oversize, 1u);
    FrameEncoder encoder;
    EXPECT_EQ(feed(decoder, frameOf(encoder, PingMessage{3})).size(), 1u);
}

TEST(FrameCodec, EncoderRefusesPayloadOverTheLimit) {
    FrameEncoder encoder;
    std::vector<uint8_t> payload(kMaxPayload + 1, 1);
    std::vector<uint8_t> out(4096);
    EXPECT_EQ(encoder.encode(MessageType::Log, payload.data(), payload.size(), out.data(), out.size()),
              0u);
    EXPECT_EQ(encoder.nextSequence(), 0);
    auto tooBig = encodeMessage(encoder, chunk(0, 100, 6));  // 1200 bytes of samples
    ASSERT_FALSE(tooBig.ok());
    EXPECT_NE(tooBig.message().find("1024"), std::string::npos);
}

TEST(FrameCodec, LargestPayloadFits) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    // 6-axis chunk of 78 samples = 936 bytes of values, with every field set.
    auto c = chunk(123456, 78, 6);
    c.overrunSamples = 77;
    c.last = true;
    const auto bytes = frameOf(encoder, c);
    ASSERT_FALSE(bytes.empty());
    EXPECT_LE(bytes.size(), kMaxEncodedFrame);
    EXPECT_EQ(feed(decoder, bytes).size(), 1u);
}

TEST(FrameCodec, ForeignMajorVersionIsCountedAndNamed) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    const auto payload = buildPayload(PingMessage{1});
    std::vector<uint8_t> out(kMaxEncodedFrame);
    const size_t n = encoder.encodeWithMajor(2, MessageType::Ping, payload.data(), payload.size(),
                                             out.data(), out.size());
    out.resize(n);
    EXPECT_TRUE(feed(decoder, out).empty());
    EXPECT_EQ(decoder.counters().versionErrors, 1u);
    EXPECT_EQ(decoder.lastForeignMajor(), 2);
}

TEST(FrameCodec, ValidCrcButGarbagePayloadFailsTheVerifier) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    // Offsets pointing far outside the buffer: only the Verifier catches it.
    std::vector<uint8_t> payload = {0xF0, 0xFF, 0xFF, 0x7F, 0x01, 0x02, 0x03, 0x04,
                                    0x05, 0x06, 0x07, 0x08};
    std::vector<uint8_t> out(kMaxEncodedFrame);
    out.resize(encoder.encode(MessageType::SampleChunk, payload.data(), payload.size(), out.data(),
                              out.size()));
    EXPECT_TRUE(feed(decoder, out).empty());
    EXPECT_EQ(decoder.counters().verifyErrors, 1u);
}

TEST(FrameCodec, HeaderTypeMustMatchTheBody) {
    FrameEncoder encoder;
    FrameDecoder decoder;
    const auto payload = buildPayload(PingMessage{1});
    std::vector<uint8_t> out(kMaxEncodedFrame);
    out.resize(encoder.encode(MessageType::StopSampling, payload.data(), payload.size(), out.data(),
                              out.size()));
    EXPECT_TRUE(feed(decoder, out).empty());
    EXPECT_EQ(decoder.counters().verifyErrors, 1u);
}

TEST(FrameCodec, EmptyFramesAreIgnored) {
    FrameDecoder decoder;
    const std::vector<uint8_t> zeros(10, 0x00);
    EXPECT_TRUE(feed(decoder, zeros).empty());
    EXPECT_EQ(decoder.counters().dropped(), 0u);
}

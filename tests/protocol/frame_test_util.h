#pragma once
// Helpers for protocol tests: build frames from message values, feed bytes.
#include <vector>

#include <gtest/gtest.h>

#include "protocol/frame_decoder.h"
#include "protocol/messages.h"

namespace mote::protocol::test {

inline std::vector<uint8_t> frameOf(FrameEncoder& encoder, const AnyMessage& message) {
    auto frame = encodeMessage(encoder, message);
    EXPECT_TRUE(frame.ok()) << (frame.ok() ? "" : frame.message());
    return frame.ok() ? frame.value() : std::vector<uint8_t>{};
}

// Feeds bytes; returns the decoded messages in order.
inline std::vector<AnyMessage> feed(FrameDecoder& decoder, const std::vector<uint8_t>& bytes) {
    std::vector<AnyMessage> out;
    decoder.push(bytes.data(), bytes.size(), [&](const Frame& frame) {
        auto message = decodeMessage(frame);
        EXPECT_TRUE(message.ok()) << (message.ok() ? "" : message.message());
        if (message.ok())
            out.push_back(message.value());
    });
    return out;
}

inline SampleChunkMessage chunk(uint32_t firstIndex, size_t samples, uint8_t axes) {
    SampleChunkMessage c;
    c.sensor = 1;
    c.firstIndex = firstIndex;
    c.timestampUs = 1000ull * firstIndex;
    c.axisCount = axes;
    for (size_t i = 0; i < samples * axes; ++i)
        c.values.push_back(static_cast<int16_t>(firstIndex * 31 + i * 17 - 500));
    return c;
}

}  // namespace mote::protocol::test

#pragma once
// Frame layout shared by the studio and the firmware (docs/protocol.md):
//
//   COBS( header[4] | payload[n] | crc32[4] ) 0x00
//   header = protocol major (u8) | message type (u8) | sequence (u16 LE)
//   crc32  = CRC-32/IEEE over header + payload, little-endian
//
// The payload is a flatbuffer whose root is mote.wire.Message; the header's
// message type equals the Message.body union type. Portable: no heap.
#include <cstddef>
#include <cstdint>

#include "protocol/cobs.h"
#include "mote_protocol_generated.h"

namespace mote::protocol {

using MessageType = mote::wire::Body;

constexpr uint8_t kProtocolMajor = 1;
constexpr uint8_t kProtocolMinor = 1;  // 1.1: StartInference, ModelInput, RunModel, ModelOutput

constexpr size_t kHeaderSize = 4;
constexpr size_t kCrcSize = 4;
constexpr size_t kMaxPayload = 1024;
// Largest decoded frame accepted; anything longer is dropped as oversize.
constexpr size_t kMaxDecodedFrame = 1100;
// Largest frame on the wire, delimiter included.
constexpr size_t kMaxEncodedFrame = cobsMaxEncodedSize(kMaxDecodedFrame) + 1;

inline const char* messageTypeName(MessageType type) {
    const char* name = mote::wire::EnumNameBody(type);
    return (name && *name) ? name : "Unknown";
}

// One verified frame. `payload` points into the decoder's buffer and stays
// valid until the next byte is pushed into that decoder.
struct Frame {
    uint8_t major = 0;
    MessageType type = MessageType::NONE;
    uint16_t seq = 0;
    const uint8_t* payload = nullptr;  // 8-byte aligned flatbuffer
    size_t payloadSize = 0;

    // The verified root table (never null for a frame the decoder returned).
    const mote::wire::Message* message() const { return mote::wire::GetMessage(payload); }
};

}  // namespace mote::protocol

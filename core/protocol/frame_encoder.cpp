#include "protocol/frame_encoder.h"

#include "protocol/crc32.h"

namespace mote::protocol {

size_t FrameEncoder::encode(MessageType type, const uint8_t* payload, size_t payloadSize,
                            uint8_t* out, size_t capacity) {
    return encodeWithMajor(kProtocolMajor, type, payload, payloadSize, out, capacity);
}

size_t FrameEncoder::encodeWithMajor(uint8_t major, MessageType type, const uint8_t* payload,
                                     size_t payloadSize, uint8_t* out, size_t capacity) {
    if (payloadSize > kMaxPayload || capacity < 2)
        return 0;
    const uint8_t header[kHeaderSize] = {major, static_cast<uint8_t>(type),
                                         static_cast<uint8_t>(m_nextSeq & 0xFFu),
                                         static_cast<uint8_t>(m_nextSeq >> 8)};
    uint32_t crc = crc32Update(kCrc32Init, header, kHeaderSize);
    crc = crc32Final(crc32Update(crc, payload, payloadSize));
    const uint8_t trailer[kCrcSize] = {static_cast<uint8_t>(crc), static_cast<uint8_t>(crc >> 8),
                                       static_cast<uint8_t>(crc >> 16),
                                       static_cast<uint8_t>(crc >> 24)};

    // Stuff straight into the output: no intermediate copy of the frame.
    CobsWriter writer(out, capacity - 1);
    writer.put(header, kHeaderSize);
    writer.put(payload, payloadSize);
    writer.put(trailer, kCrcSize);
    const size_t size = writer.finish();
    if (size == 0)
        return 0;
    out[size] = 0x00;
    ++m_nextSeq;
    return size + 1;
}

}  // namespace mote::protocol

#pragma once
// Turns a flatbuffer payload into one wire frame with the next sequence
// number of this direction. Portable: no heap, the caller owns the output
// buffer (kMaxEncodedFrame bytes always suffice). Not thread-safe: one
// encoder per direction, used by one thread at a time.
#include <cstddef>
#include <cstdint>

#include "protocol/frame.h"

namespace mote::protocol {

class FrameEncoder {
public:
    // Writes the complete frame, delimiter included, into `out`. Returns its
    // size, or 0 (and consumes no sequence number) when the payload exceeds
    // kMaxPayload or `capacity` is too small.
    size_t encode(MessageType type, const uint8_t* payload, size_t payloadSize, uint8_t* out,
                  size_t capacity);

    // Same, with an explicit protocol major (tests of version negotiation).
    size_t encodeWithMajor(uint8_t major, MessageType type, const uint8_t* payload,
                           size_t payloadSize, uint8_t* out, size_t capacity);

    uint16_t nextSequence() const { return m_nextSeq; }
    void setNextSequence(uint16_t seq) { m_nextSeq = seq; }

private:
    uint16_t m_nextSeq = 0;
};

}  // namespace mote::protocol

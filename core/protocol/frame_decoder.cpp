#include "protocol/frame_decoder.h"

#include <flatbuffers/flatbuffers.h>

#include "protocol/crc32.h"

namespace mote::protocol {

namespace {
constexpr size_t kMaxEncodedBody = kMaxEncodedFrame - 1;  // without the delimiter
}

bool FrameDecoder::push(uint8_t byte) {
    ++m_counters.bytes;
    if (byte != 0x00) {
        if (m_overflow)
            return false;
        if (m_size >= kMaxEncodedBody) {
            m_overflow = true;  // counted once, at the delimiter
            return false;
        }
        m_buffer[kLead + m_size++] = byte;
        return false;
    }
    // Delimiter: end of the current frame.
    if (m_overflow) {
        ++m_counters.oversize;
        m_overflow = false;
        m_size = 0;
        return false;
    }
    if (m_size == 0)
        return false;  // empty frame: a sender's resync marker, not an error
    const bool ok = finishFrame();
    m_size = 0;
    return ok;
}

bool FrameDecoder::finishFrame() {
    uint8_t* data = m_buffer + kLead;
    const CobsDecodeResult decoded = cobsDecode(data, m_size, data, kMaxEncodedBody);
    if (decoded.status != CobsStatus::Ok) {
        ++m_counters.cobsErrors;
        return false;
    }
    const size_t size = decoded.size;
    if (size > kMaxDecodedFrame) {
        ++m_counters.oversize;
        return false;
    }
    if (size < kHeaderSize + kCrcSize) {
        ++m_counters.truncated;
        return false;
    }
    const size_t body = size - kCrcSize;
    const uint32_t expected = static_cast<uint32_t>(data[body]) |
                              (static_cast<uint32_t>(data[body + 1]) << 8) |
                              (static_cast<uint32_t>(data[body + 2]) << 16) |
                              (static_cast<uint32_t>(data[body + 3]) << 24);
    if (crc32(data, body) != expected) {
        ++m_counters.crcErrors;
        return false;
    }
    const uint8_t major = data[0];
    if (major != kProtocolMajor) {
        ++m_counters.versionErrors;
        m_lastForeignMajor = major;
        return false;
    }
    const auto type = static_cast<MessageType>(data[1]);
    const uint16_t seq = static_cast<uint16_t>(data[2] | (data[3] << 8));
    const uint8_t* payload = data + kHeaderSize;
    const size_t payloadSize = body - kHeaderSize;

    // The CRC only proves the bytes arrived as sent; the Verifier proves the
    // sender built a well-formed Message, so no offset in it can point away.
    flatbuffers::Verifier verifier(payload, payloadSize, 16, 4096);
    if (payloadSize == 0 || !mote::wire::VerifyMessageBuffer(verifier) ||
        mote::wire::GetMessage(payload)->body_type() != type || type == MessageType::NONE) {
        ++m_counters.verifyErrors;
        return false;
    }
    trackSequence(seq);
    m_frame.major = major;
    m_frame.type = type;
    m_frame.seq = seq;
    m_frame.payload = payload;
    m_frame.payloadSize = payloadSize;
    ++m_counters.framesOk;
    return true;
}

void FrameDecoder::trackSequence(uint16_t seq) {
    if (m_haveSeq && seq != m_expectedSeq) {
        const uint16_t ahead = static_cast<uint16_t>(seq - m_expectedSeq);
        // A jump of more than half the space is the sequence going back.
        if (ahead < 0x8000u) {
            ++m_counters.sequenceGaps;
            m_counters.lostFrames += ahead;
        } else {
            ++m_counters.outOfOrder;
        }
    }
    m_haveSeq = true;
    m_expectedSeq = static_cast<uint16_t>(seq + 1);
}

void FrameDecoder::reset() {
    m_size = 0;
    m_overflow = false;
    m_frame = Frame{};
    m_counters = DecoderCounters{};
    m_haveSeq = false;
    m_lastForeignMajor = 0;
}

}  // namespace mote::protocol

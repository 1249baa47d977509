#pragma once
// Reassembles wire frames from a byte stream and hands out only frames that
// pass every check. It never trusts a length: the COBS block is bounded by
// the buffer, the CRC covers header and payload, and the payload must pass
// the flatbuffers Verifier with a body type equal to the header's type.
// Every rejected frame is counted under exactly one reason.
//
// Portable: no heap (about 1.1 KiB of state). Not thread-safe: feed it from
// one thread. Byte-at-a-time, so any split of the stream into reads works.
#include <cstddef>
#include <cstdint>

#include "protocol/frame.h"

namespace mote::protocol {

struct DecoderCounters {
    uint32_t framesOk = 0;        // verified frames delivered
    uint32_t crcErrors = 0;       // CRC mismatch (bit flips, dropped bytes)
    uint32_t cobsErrors = 0;      // malformed COBS block
    uint32_t oversize = 0;        // longer than kMaxDecodedFrame
    uint32_t truncated = 0;       // shorter than header + CRC
    uint32_t verifyErrors = 0;    // CRC fine but payload fails the Verifier / type mismatch
    uint32_t versionErrors = 0;   // header protocol major != kProtocolMajor
    uint32_t sequenceGaps = 0;    // times the sequence skipped ahead
    uint32_t lostFrames = 0;      // frames missing in those gaps
    uint32_t outOfOrder = 0;      // sequence went backwards (duplicate, reorder, reboot)
    uint64_t bytes = 0;           // bytes pushed

    // Frames dropped by this decoder for any reason (not the lost ones).
    uint32_t dropped() const {
        return crcErrors + cobsErrors + oversize + truncated + verifyErrors + versionErrors;
    }
};

class FrameDecoder {
public:
    // Feeds one byte. Returns true when it completed a verified frame, which
    // frame() then describes until the next push.
    bool push(uint8_t byte);

    // Feeds a buffer, calling onFrame(const Frame&) for each verified frame.
    // Returns the number of frames delivered.
    template <typename OnFrame>
    size_t push(const uint8_t* data, size_t size, OnFrame&& onFrame) {
        size_t frames = 0;
        for (size_t i = 0; i < size; ++i) {
            if (push(data[i])) {
                ++frames;
                onFrame(m_frame);
            }
        }
        return frames;
    }

    const Frame& frame() const { return m_frame; }
    const DecoderCounters& counters() const { return m_counters; }
    // Major version of the last frame dropped for its version (0 if none):
    // lets the caller say "the board speaks protocol vN".
    uint8_t lastForeignMajor() const { return m_lastForeignMajor; }

    // Forget the expected sequence number (new session, board rebooted):
    // the next frame starts a new sequence without counting a gap.
    void resetSequence() { m_haveSeq = false; }
    // Drop any partial frame and zero all counters.
    void reset();

private:
    bool finishFrame();
    void trackSequence(uint16_t seq);

    // Encoded bytes are stored from offset kLead, then decoded in place, so
    // the payload (after the 4-byte header) starts 8-byte aligned: the
    // flatbuffer's 64-bit fields can be read directly on a Cortex-M.
    static constexpr size_t kLead = 4;
    alignas(8) uint8_t m_buffer[kLead + kMaxEncodedFrame];
    size_t m_size = 0;        // encoded bytes collected for the current frame
    bool m_overflow = false;  // current frame grew past the limit; skip to 0x00
    Frame m_frame;
    DecoderCounters m_counters;
    uint16_t m_expectedSeq = 0;
    bool m_haveSeq = false;
    uint8_t m_lastForeignMajor = 0;
};

}  // namespace mote::protocol

#pragma once
// Consistent Overhead Byte Stuffing: rewrites a block so that it contains no
// 0x00, which is then free to delimit frames on the wire. Overhead is one
// byte per 254 bytes of input plus one. Portable: no heap, caller owns all
// buffers.
#include <cstddef>
#include <cstdint>

namespace mote::protocol {

// Largest encoding of `size` input bytes (without the 0x00 delimiter).
constexpr size_t cobsMaxEncodedSize(size_t size) { return size + size / 254 + 1; }

// Streaming encoder: put() bytes one at a time, then finish(). Writes into
// the caller's buffer; every call fails (returns false) once the buffer is
// too small, and the output must then be discarded.
class CobsWriter {
public:
    CobsWriter(uint8_t* out, size_t capacity);
    bool put(uint8_t byte);
    bool put(const uint8_t* data, size_t size);
    // Closes the last block; returns the encoded size, or 0 on overflow.
    size_t finish();

private:
    uint8_t* m_out;
    size_t m_capacity;
    size_t m_pos = 1;       // next free output byte
    size_t m_codeIndex = 0; // where the current block's code byte goes
    uint8_t m_code = 1;     // 1 + bytes in the current block
    bool m_blockFull = false;  // a 254-byte block just closed; next byte opens one
    bool m_overflow = false;
};

// One-shot encode; returns encoded size or 0 if `capacity` is too small.
size_t cobsEncode(const uint8_t* in, size_t size, uint8_t* out, size_t capacity);

enum class CobsStatus : uint8_t { Ok, Malformed, Overflow };

struct CobsDecodeResult {
    CobsStatus status;
    size_t size;  // decoded bytes when status == Ok
};

// Decodes one encoded block (no delimiter in it). `out` may equal `in`
// (decoding in place is safe: output never overtakes input). Malformed
// means a 0x00 inside the block or a code byte pointing past its end.
CobsDecodeResult cobsDecode(const uint8_t* in, size_t size, uint8_t* out, size_t capacity);

}  // namespace mote::protocol

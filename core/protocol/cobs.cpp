#include "protocol/cobs.h"

namespace mote::protocol {

CobsWriter::CobsWriter(uint8_t* out, size_t capacity) : m_out(out), m_capacity(capacity) {
    m_overflow = capacity == 0;
}

bool CobsWriter::put(uint8_t byte) {
    if (m_overflow)
        return false;
    if (m_blockFull) {
        // Open the block only now, so that input ending exactly on a full
        // block gets no empty trailing block (the reference encoding).
        if (m_pos >= m_capacity)
            return !(m_overflow = true);
        m_codeIndex = m_pos++;
        m_code = 1;
        m_blockFull = false;
    }
    if (byte != 0) {
        if (m_pos >= m_capacity)
            return !(m_overflow = true);
        m_out[m_pos++] = byte;
        if (++m_code == 0xFF) {
            m_out[m_codeIndex] = m_code;
            m_blockFull = true;
        }
        return true;
    }
    // A zero closes the block; the code byte stands for it.
    m_out[m_codeIndex] = m_code;
    if (m_pos >= m_capacity)
        return !(m_overflow = true);
    m_codeIndex = m_pos++;
    m_code = 1;
    return true;
}

bool CobsWriter::put(const uint8_t* data, size_t size) {
    for (size_t i = 0; i < size; ++i)
        if (!put(data[i]))
            return false;
    return true;
}

size_t CobsWriter::finish() {
    if (m_overflow)
        return 0;
    if (!m_blockFull)
        m_out[m_codeIndex] = m_code;
    return m_pos;
}

size_t cobsEncode(const uint8_t* in, size_t size, uint8_t* out, size_t capacity) {
    CobsWriter writer(out, capacity);
    writer.put(in, size);
    return writer.finish();
}

CobsDecodeResult cobsDecode(const uint8_t* in, size_t size, uint8_t* out, size_t capacity) {
    size_t read = 0;
    size_t written = 0;
    while (read < size) {
        const uint8_t code = in[read++];
        if (code == 0)
            return {CobsStatus::Malformed, 0};
        const size_t run = static_cast<size_t>(code) - 1;
        if (run > size - read)
            return {CobsStatus::Malformed, 0};
        if (run > capacity - written)
            return {CobsStatus::Overflow, 0};
        for (size_t i = 0; i < run; ++i) {
            const uint8_t byte = in[read++];
            if (byte == 0)
                return {CobsStatus::Malformed, 0};
            out[written++] = byte;
        }
        // A block shorter than 254 stands for "data then a zero", except the
        // last block, whose implied zero is the frame delimiter itself.
        if (code != 0xFF && read < size) {
            if (written >= capacity)
                return {CobsStatus::Overflow, 0};
            out[written++] = 0;
        }
    }
    return {CobsStatus::Ok, written};
}

}  // namespace mote::protocol

#pragma once
// CRC-32 as IEEE 802.3 / zlib define it (reflected, polynomial 0xEDB88320,
// initial value and final XOR 0xFFFFFFFF). Check value: crc32("123456789")
// == 0xCBF43926. Portable: no heap, table in read-only memory.
#include <cstddef>
#include <cstdint>

namespace mote::protocol {

// Incremental use: state = kCrc32Init; state = crc32Update(state, ...)...;
// crc = crc32Final(state).
constexpr uint32_t kCrc32Init = 0xFFFFFFFFu;
uint32_t crc32Update(uint32_t state, const uint8_t* data, size_t size);
inline uint32_t crc32Final(uint32_t state) { return state ^ 0xFFFFFFFFu; }

// One-shot CRC of a buffer.
inline uint32_t crc32(const uint8_t* data, size_t size) {
    return crc32Final(crc32Update(kCrc32Init, data, size));
}

}  // namespace mote::protocol

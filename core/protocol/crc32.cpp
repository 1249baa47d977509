#include "protocol/crc32.h"

namespace mote::protocol {
namespace {

// 256-entry table built at compile time (1 KiB of flash on the board).
struct Crc32Table {
    uint32_t entries[256];
    constexpr Crc32Table() : entries() {
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int bit = 0; bit < 8; ++bit)
                c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
            entries[i] = c;
        }
    }
};

constexpr Crc32Table kTable{};

}  // namespace

uint32_t crc32Update(uint32_t state, const uint8_t* data, size_t size) {
    for (size_t i = 0; i < size; ++i)
        state = kTable.entries[(state ^ data[i]) & 0xFFu] ^ (state >> 8);
    return state;
}

}  // namespace mote::protocol

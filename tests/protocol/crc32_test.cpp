#include "protocol/crc32.h"

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

using namespace mote::protocol;

namespace {
const uint8_t* bytes(const char* s) { return reinterpret_cast<const uint8_t*>(s); }
}  // namespace

TEST(Crc32, MatchesTheStandardCheckValue) {
    // The catalogue check value of CRC-32/ISO-HDLC (zlib, Ethernet).
    EXPECT_EQ(crc32(bytes("123456789"), 9), 0xCBF43926u);
}

TEST(Crc32, EmptyInputIsZero) { EXPECT_EQ(crc32(nullptr, 0), 0u); }

TEST(Crc32, KnownStrings) {
    EXPECT_EQ(crc32(bytes("a"), 1), 0xE8B7BE43u);
    const char* fox = "The quick brown fox jumps over the lazy dog";
    EXPECT_EQ(crc32(bytes(fox), std::strlen(fox)), 0x414FA339u);
}

TEST(Crc32, IncrementalEqualsOneShot) {
    std::vector<uint8_t> data(1000);
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<uint8_t>(i * 7 + 3);
    const uint32_t whole = crc32(data.data(), data.size());
    for (size_t split : {0u, 1u, 4u, 500u, 999u, 1000u}) {
        uint32_t s = crc32Update(kCrc32Init, data.data(), split);
        s = crc32Update(s, data.data() + split, data.size() - split);
        EXPECT_EQ(crc32Final(s), whole) << "split at " << split;
    }
}

TEST(Crc32, DetectsEverySingleBitFlip) {
    std::vector<uint8_t> data(64, 0x5A);
    const uint32_t good = crc32(data.data(), data.size());
    for (size_t bit = 0; bit < data.size() * 8; ++bit) {
        data[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        EXPECT_NE(crc32(data.data(), data.size()), good) << "bit " << bit;
        data[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    }
}

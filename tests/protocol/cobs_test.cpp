#include "protocol/cobs.h"

#include <random>
#include <vector>

#include <gtest/gtest.h>

using namespace mote::protocol;

namespace {

struct CobsCase {
    const char* name;
    std::vector<uint8_t> decoded;
    std::vector<uint8_t> encoded;
};

std::vector<uint8_t> run(uint8_t first, size_t count) {
    std::vector<uint8_t> v(count);
    for (size_t i = 0; i < count; ++i)
        v[i] = static_cast<uint8_t>(first + i);
    return v;
}

std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
    std::vector<uint8_t> out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

// The reference examples published with the COBS algorithm (Cheshire &
// Baker), including the 254-byte block boundaries.
std::vector<CobsCase> cases() {
    return {
        {"Empty", {}, {0x01}},
        {"OneZero", {0x00}, {0x01, 0x01}},
        {"TwoZeros", {0x00, 0x00}, {0x01, 0x01, 0x01}},
        {"ZeroInMiddle", {0x11, 0x22, 0x00, 0x33}, {0x03, 0x11, 0x22, 0x02, 0x33}},
        {"NoZero", {0x11, 0x22, 0x33, 0x44}, {0x05, 0x11, 0x22, 0x33, 0x44}},
        {"TrailingZeros", {0x11, 0x00, 0x00, 0x00}, {0x02, 0x11, 0x01, 0x01, 0x01}},
        {"Exactly254NonZero", run(0x01, 254), concat({{0xFF}, run(0x01, 254)})},
        {"ZeroThen254", concat({{0x00}, run(0x01, 254)}),
         concat({{0x01, 0xFF}, run(0x01, 254)})},
        {"255NonZero", run(0x01, 255), concat({{0xFF}, run(0x01, 254), {0x02, 0xFF}})},
    };
}

class CobsVectors : public ::testing::TestWithParam<CobsCase> {};

}  // namespace

TEST_P(CobsVectors, EncodesToReference) {
    const auto& c = GetParam();
    std::vector<uint8_t> out(cobsMaxEncodedSize(c.decoded.size()));
    const size_t n = cobsEncode(c.decoded.data(), c.decoded.size(), out.data(), out.size());
    out.resize(n);
    EXPECT_EQ(out, c.encoded);
}

TEST_P(CobsVectors, DecodesReference) {
    const auto& c = GetParam();
    std::vector<uint8_t> out(c.decoded.size() + 8);
    const auto r = cobsDecode(c.encoded.data(), c.encoded.size(), out.data(), out.size());
    ASSERT_EQ(r.status, CobsStatus::Ok);
    out.resize(r.size);
    EXPECT_EQ(out, c.decoded);
}

INSTANTIATE_TEST_SUITE_P(Reference, CobsVectors, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Cobs, RoundTripsRandomBlocksInPlace) {
    std::mt19937 rng(1234);
    for (size_t size : {0u, 1u, 253u, 254u, 255u, 508u, 509u, 1100u}) {
        for (int round = 0; round < 20; ++round) {
            std::vector<uint8_t> data(size);
            const int zeroOdds = round % 4;  // some blocks without any zero
            for (auto& b : data)
                b = (zeroOdds && rng() % (zeroOdds * 8) == 0) ? 0 : static_cast<uint8_t>(rng());
            std::vector<uint8_t> enc(cobsMaxEncodedSize(size));
            const size_t n = cobsEncode(data.data(), size, enc.data(), enc.size());
            ASSERT_GT(n, 0u);
            for (size_t i = 0; i < n; ++i)
                ASSERT_NE(enc[i], 0) << "zero in encoded output at " << i;
            const auto r = cobsDecode(enc.data(), n, enc.data(), enc.size());
            ASSERT_EQ(r.status, CobsStatus::Ok);
            ASSERT_EQ(r.size, size);
            EXPECT_TRUE(std::equal(data.begin(), data.end(), enc.begin()));
        }
    }
}

TEST(Cobs, EncoderReportsSmallBuffer) {
    const std::vector<uint8_t> data(10, 0x42);
    std::vector<uint8_t> out(10);  // needs 11
    EXPECT_EQ(cobsEncode(data.data(), data.size(), out.data(), out.size()), 0u);
    out.resize(11);
    EXPECT_EQ(cobsEncode(data.data(), data.size(), out.data(), out.size()), 11u);
}

TEST(Cobs, DecoderRejectsMalformedBlocks) {
    uint8_t out[16];
    const uint8_t codePastEnd[] = {0x05, 0x11, 0x22};
    EXPECT_EQ(cobsDecode(codePastEnd, sizeof codePastEnd, out, sizeof out).status,
              CobsStatus::Malformed);
    const uint8_t zeroInside[] = {0x03, 0x11, 0x00};
    EXPECT_EQ(cobsDecode(zeroInside, sizeof zeroInside, out, sizeof out).status,
              CobsStatus::Malformed);
    const uint8_t zeroCode[] = {0x00};
    EXPECT_EQ(cobsDecode(zeroCode, sizeof zeroCode, out, sizeof out).status, CobsStatus::Malformed);
}

TEST(Cobs, DecoderRespectsCapacity) {
    const uint8_t enc[] = {0x05, 0x11, 0x22, 0x33, 0x44};
    uint8_t out[3];
    EXPECT_EQ(cobsDecode(enc, sizeof enc, out, sizeof out).status, CobsStatus::Overflow);
}

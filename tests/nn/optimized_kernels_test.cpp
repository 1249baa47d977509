// The optimized int8 kernels (nn/kernels/optimized.h) against the reference
// ones, byte for byte, on thousands of random cases. On the host the DSP
// instructions are the plain-C models of dsp_ops.h; the same cases run with
// the real instructions on the emulated Cortex-M4 (nn_m4_kernels_exact).
#include <gtest/gtest.h>

#include "nn/kernels/dsp_ops.h"
#include "optimized_equivalence.h"

namespace eq = mote::test::equivalence;
namespace dsp = mote::nn::kernels::dsp;

TEST(DspOps, ModelsMatchTheInstructionDefinitions) {
    // bytes b0..b3 = 0x80 (-128), 0x7f (127), 0xff (-1), 0x01 (1)
    const uint32_t x = 0x01ff7f80u;
    EXPECT_EQ(dsp::sxtb16(x), 0xffffff80u);      // {lo: -128, hi: -1}
    EXPECT_EQ(dsp::sxtb16Ror8(x), 0x0001007fu);  // {lo: 127, hi: 1}
    const uint32_t off = dsp::dup16(128);
    EXPECT_EQ(dsp::sxtab16(off, x), 0x007f0000u);      // {0, 127}
    EXPECT_EQ(dsp::sxtab16Ror8(off, x), 0x008100ffu);  // {255, 129}
    // {lo: -255, hi: 255} . {lo: 255, hi: -128} = -65025 - 32640
    const uint32_t a = (uint32_t{255} << 16) | uint16_t(-255), b = (uint32_t{uint16_t(-128)} << 16) | 255u;
    EXPECT_EQ(dsp::smlad(a, b, 10), 10 - 65025 - 32640);
    EXPECT_EQ(dsp::smlabb(a, b, 0), -65025);
    EXPECT_EQ(dsp::smlatt(a, b, 0), -32640);
    EXPECT_EQ(dsp::smlabt(a, b, 1), 1 + (-255) * (-128));
    EXPECT_EQ(dsp::smlatb(a, b, 0), 255 * 255);
    EXPECT_EQ(dsp::pkhLoLo(0x11112222u, 0x33334444u), 0x44442222u);
    EXPECT_EQ(dsp::pkhHiHi(0x11112222u, 0x33334444u), 0x11113333u);
}

TEST(OptimizedKernels, RandomCasesAreByteIdenticalToTheReference) {
    eq::Stats stats;
    eq::run(0x1234567u, 5000, stats);
    EXPECT_EQ(stats.mismatches, 0u) << stats.firstMismatch;
    // The generator really exercised every kernel.
    EXPECT_GT(stats.conv, 700u);
    EXPECT_GT(stats.depthwise, 700u);
    EXPECT_GT(stats.fullyConnected, 700u);
    std::printf("[ figures ] %u cases (%u conv, %u depthwise, %u fully connected), %llu MACs, %u mismatches\n",
                stats.cases, stats.conv, stats.depthwise, stats.fullyConnected,
                static_cast<unsigned long long>(stats.macs), stats.mismatches);
}

TEST(OptimizedKernels, OneMultiplyRequantizationEqualsTheReferenceSequence) {
    eq::Stats stats;
    eq::requantSweep(0xBADC0DEu, 300000, stats);
    EXPECT_EQ(stats.mismatches, 0u) << stats.firstMismatch;
    EXPECT_EQ(stats.requant, 300000u);
}

TEST(OptimizedKernels, CheckerReportsADifferentByte) {
    // The comparison itself must catch a one-byte difference and a write
    // past the end, or the equivalence runs prove nothing.
    eq::Stats stats;
    eq::detail::prepareOutputs(8);
    eq::detail::g_outOpt[5] = 1;
    const int32_t dims[] = {7};
    EXPECT_FALSE(eq::detail::compare(stats, 8, "probe:", dims, 1));
    EXPECT_EQ(stats.mismatches, 1u);
    EXPECT_STREQ(stats.firstMismatch, "probe: 7");
    eq::detail::prepareOutputs(8);
    eq::detail::g_outOpt[9] = 0;
    EXPECT_FALSE(eq::detail::compare(stats, 8, "probe:", dims, 1));
    EXPECT_EQ(stats.mismatches, 2u);
}

// Kernel test firmware for the emulated Cortex-M4 (QEMU mps2-an386):
// 1. runs the optimized int8 kernels (real DSP instructions here) against
//    the reference ones on random cases and prints
//    "m4-exact: <cases> cases, <mismatches> mismatches"; exits 1 on any
//    mismatch, 0 otherwise;
// 2. times both on the layer shapes of the shared models and prints
//    "m4-bench: <layer> ref=<instr> opt=<instr> macs=<n>" lines (SysTick
//    ticks x 40 = instructions under -icount shift=0).
#include <cstdio>
#include <cstring>

#include "optimized_equivalence.h"
#include "semihosting.h"

#ifndef M4_EXACT_CASES
#define M4_EXACT_CASES 2500
#endif

namespace {

namespace k = mote::nn::kernels;
namespace eq = mote::test::equivalence;

alignas(4) int8_t g_in[64 * 1024];
alignas(4) int8_t g_w[64 * 1024];
alignas(4) int8_t g_out[64 * 1024];
int32_t g_bias[256], g_mult[256], g_shift[256];

void fillAll() {
    eq::Rng rng(99);
    eq::detail::fill(rng, g_in, sizeof g_in);
    eq::detail::fill(rng, g_w, sizeof g_w);
    for (int i = 0; i < 256; ++i) {
        g_bias[i] = rng.range(-5000, 5000);
        g_mult[i] = rng.range(1 << 30, 0x7fffffff);
        g_shift[i] = -rng.range(7, 10);
    }
}

void report(const char* name, uint32_t refTicks, uint32_t optTicks, uint32_t macs) {
    char line[160];
    std::snprintf(line, sizeof line, "m4-bench: %s ref=%lu opt=%lu macs=%lu opt_mac_per_instr=%lu.%03lu\n", name,
                  static_cast<unsigned long>(refTicks) * 40ul, static_cast<unsigned long>(optTicks) * 40ul,
                  static_cast<unsigned long>(macs), static_cast<unsigned long>(macs / (optTicks * 40ul)),
                  static_cast<unsigned long>((macs * 1000ull / (optTicks * 40ull)) % 1000));
    m4test::write(line);
}

template <typename Fn>
uint32_t timeIt(Fn fn) {
    const uint32_t start = m4test::counterNow();
    fn();
    return m4test::ticksSince(start);
}

void benchConv(const char* name, k::Dims4 in, k::Dims4 f, k::Window w, k::Dims4 out) {
    k::ConvInt8Params p;
    p.window = w;
    p.inputOffset = 128;
    p.outputOffset = -5;
    p.multipliers = g_mult;
    p.shifts = g_shift;
    const uint32_t ref = timeIt([&] { k::convInt8Reference(p, in, g_in, f, g_w, g_bias, out, g_out); });
    const uint32_t opt = timeIt([&] { k::convInt8Optimized(p, in, g_in, f, g_w, g_bias, out, g_out); });
    report(name, ref, opt, static_cast<uint32_t>(out.elements() * f.h * f.w * f.c));
}

void benchDepthwise(const char* name, k::Dims4 in, k::Dims4 f, k::Window w, k::Dims4 out, int32_t multiplier = 1) {
    k::DepthwiseInt8Params p;
    p.depthMultiplier = multiplier;
    p.window = w;
    p.inputOffset = 128;
    p.outputOffset = -5;
    p.multipliers = g_mult;
    p.shifts = g_shift;
    const uint32_t ref = timeIt([&] { k::depthwiseConvInt8Reference(p, in, g_in, f, g_w, g_bias, out, g_out); });
    const uint32_t opt = timeIt([&] { k::depthwiseConvInt8Optimized(p, in, g_in, f, g_w, g_bias, out, g_out); });
    report(name, ref, opt, static_cast<uint32_t>(out.elements() * f.h * f.w));
}

void benchFullyConnected(const char* name, int32_t depth, int32_t units) {
    k::FullyConnectedInt8Params p;
    p.inputOffset = 128;
    p.multipliers = g_mult;
    p.shifts = g_shift;
    const uint32_t ref =
        timeIt([&] { k::fullyConnectedInt8Reference(p, 1, depth, units, g_in, g_w, g_bias, g_out); });
    const uint32_t opt =
        timeIt([&] { k::fullyConnectedInt8Optimized(p, 1, depth, units, g_in, g_w, g_bias, g_out); });
    report(name, ref, opt, static_cast<uint32_t>(depth * units));
}

k::Window window(int32_t stride, int32_t padH, int32_t padW) {
    k::Window w;
    w.strideH = w.strideW = stride;
    w.padH = padH;
    w.padW = padW;
    return w;
}

}  // namespace

int main() {
    m4test::startCounter();
    eq::Stats stats;
    eq::run(0xC0FFEEu, M4_EXACT_CASES, stats);
    eq::requantSweep(0xBADC0DEu, 50000, stats);  // the SMLAL requantization, real instructions
    char line[300];
    std::snprintf(line, sizeof line,
                  "m4-exact: %lu cases (%lu conv, %lu depthwise, %lu fully connected, %lu requant, %lu MACs), %lu mismatches%s%s\n",
                  static_cast<unsigned long>(stats.cases), static_cast<unsigned long>(stats.conv),
                  static_cast<unsigned long>(stats.depthwise), static_cast<unsigned long>(stats.fullyConnected),
                  static_cast<unsigned long>(stats.requant), static_cast<unsigned long>(stats.macs), static_cast<unsigned long>(stats.mismatches),
                  stats.mismatches ? "; first: " : "", stats.firstMismatch);
    m4test::write(line);
    if (stats.mismatches) return 1;

    fillAll();
    // kws_ref_model (DS-CNN) layers.
    benchConv("kws_conv_10x4_s2", {1, 49, 10, 1}, {64, 10, 4, 1}, window(2, 4, 1), {1, 25, 5, 64});
    benchDepthwise("kws_dw_3x3", {1, 25, 5, 64}, {1, 3, 3, 64}, window(1, 1, 1), {1, 25, 5, 64});
    benchConv("kws_pw_64_64", {1, 25, 5, 64}, {64, 1, 1, 64}, window(1, 0, 0), {1, 25, 5, 64});
    benchFullyConnected("kws_fc_64_12", 64, 12);
    // MobileNet v1 0.25 (vww / person_detect) layers.
    benchConv("mnv1_conv_3x3_s2", {1, 96, 96, 3}, {8, 3, 3, 3}, window(2, 0, 0), {1, 48, 48, 8});
    benchDepthwise("pd_dw_x8_3x3_s2_gray", {1, 96, 96, 1}, {1, 3, 3, 8}, window(2, 0, 0), {1, 48, 48, 8}, 8);
    benchDepthwise("mnv1_dw_3x3_48x48x8", {1, 48, 48, 8}, {1, 3, 3, 8}, window(1, 1, 1), {1, 48, 48, 8});
    benchConv("mnv1_pw_24x24_16_32", {1, 24, 24, 16}, {32, 1, 1, 16}, window(1, 0, 0), {1, 24, 24, 32});
    benchConv("mnv1_pw_6x6_128_128", {1, 6, 6, 128}, {128, 1, 1, 128}, window(1, 0, 0), {1, 6, 6, 128});
    benchDepthwise("mnv1_dw_3x3_6x6x128", {1, 6, 6, 128}, {1, 3, 3, 128}, window(1, 1, 1), {1, 6, 6, 128});
    benchConv("mnv1_pw_48x48_8_16", {1, 48, 48, 8}, {16, 1, 1, 8}, window(1, 0, 0), {1, 48, 48, 16});
    benchDepthwise("mnv1_dw_3x3_s2_12x12x64", {1, 12, 12, 64}, {1, 3, 3, 64}, window(2, 0, 0), {1, 6, 6, 64});
    return 0;
}

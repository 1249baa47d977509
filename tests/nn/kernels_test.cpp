// Kernel edge cases: fixed-point rounding rules, saturation, padding /
// stride / dilation combinations, depth multiplier, zero points at the
// extremes, broadcasting. Geometry is checked against an independent naive
// int64 reference with an exactly representable requantization (scale 1),
// so every accumulator error shows up.
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "nn/kernels/activations.h"
#include "nn/kernels/conv.h"
#include "nn/kernels/depthwise_conv.h"
#include "nn/kernels/elementwise.h"
#include "nn/kernels/fixed_point.h"
#include "nn/kernels/fully_connected.h"
#include "nn/kernels/pooling.h"
#include "nn/kernels/quant_util.h"
#include "nn/kernels/quantize.h"
#include "nn/kernels/reshape_like.h"
#include "nn/kernels/softmax.h"

namespace k = mote::nn::kernels;

namespace {

std::vector<int8_t> pseudoRandom(size_t n, uint32_t seed) {
    std::vector<int8_t> v(n);
    for (auto& x : v) {
        seed = seed * 1664525u + 1013904223u;
        x = static_cast<int8_t>(seed >> 24);
    }
    return v;
}

TEST(FixedPoint, RoundingDoublingHighMul) {
    EXPECT_EQ(k::saturatingRoundingDoublingHighMul(k::kInt32Min, k::kInt32Min), k::kInt32Max);
    EXPECT_EQ(k::saturatingRoundingDoublingHighMul(1 << 30, 1 << 30), 1 << 29);
    // 3 * 2^30 / 2^31 = 1.5 -> 2 (ties away from zero), and -1.5 -> -2.
    EXPECT_EQ(k::saturatingRoundingDoublingHighMul(3, 1 << 30), 2);
    // The negative nudge is 1 - 2^30, so -1.5 rounds toward zero here
    // (the reference behaviour, which the conformance tests depend on).
    EXPECT_EQ(k::saturatingRoundingDoublingHighMul(-3, 1 << 30), -1);
    EXPECT_EQ(k::saturatingRoundingDoublingHighMul(-5, 1 << 30), -2);  // -2.5 -> -2
}

TEST(FixedPoint, RoundingDoublingHighMulEqualsTheLiteralReferenceRule) {
    // The kernel computes (a*b + 2^30) >> 31; the reference text is
    // trunc((a*b + nudge) / 2^31) with a sign-dependent nudge. Compare on
    // random and boundary operands.
    auto literal = [](int32_t a, int32_t b) {
        if (a == k::kInt32Min && b == k::kInt32Min) return k::kInt32Max;
        const int64_t ab = static_cast<int64_t>(a) * b;
        const int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
        return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
    };
    const int32_t edges[] = {k::kInt32Min, k::kInt32Min + 1, -(1 << 30) - 1, -(1 << 30), -3, -2, -1, 0, 1, 2, 3,
                             1 << 30, (1 << 30) + 1, k::kInt32Max - 1, k::kInt32Max};
    for (int32_t a : edges)
        for (int32_t b : edges) ASSERT_EQ(k::saturatingRoundingDoublingHighMul(a, b), literal(a, b)) << a << " " << b;
    uint64_t s = 88172645463325252ull;
    for (int i = 0; i < 2000000; ++i) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        const int32_t a = static_cast<int32_t>(s), b = static_cast<int32_t>(s >> 32) >> (s % 24);
        ASSERT_EQ(k::saturatingRoundingDoublingHighMul(a, b), literal(a, b)) << a << " " << b;
    }
}

TEST(FixedPoint, RoundingDivideByPotTiesAwayFromZero) {
    EXPECT_EQ(k::roundingDivideByPot(5, 1), 3);
    EXPECT_EQ(k::roundingDivideByPot(-5, 1), -3);
    EXPECT_EQ(k::roundingDivideByPot(-6, 2), -2);  // -1.5 -> -2
    EXPECT_EQ(k::roundingDivideByPot(-5, 2), -1);  // -1.25 -> -1
    EXPECT_EQ(k::roundingDivideByPot(7, 0), 7);
}

TEST(FixedPoint, QuantizeMultiplierMatchesFrexpRule) {
    int32_t m;
    int s;
    k::quantizeMultiplier(0.5, &m, &s);
    EXPECT_EQ(m, 1 << 30);
    EXPECT_EQ(s, 0);
    k::quantizeMultiplier(1.0, &m, &s);
    EXPECT_EQ(m, 1 << 30);
    EXPECT_EQ(s, 1);
    k::quantizeMultiplier(0.0, &m, &s);
    EXPECT_EQ(m, 0);
    // Rounds up to 2^31: carried into the exponent.
    k::quantizeMultiplier(0.99999999999, &m, &s);
    EXPECT_EQ(m, 1 << 30);
    EXPECT_EQ(s, 1);
    k::quantizeMultiplier(1e-12, &m, &s);  // below 2^-31 of range: zero
    EXPECT_EQ(m, 0);
    EXPECT_EQ(s, 0);
}

TEST(FixedPoint, MultiplyByQuantizedMultiplierAgreesWithRealProduct) {
    for (double real : {0.0003, 0.017, 0.49, 0.75, 1.3, 7.9}) {
        int32_t m;
        int s;
        k::quantizeMultiplier(real, &m, &s);
        for (int32_t x : {-100000, -777, -1, 0, 1, 555, 123456}) {
            const double want = x * real;
            EXPECT_LE(std::fabs(k::multiplyByQuantizedMultiplier(x, m, s) - want), 1.0) << real << " " << x;
        }
    }
    // Saturation: huge products clamp instead of wrapping.
    EXPECT_EQ(k::multiplyByQuantizedMultiplierGreaterThanOne(k::kInt32Min, k::kInt32Min, 0), k::kInt32Max);
}

TEST(FixedPoint, ExpLogisticTanhCloseToReal) {
    for (double x = -7.9; x <= 0.0; x += 0.37) {
        const int32_t raw = static_cast<int32_t>(x * (1 << 26));  // Q5.26
        const double got = k::expOnNegativeValues(raw, 5) / 2147483648.0;
        EXPECT_NEAR(got, std::exp(x), 2e-6) << x;
    }
    for (double x = -7.5; x <= 7.5; x += 0.5) {
        const int32_t raw = static_cast<int32_t>(x * (1 << 27));  // Q4.27
        EXPECT_NEAR(k::fixedLogistic(raw, 4) / 2147483648.0, 1.0 / (1.0 + std::exp(-x)), 2e-6) << x;
        EXPECT_NEAR(k::fixedTanh(raw, 4) / 2147483648.0, std::tanh(x), 4e-6) << x;
    }
}

// Naive reference conv with scale-1 requantization (exact), int64 sums.
std::vector<int8_t> referenceConv(const std::vector<int8_t>& in, k::Dims4 is, const std::vector<int8_t>& f, k::Dims4 fs,
                                  const std::vector<int32_t>& bias, k::Dims4 os, k::Window w, int32_t inZp, int32_t outZp,
                                  int32_t lo, int32_t hi, bool depthwise, int32_t dm) {
    std::vector<int8_t> out(static_cast<size_t>(os.elements()));
    for (int b = 0; b < os.n; ++b)
        for (int oy = 0; oy < os.h; ++oy)
            for (int ox = 0; ox < os.w; ++ox)
                for (int oc = 0; oc < os.c; ++oc) {
                    int64_t acc = bias[static_cast<size_t>(oc)];
                    for (int fy = 0; fy < fs.h; ++fy)
                        for (int fx = 0; fx < fs.w; ++fx) {
                            const int iy = oy * w.strideH - w.padH + fy * w.dilationH;
                            const int ix = ox * w.strideW - w.padW + fx * w.dilationW;
                            if (iy < 0 || ix < 0 || iy >= is.h || ix >= is.w) continue;
                            if (depthwise) {
                                const int ic = oc / dm;
                                acc += int64_t(f[size_t((fy * fs.w + fx) * fs.c + oc)]) *
                                       (in[size_t(((b * is.h + iy) * is.w + ix) * is.c + ic)] - inZp);
                            } else {
                                for (int ic = 0; ic < is.c; ++ic)
                                    acc += int64_t(f[size_t(((oc * fs.h + fy) * fs.w + fx) * fs.c + ic)]) *
                                           (in[size_t(((b * is.h + iy) * is.w + ix) * is.c + ic)] - inZp);
                            }
                        }
                    acc += outZp;
                    out[size_t(((b * os.h + oy) * os.w + ox) * os.c + oc)] =
                        static_cast<int8_t>(std::min<int64_t>(hi, std::max<int64_t>(lo, acc)));
                }
    return out;
}

struct Geometry {
    int inH, inW, k, stride, dilation;
    k::Padding padding;
};

class ConvGeometry : public ::testing::TestWithParam<Geometry> {};

TEST_P(ConvGeometry, ConvAndDepthwiseMatchNaiveReference) {
    const Geometry g = GetParam();
    for (int32_t inZp : {-128, 0, 127}) {
        const int32_t outZp = inZp == 127 ? -128 : 5;
        const k::Dims4 is{2, g.inH, g.inW, 3};
        const int32_t oh = k::computeOutSize(g.padding, g.inH, g.k, g.stride, g.dilation);
        const int32_t ow = k::computeOutSize(g.padding, g.inW, g.k, g.stride, g.dilation);
        ASSERT_GT(oh, 0);
        k::Window w;
        w.strideH = w.strideW = g.stride;
        w.dilationH = w.dilationW = g.dilation;
        w.padH = k::computePadding(g.stride, g.dilation, g.inH, g.k, oh);
        w.padW = k::computePadding(g.stride, g.dilation, g.inW, g.k, ow);
        const auto input = pseudoRandom(size_t(is.elements()), 7u + uint32_t(inZp + 128));
        // scale 1 multiplier: exact, so the reference needs no rounding.
        int32_t m;
        int s;
        k::quantizeMultiplier(1.0, &m, &s);

        {  // conv 2D, 4 output channels
            const k::Dims4 fs{4, g.k, g.k, 3}, os{2, oh, ow, 4};
            const auto filter = pseudoRandom(size_t(fs.elements()), 99);
            const std::vector<int32_t> bias = {-1000, 0, 77, 1 << 20};
            std::vector<int32_t> mult(4, m), shift(4, s);
            k::ConvInt8Params p;
            p.window = w;
            p.inputOffset = -inZp;
            p.outputOffset = outZp;
            p.actMin = -100;  // a fused clamp tighter than int8
            p.actMax = 120;
            p.multipliers = mult.data();
            p.shifts = shift.data();
            std::vector<int8_t> out(size_t(os.elements()));
            k::convInt8(p, is, input.data(), fs, filter.data(), bias.data(), os, out.data());
            EXPECT_EQ(out, referenceConv(input, is, filter, fs, bias, os, w, inZp, outZp, -100, 120, false, 1));
        }
        {  // depthwise, multiplier 2
            const k::Dims4 fs{1, g.k, g.k, 6}, os{2, oh, ow, 6};
            const auto filter = pseudoRandom(size_t(fs.elements()), 5);
            const std::vector<int32_t> bias = {1, 2, 3, -4, -5, 600};
            std::vector<int32_t> mult(6, m), shift(6, s);
            k::DepthwiseInt8Params p;
            p.window = w;
            p.depthMultiplier = 2;
            p.inputOffset = -inZp;
            p.outputOffset = outZp;
            p.multipliers = mult.data();
            p.shifts = shift.data();
            std::vector<int8_t> out(size_t(os.elements()));
            k::depthwiseConvInt8(p, is, input.data(), fs, filter.data(), bias.data(), os, out.data());
            EXPECT_EQ(out, referenceConv(input, is, filter, fs, bias, os, w, inZp, outZp, -128, 127, true, 2));
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Kernels, ConvGeometry,
                         ::testing::Values(Geometry{5, 5, 3, 1, 1, k::Padding::Same}, Geometry{6, 7, 3, 2, 1, k::Padding::Same},
                                           Geometry{7, 6, 3, 1, 2, k::Padding::Same}, Geometry{9, 9, 3, 2, 2, k::Padding::Valid},
                                           Geometry{8, 5, 2, 3, 1, k::Padding::Valid}, Geometry{4, 4, 5, 1, 1, k::Padding::Same},
                                           Geometry{1, 1, 1, 1, 1, k::Padding::Valid}));

TEST(FullyConnected, PerTensorMatchesExactReferenceAndSaturates) {
    const int depth = 9, units = 4, batches = 2;
    const auto in = pseudoRandom(depth * batches, 3);
    const auto w = pseudoRandom(depth * units, 4);
    const std::vector<int32_t> bias = {5, -5, 100000, -100000};
    int32_t m;
    int s;
    k::quantizeMultiplier(1.0, &m, &s);
    k::FullyConnectedInt8Params p;
    p.inputOffset = 128;  // zero point -128
    p.outputOffset = -3;
    p.multipliers = &m;
    p.shifts = &s;
    std::vector<int8_t> out(batches * units);
    k::fullyConnectedInt8(p, batches, depth, units, in.data(), w.data(), bias.data(), out.data());
    for (int b = 0; b < batches; ++b)
        for (int u = 0; u < units; ++u) {
            int64_t acc = bias[size_t(u)];
            for (int d = 0; d < depth; ++d) acc += int64_t(w[size_t(u * depth + d)]) * (in[size_t(b * depth + d)] + 128);
            acc = std::min<int64_t>(127, std::max<int64_t>(-128, acc - 3));
            EXPECT_EQ(out[size_t(b * units + u)], acc) << b << "," << u;
        }
    EXPECT_EQ(out[2], 127);   // saturated high
    EXPECT_EQ(out[3], -128);  // saturated low
}

TEST(Pooling, AverageRoundsHalfAwayFromZeroAndSkipsPadding) {
    // 2x2 input, 2x2 window SAME stride 1: corner windows see 1, 2 or 4 cells.
    const std::vector<int8_t> in = {1, 2, -1, -2};
    k::PoolParams p;
    p.filterH = p.filterW = 2;
    p.window.padH = p.window.padW = 0;
    std::vector<int8_t> out(4);
    k::averagePoolInt8(p, {1, 2, 2, 1}, in.data(), {1, 2, 2, 1}, out.data());
    // (1+2-1-2)/4 = 0; (2-2)/2 = 0; (-1-2)/2 = -1.5 -> -2; -2.
    EXPECT_EQ(out, (std::vector<int8_t>{0, 0, -2, -2}));
    const std::vector<int8_t> in2 = {1, 2, 3, 4};
    k::averagePoolInt8(p, {1, 2, 2, 1}, in2.data(), {1, 2, 2, 1}, out.data());
    EXPECT_EQ(out, (std::vector<int8_t>{3, 3, 4, 4}));  // 2.5 -> 3, 3, 3.5 -> 4, 4
    k::maxPoolInt8(p, {1, 2, 2, 1}, in.data(), {1, 2, 2, 1}, out.data());
    EXPECT_EQ(out, (std::vector<int8_t>{2, 2, -1, -2}));
}

TEST(Softmax, Int8SumsToOneAndOrdersLikeInputs) {
    const auto p = k::prepareSoftmaxInt8(1.0, 0.1);
    const std::vector<int8_t> in = {-128, -20, 0, 10, 11, 127};
    std::vector<int8_t> out(6);
    k::softmaxInt8(p, 1, 6, in.data(), out.data());
    int sum = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        sum += out[i] + 128;
        if (i) {
            EXPECT_LE(out[i - 1], out[i]);
        }
    }
    EXPECT_NEAR(sum, 256, 3);
    EXPECT_EQ(out[0], -128);  // exp(-25.5) underflows
    // Equal inputs: equal probabilities, 256/4 = 64 -> -64.
    const std::vector<int8_t> eq = {3, 3, 3, 3};
    k::softmaxInt8(p, 1, 4, eq.data(), out.data());
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out[size_t(i)], -64);
}

TEST(Sigmoid, Int8LogisticAndTanhWithinOneStepOfReal) {
    const float scale = 0.06f;
    const int32_t zp = 10;
    const auto p = k::prepareSigmoidInt8(scale, zp);
    for (int q = -128; q <= 127; ++q) {
        const int8_t x = static_cast<int8_t>(q);
        int8_t lo, th;
        k::logisticInt8(p, 1, &x, &lo);
        k::tanhInt8(p, 1, &x, &th);
        const double real = scale * (q - zp);
        EXPECT_LE(std::fabs((lo + 128) / 256.0 - 1.0 / (1.0 + std::exp(-real))), 1.0 / 256 + 1e-9) << q;
        EXPECT_LE(std::fabs(th / 128.0 - std::tanh(real)), 1.0 / 128 + 1e-9) << q;
    }
    const int8_t at0 = static_cast<int8_t>(zp);
    int8_t out;
    k::logisticInt8(p, 1, &at0, &out);
    EXPECT_EQ(out, 0);  // 0.5
    k::tanhInt8(p, 1, &at0, &out);
    EXPECT_EQ(out, 0);
}

TEST(Elementwise, AddAndMulBroadcastWithinOneStep) {
    const int32_t d1[] = {2, 3}, d2[] = {3};
    k::Broadcast b;
    ASSERT_TRUE(k::makeBroadcast(2, d1, 1, d2, &b));
    const int32_t bad[] = {4};
    k::Broadcast unused;
    EXPECT_FALSE(k::makeBroadcast(2, d1, 1, bad, &unused));
    const std::vector<int8_t> a = {-128, -1, 0, 1, 64, 127}, c = {-128, 0, 127};
    const double s1 = 0.1, s2 = 0.05, so = 0.2;
    const int32_t z1 = -3, z2 = 7, zo = -1;
    auto addP = k::prepareAddInt8(s1, z1, s2, z2, so, zo);
    auto mulP = k::prepareMulInt8(s1, z1, s2, z2, 0.5, zo);
    std::vector<int8_t> sum(6), prod(6);
    k::addInt8(addP, b, a.data(), c.data(), sum.data());
    k::mulInt8(mulP, b, a.data(), c.data(), prod.data());
    for (int i = 0; i < 6; ++i) {
        const double x = s1 * (a[size_t(i)] - z1), y = s2 * (c[size_t(i % 3)] - z2);
        const double qs = std::min(127.0, std::max(-128.0, std::round((x + y) / so) + zo));
        const double qp = std::min(127.0, std::max(-128.0, std::round(x * y / 0.5) + zo));
        EXPECT_LE(std::fabs(sum[size_t(i)] - qs), 1.0) << i;
        EXPECT_LE(std::fabs(prod[size_t(i)] - qp), 1.0) << i;
    }
}

TEST(DataMovement, PadConcatMean) {
    const std::vector<int8_t> in = {1, 2, 3, 4};  // [2,2]
    const int32_t dims[] = {2, 2}, before[] = {1, 0}, outDims[] = {3, 3};
    const int8_t padValue = -128;
    std::vector<int8_t> out(9);
    k::padBytes(2, dims, before, outDims, 1, &padValue, reinterpret_cast<const uint8_t*>(in.data()),
                reinterpret_cast<uint8_t*>(out.data()));
    EXPECT_EQ(out, (std::vector<int8_t>{-128, -128, -128, 1, 2, -128, 3, 4, -128}));

    const uint8_t a[] = {1, 2, 3, 4}, c[] = {9, 8};
    const uint8_t* ins[] = {a, c};
    const size_t chunks[] = {2, 1};
    uint8_t cat[6];
    k::concatenateBytes(2, ins, chunks, 2, cat);
    EXPECT_EQ(std::vector<uint8_t>(cat, cat + 6), (std::vector<uint8_t>{1, 2, 9, 3, 4, 8}));

    const float fin[] = {1, 2, 3, 4, 5, 6};  // [2,3], mean over axis 1
    const int32_t fd[] = {2, 3};
    const bool red[] = {false, true};
    float fout[2];
    k::meanFloat(2, fd, red, fin, fout);
    EXPECT_FLOAT_EQ(fout[0], 2.0f);
    EXPECT_FLOAT_EQ(fout[1], 5.0f);
    k::MeanInt8Params mp;
    k::quantizeMultiplier(1.0 / 3.0, &mp.multiplier, &mp.shift);
    const int8_t qin[] = {1, 2, 3, -1, -2, -6};
    int8_t qout[2];
    k::meanInt8(mp, 2, fd, red, qin, qout);
    EXPECT_EQ(qout[0], 2);   // 6/3
    EXPECT_EQ(qout[1], -3);  // -9/3
}

TEST(QuantizeDequantize, RoundingAndSaturation) {
    const float in[] = {0.0f, 0.25f, -0.25f, 0.75f, 1e9f, -1e9f, 12.3f};
    int8_t q[7];
    k::quantizeFloatToInt8(7, in, 0.5f, -1, q);
    // 0.5 -> 1 and -0.5 -> -1 (half away from zero), then + zero point.
    EXPECT_EQ(std::vector<int8_t>(q, q + 7), (std::vector<int8_t>{-1, 0, -2, 1, 127, -128, 24}));
    float back[7];
    k::dequantizeInt8ToFloat(7, q, 0.5f, -1, back);
    EXPECT_FLOAT_EQ(back[6], 12.5f);
    EXPECT_FLOAT_EQ(back[5], -63.5f);
    auto rp = k::prepareRequantize(0.5, -1, 0.25, 3);
    int8_t r[7];
    k::requantizeInt8(rp, 7, q, r);
    EXPECT_EQ(r[6], 53);   // 12.5 / 0.25 + 3
    EXPECT_EQ(r[4], 127);  // 64 / 0.25 saturates
}

}  // namespace

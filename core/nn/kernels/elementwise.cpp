#include "nn/kernels/elementwise.h"

#include "nn/kernels/fixed_point.h"
#include "nn/kernels/quant_util.h"

namespace mote::nn::kernels {

bool makeBroadcast(int rank1, const int32_t* dims1, int rank2, const int32_t* dims2,
                   Broadcast* out) {
    if (rank1 > kMaxBroadcastRank || rank2 > kMaxBroadcastRank || rank1 < 0 || rank2 < 0)
        return false;
    int32_t d1[kMaxBroadcastRank], d2[kMaxBroadcastRank];
    for (int i = 0; i < kMaxBroadcastRank; ++i) {
        const int k1 = i - (kMaxBroadcastRank - rank1);
        const int k2 = i - (kMaxBroadcastRank - rank2);
        d1[i] = k1 >= 0 ? dims1[k1] : 1;
        d2[i] = k2 >= 0 ? dims2[k2] : 1;
        if (d1[i] != d2[i] && d1[i] != 1 && d2[i] != 1) return false;
        out->dims[i] = d1[i] == 1 ? d2[i] : d1[i];
    }
    int32_t s1 = 1, s2 = 1;
    for (int i = kMaxBroadcastRank - 1; i >= 0; --i) {
        out->stride1[i] = d1[i] == 1 ? 0 : s1;
        out->stride2[i] = d2[i] == 1 ? 0 : s2;
        s1 *= d1[i];
        s2 *= d2[i];
    }
    return true;
}

namespace {

// Visits every output element in row-major order with its two input indices.
template <typename F>
void forEachBroadcast(const Broadcast& b, F&& f) {
    int32_t idx[kMaxBroadcastRank] = {0, 0, 0, 0, 0, 0};
    int32_t total = 1;
    for (int i = 0; i < kMaxBroadcastRank; ++i) total *= b.dims[i];
    int32_t i1 = 0, i2 = 0;
    for (int32_t o = 0; o < total; ++o) {
        f(o, i1, i2);
        for (int d = kMaxBroadcastRank - 1; d >= 0; --d) {
            ++idx[d];
            i1 += b.stride1[d];
            i2 += b.stride2[d];
            if (idx[d] < b.dims[d]) break;
            i1 -= b.stride1[d] * b.dims[d];
            i2 -= b.stride2[d] * b.dims[d];
            idx[d] = 0;
        }
    }
}

inline int32_t clampInt(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }
inline float clampFloat(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

}  // namespace

AddInt8Params prepareAddInt8(double scale1, int32_t zp1, double scale2, int32_t zp2,
                             double outScale, int32_t outZp) {
    AddInt8Params p;
    p.input1Offset = -zp1;
    p.input2Offset = -zp2;
    p.outputOffset = outZp;
    p.leftShift = 20;
    const double twiceMax = 2.0 * (scale1 > scale2 ? scale1 : scale2);
    quantizeMultiplier(scale1 / twiceMax, &p.input1Multiplier, &p.input1Shift);
    quantizeMultiplier(scale2 / twiceMax, &p.input2Multiplier, &p.input2Shift);
    quantizeMultiplier(twiceMax / (static_cast<double>(1 << p.leftShift) * outScale),
                       &p.outputMultiplier, &p.outputShift);
    return p;
}

MulInt8Params prepareMulInt8(double scale1, int32_t zp1, double scale2, int32_t zp2,
                             double outScale, int32_t outZp) {
    MulInt8Params p;
    p.input1Offset = -zp1;
    p.input2Offset = -zp2;
    p.outputOffset = outZp;
    quantizeMultiplier(scale1 * scale2 / outScale, &p.outputMultiplier, &p.outputShift);
    return p;
}

void addInt8(const AddInt8Params& p, const Broadcast& b, const int8_t* in1, const int8_t* in2,
             int8_t* out) {
    forEachBroadcast(b, [&](int32_t o, int32_t i1, int32_t i2) {
        const int32_t v1 = (p.input1Offset + in1[i1]) * (1 << p.leftShift);
        const int32_t v2 = (p.input2Offset + in2[i2]) * (1 << p.leftShift);
        const int32_t s1 = multiplyByQuantizedMultiplierSmallerThanOneExp(v1, p.input1Multiplier, p.input1Shift);
        const int32_t s2 = multiplyByQuantizedMultiplierSmallerThanOneExp(v2, p.input2Multiplier, p.input2Shift);
        const int32_t raw = multiplyByQuantizedMultiplierSmallerThanOneExp(s1 + s2, p.outputMultiplier,
                                                                           p.outputShift) +
                            p.outputOffset;
        out[o] = static_cast<int8_t>(clampInt(raw, p.actMin, p.actMax));
    });
}

void mulInt8(const MulInt8Params& p, const Broadcast& b, const int8_t* in1, const int8_t* in2,
             int8_t* out) {
    forEachBroadcast(b, [&](int32_t o, int32_t i1, int32_t i2) {
        const int32_t v1 = p.input1Offset + in1[i1];
        const int32_t v2 = p.input2Offset + in2[i2];
        const int32_t raw =
            p.outputOffset + multiplyByQuantizedMultiplier(v1 * v2, p.outputMultiplier, p.outputShift);
        out[o] = static_cast<int8_t>(clampInt(raw, p.actMin, p.actMax));
    });
}

void addFloat(float actMin, float actMax, const Broadcast& b, const float* in1, const float* in2,
              float* out) {
    forEachBroadcast(b, [&](int32_t o, int32_t i1, int32_t i2) {
        out[o] = clampFloat(in1[i1] + in2[i2], actMin, actMax);
    });
}

void mulFloat(float actMin, float actMax, const Broadcast& b, const float* in1, const float* in2,
              float* out) {
    forEachBroadcast(b, [&](int32_t o, int32_t i1, int32_t i2) {
        out[o] = clampFloat(in1[i1] * in2[i2], actMin, actMax);
    });
}

}  // namespace mote::nn::kernels

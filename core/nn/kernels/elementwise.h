#pragma once
// ADD and MUL with numpy-style broadcasting (up to 6 dimensions), int8 with
// TFLite's requantization scheme and float32.
// Portable: no heap, no exceptions; reentrant.
#include <cstdint>

namespace mote::nn::kernels {

constexpr int kMaxBroadcastRank = 6;

// Output dims and per-input element strides (0 on broadcast axes), all
// right-aligned to kMaxBroadcastRank.
struct Broadcast {
    int32_t dims[kMaxBroadcastRank];
    int32_t stride1[kMaxBroadcastRank];
    int32_t stride2[kMaxBroadcastRank];
};

// Returns false when the shapes cannot broadcast (or rank > 6).
bool makeBroadcast(int rank1, const int32_t* dims1, int rank2, const int32_t* dims2,
                   Broadcast* out);

struct AddInt8Params {
    int32_t input1Offset = 0, input2Offset = 0, outputOffset = 0;
    int leftShift = 20;
    int32_t input1Multiplier = 0, input2Multiplier = 0, outputMultiplier = 0;
    int input1Shift = 0, input2Shift = 0, outputShift = 0;
    int32_t actMin = -128, actMax = 127;
};

// TFLite's preparation from the three scales (left shift 20 for int8).
AddInt8Params prepareAddInt8(double scale1, int32_t zp1, double scale2, int32_t zp2,
                             double outScale, int32_t outZp);

struct MulInt8Params {
    int32_t input1Offset = 0, input2Offset = 0, outputOffset = 0;
    int32_t outputMultiplier = 0;
    int outputShift = 0;
    int32_t actMin = -128, actMax = 127;
};

MulInt8Params prepareMulInt8(double scale1, int32_t zp1, double scale2, int32_t zp2,
                             double outScale, int32_t outZp);

void addInt8(const AddInt8Params& p, const Broadcast& b, const int8_t* in1, const int8_t* in2,
             int8_t* out);
void mulInt8(const MulInt8Params& p, const Broadcast& b, const int8_t* in1, const int8_t* in2,
             int8_t* out);
void addFloat(float actMin, float actMax, const Broadcast& b, const float* in1, const float* in2,
              float* out);
void mulFloat(float actMin, float actMax, const Broadcast& b, const float* in1, const float* in2,
              float* out);

}  // namespace mote::nn::kernels

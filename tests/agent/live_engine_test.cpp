// The on-device live inference engine on the host: it must feed the model
// exactly the bytes the studio's feature path gives for the same window
// (core/dsp on raw * scale, then q = clamp(round(x / scale) + zp)), run at
// the stride, keep windows in time order, and restart after a gap.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "agent_test_util.h"
#include "dsp/dsp_block.h"
#include "inference/live_engine.h"
#include "sim/imu_simulator.h"

using namespace mote;
using namespace mote::agent;

namespace {

constexpr uint32_t kFrames = 100;  // 1 s at 100 Hz
constexpr uint8_t kAxes = 3;

class RecordingModel final : public ModelRunner {
public:
    explicit RecordingModel(uint32_t inputs) : m_in(inputs) {}
    uint8_t inputCount() const override { return 1; }
    uint8_t outputCount() const override { return 1; }
    uint8_t* input(uint8_t i, uint32_t* bytes) override {
        *bytes = static_cast<uint32_t>(m_in.size());
        return i == 0 ? m_in.data() : nullptr;
    }
    const uint8_t* output(uint8_t i, uint32_t* bytes) override {
        *bytes = 3;
        return i == 0 ? m_out : nullptr;
    }
    void invoke() override {
        ++invocations;
        seen.push_back(std::vector<int8_t>(m_in.begin(), m_in.end()));
        m_out[0] = static_cast<uint8_t>(int8_t{-100});
        m_out[1] = static_cast<uint8_t>(int8_t{50});
        m_out[2] = static_cast<uint8_t>(int8_t{-128});
    }
    int invocations = 0;
    std::vector<std::vector<int8_t>> seen;

private:
    std::vector<uint8_t> m_in;
    uint8_t m_out[3] = {};
};

struct Fixture {
    Fixture() : imu(3) {
        dsp = dsp::defaultSpectral(100.0f);
        dsp::OutputShape shape;
        EXPECT_EQ(dsp::outputShape(dsp, kFrames, kAxes, &shape), dsp::DspStatus::kOk);
        features.resize(shape.size());
        scratch.resize(dsp::scratchBytes(dsp, kFrames, kAxes) / 4 + 1);
        spec = ImpulseSpec{&dsp,    "imu", axes,         kAxes,         kFrames,         25,
                           100.0f,  shape.size(), 0.05f, -3,           1.0f / 256.0f,    -128,
                           3,       ring,  window,       features.data(), scratch.data(), scratch.size() * 4};
        model = std::make_unique<RecordingModel>(shape.size());
        sensors[0] = &imu;
        engine = std::make_unique<LiveEngine>(spec, *model, clock, sensors, 1);
    }
    // The studio's path for the same frames (physical float window -> DSP -> quantize).
    std::vector<int8_t> hostInput(const std::vector<int16_t>& raw6, uint32_t firstFrame) {
        std::vector<float> w(kFrames * kAxes), out(features.size()), s(scratch.size());
        const char* names[] = {"accY", "accZ", "gyrX"};
        for (uint32_t f = 0; f < kFrames; ++f)
            for (uint8_t a = 0; a < kAxes; ++a) {
                int src = 0;
                for (int k = 0; k < 6; ++k)
                    if (std::string(imu.spec().axes[k]) == names[a])
                        src = k;
                w[f * kAxes + a] = static_cast<float>(raw6[(firstFrame + f) * 6 + static_cast<uint32_t>(src)]) *
                                   imu.spec().scales[src];
            }
        EXPECT_EQ(dsp::compute(dsp, w.data(), kFrames, kAxes, out.data(), s.data(), s.size() * 4), dsp::DspStatus::kOk);
        std::vector<int8_t> q;
        for (float x : out) {
            long v = std::lround(static_cast<double>(x) / 0.05) - 3;
            q.push_back(static_cast<int8_t>(std::clamp(v, -128L, 127L)));
        }
        return q;
    }

    sim::ImuSimulator imu;
    test::ManualClock clock;
    dsp::DspConfig dsp;
    const char* axes[3] = {"accY", "accZ", "gyrX"};
    int16_t ring[kFrames * kAxes] = {};
    float window[kFrames * kAxes] = {};
    std::vector<float> features;
    std::vector<float> scratch;
    ImpulseSpec spec{};
    std::unique_ptr<RecordingModel> model;
    Sensor* sensors[1] = {};
    std::unique_ptr<LiveEngine> engine;
};

std::vector<int16_t> record(sim::ImuSimulator& imu, uint32_t frames) {
    std::vector<int16_t> raw(frames * 6);
    imu.setPattern(wire::MotionPattern::Wave);
    imu.begin(100.0f);
    for (uint32_t i = 0; i < frames; ++i)
        imu.sample(i, i * 10000ull, raw.data() + i * 6);
    return raw;
}

}  // namespace

TEST(LiveEngine, FeedsTheModelTheStudiosFeatureBytesAtTheStride) {
    Fixture f;
    const char* why = nullptr;
    EXPECT_EQ(f.engine->begin(sim::ImuSimulator::kSensorId, 0, &why), 100.0f) << (why ? why : "");
    const auto raw = record(f.imu, 200);
    InferenceOutput out;
    std::vector<uint32_t> windowStarts;
    // Chunks of 5 samples, as the agent sends them at 100 Hz.
    for (uint32_t first = 0; first < 200; first += 5) {
        f.engine->onSamples(sim::ImuSimulator::kSensorId, raw.data() + first * 6, 5, 6, first, first * 10000ull);
        if (f.engine->takeResult(out)) {
            windowStarts.push_back(first + 5 - kFrames);
            EXPECT_EQ(out.scoreCount, 3);
            EXPECT_EQ(out.topIndex, 1);
            EXPECT_NEAR(out.scores[1], (50 + 128) / 256.0f, 1e-6);
            EXPECT_NEAR(out.scores[2], 0.0f, 1e-6);
        }
        EXPECT_FALSE(f.engine->takeResult(out)) << "one result per due window";
    }
    // First window when 100 frames are in, then every 25 (default stride).
    EXPECT_EQ(windowStarts, (std::vector<uint32_t>{0, 25, 50, 75, 100}));
    ASSERT_EQ(f.model->seen.size(), windowStarts.size());
    for (size_t i = 0; i < windowStarts.size(); ++i)
        EXPECT_EQ(f.model->seen[i], f.hostInput(raw, windowStarts[i])) << "window starting at " << windowStarts[i];
}

TEST(LiveEngine, RefusesSensorsAndAxesTheImpulseDoesNotUse) {
    Fixture f;
    const char* why = nullptr;
    EXPECT_EQ(f.engine->begin(9, 0, &why), 0.0f);
    f.axes[2] = "temperature";
    EXPECT_EQ(f.engine->begin(sim::ImuSimulator::kSensorId, 0, &why), 0.0f);
    ASSERT_NE(why, nullptr);
    EXPECT_NE(std::string(why).find("axis"), std::string::npos);
}

TEST(LiveEngine, AGapInTheSampleIndicesRestartsTheWindow) {
    Fixture f;
    const char* why = nullptr;
    ASSERT_GT(f.engine->begin(sim::ImuSimulator::kSensorId, 10, &why), 0.0f);
    const auto raw = record(f.imu, 300);
    InferenceOutput out;
    int results = 0;
    for (uint32_t first = 0; first < 95; first += 5) {
        f.engine->onSamples(sim::ImuSimulator::kSensorId, raw.data() + first * 6, 5, 6, first, 0);
        results += f.engine->takeResult(out);
    }
    EXPECT_EQ(results, 0);
    // 50 samples lost: the window restarts from the next chunk.
    for (uint32_t first = 145; first < 245; first += 5) {
        f.engine->onSamples(sim::ImuSimulator::kSensorId, raw.data() + first * 6, 5, 6, first, 0);
        results += f.engine->takeResult(out);
    }
    EXPECT_EQ(results, 1);
    EXPECT_EQ(f.model->seen.back(), f.hostInput(raw, 145));
    f.engine->end();
    f.engine->onSamples(sim::ImuSimulator::kSensorId, raw.data() + 245 * 6, 5, 6, 245, 0);
    EXPECT_FALSE(f.engine->takeResult(out));
}

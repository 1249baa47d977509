// Planner: lifetimes, no overlap between tensors alive at the same time,
// arena vs lower bound on the shared models, and the inspect report keys.
#include <gtest/gtest.h>

#include "common/shared_dir.h"
#include "nn/plan/plan.h"
#include "nn/runtime/inspect.h"
#include "nn/tflite/reader.h"
#include "tiny_models.h"

namespace {

void expectNoLiveOverlap(const mote::nn::Model& m, const mote::nn::Plan& p) {
    for (size_t a = 0; a < m.tensors.size(); ++a)
        for (size_t b = a + 1; b < m.tensors.size(); ++b) {
            if (p.offsets[a] < 0 || p.offsets[b] < 0) continue;
            const auto& la = p.lifetimes[a];
            const auto& lb = p.lifetimes[b];
            if (la.lastStep < lb.firstStep || lb.lastStep < la.firstStep) continue;
            const int64_t a0 = p.offsets[a], a1 = a0 + int64_t(m.tensors[a].bytes());
            const int64_t b0 = p.offsets[b], b1 = b0 + int64_t(m.tensors[b].bytes());
            EXPECT_TRUE(a1 <= b0 || b1 <= a0) << "tensors " << a << " and " << b << " overlap while both live";
        }
    for (size_t t = 0; t < m.tensors.size(); ++t) {
        if (p.offsets[t] >= 0) {
            EXPECT_EQ(p.offsets[t] % int64_t(p.alignment), 0);
            EXPECT_LE(size_t(p.offsets[t]) + m.tensors[t].bytes(), p.arenaBytes);
        }
    }
}

TEST(Plan, TinyModelLifetimesAndReuse) {
    const auto m = mote::test::tinyInt8Model();
    auto p = mote::nn::planModel(m, 1);
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->order, (std::vector<int>{0, 1}));
    EXPECT_EQ(p->offsets[1], -1);  // constant weights are not in the arena
    EXPECT_EQ(p->lifetimes[0].firstStep, 0);
    EXPECT_EQ(p->lifetimes[0].lastStep, 0);
    EXPECT_EQ(p->lifetimes[3].firstStep, 0);
    EXPECT_EQ(p->lifetimes[3].lastStep, 1);
    // step 0: input(4) + fc(3); step 1: fc(3) + probs(3): bound 7, and the
    // input's bytes can be reused by the softmax output.
    EXPECT_EQ(p->lowerBoundBytes, 7u);
    EXPECT_EQ(p->arenaBytes, 7u);
    expectNoLiveOverlap(m, *p);
}

TEST(Plan, ReadsOfUnwrittenTensorsAreRejected) {
    auto m = mote::test::tinyInt8Model();
    m.operators[1].inputs = {4};  // reads its own output: nobody writes it before
    m.operators[1].outputs = {3};
    m.operators[0].outputs = {4};
    m.operators[0].inputs = {3, 1, 2};  // cycle 0 -> 1 -> 0
    auto p = mote::nn::planModel(m);
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.message().find("cycle"), std::string::npos) << p.message();
}

class SharedPlan : public ::testing::TestWithParam<const char*> {};

TEST_P(SharedPlan, ValidPlanCloseToLowerBound) {
    MOTE_REQUIRE_SHARED("models");
    std::string path;
    for (const char* g : {"tflm", "mlperf_tiny"}) {
        auto c = mote::test::sharedDir() / "models" / g / (std::string(GetParam()) + ".tflite");
        if (std::filesystem::exists(c)) path = c.string();
    }
    auto m = mote::nn::readModelFile(path);
    ASSERT_TRUE(m.ok()) << m.message();
    auto p = mote::nn::planModel(*m);
    ASSERT_TRUE(p.ok()) << p.message();
    expectNoLiveOverlap(*m, *p);
    EXPECT_GE(p->arenaBytes, p->lowerBoundBytes);
    EXPECT_LE(double(p->arenaBytes), 1.10 * double(p->lowerBoundBytes) + 64) << GetParam();
    const auto report = mote::nn::inspectModel(*m);
    for (const char* key : {"ops", "unsupported_ops", "arena_bytes", "arena_lower_bound_bytes", "weights_bytes", "macs"})
        EXPECT_TRUE(report.contains(key)) << key;
    EXPECT_EQ(report["arena_bytes"].get<size_t>(), p->arenaBytes);
}

INSTANTIATE_TEST_SUITE_P(Models, SharedPlan,
                         ::testing::Values("person_detect", "vww_96_int8", "kws_ref_model", "pretrainedResnet_quant",
                                           "micro_speech_quantized", "keyword_scrambled"),
                         [](const auto& info) { return std::string(info.param); });

TEST(Inspect, MacsMatchAnchorsForKws) {
    MOTE_REQUIRE_SHARED("models/mlperf_tiny/kws_ref_model.tflite");
    auto m = mote::nn::readModelFile((mote::test::sharedDir() / "models/mlperf_tiny/kws_ref_model.tflite").string());
    ASSERT_TRUE(m.ok());
    const auto r = mote::nn::inspectModel(*m);
    EXPECT_EQ(r["macs"].get<int64_t>(), 2656768);  // ../shared/ANCHORS.md
    EXPECT_EQ(r["arena_lower_bound_bytes"].get<size_t>(), 16000u);
}

}  // namespace

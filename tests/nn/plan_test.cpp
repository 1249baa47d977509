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
            if (p.sharedWith[a] == p.sharedWith[b]) continue;  // in-place group: sharing is the point
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

TEST(Plan, InPlaceReshapeAndLogisticShareTheirInputsBytes) {
    // input [1,4] -> FC -> fc [1,3] -> RESHAPE -> r [3] -> LOGISTIC -> out [3]
    auto m = mote::test::tinyInt8Model();
    m.tensors[4].shape = {3};  // softmax output becomes the reshape output
    m.tensors[4].name = "reshaped";
    mote::nn::Tensor out = m.tensors[4];
    out.name = "out";
    m.tensors.push_back(out);  // tensor 5
    m.operators[1].builtin = static_cast<int32_t>(mote::nn::BuiltinOp::Reshape);
    m.operators[1].inputs = {3};
    m.operators[1].outputs = {4};
    mote::nn::Operator logistic;
    logistic.builtin = static_cast<int32_t>(mote::nn::BuiltinOp::Logistic);
    logistic.inputs = {4};
    logistic.outputs = {5};
    m.operators.push_back(logistic);
    m.outputs = {5};
    auto p = mote::nn::planModel(m, 1);
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->sharedWith[4], 3);
    EXPECT_EQ(p->sharedWith[5], 3);
    EXPECT_EQ(p->offsets[4], p->offsets[3]);
    EXPECT_EQ(p->offsets[5], p->offsets[3]);
    EXPECT_EQ(p->lowerBoundBytes, 7u);           // input + fc at step 0; 3 + 3 later
    EXPECT_EQ(p->inPlaceLowerBoundBytes, 7u);    // step 0 still needs input + fc
    EXPECT_EQ(p->arenaBytes, 7u);
    expectNoLiveOverlap(m, *p);

    // The input of the model is never overwritten by an elementwise op, and
    // a tensor still read later is not a candidate.
    m.operators[2].inputs = {4};
    m.operators.push_back(m.operators[2]);  // a second LOGISTIC reading `reshaped` again
    m.tensors.push_back(out);               // tensor 6
    m.operators.back().outputs = {6};
    m.outputs = {5, 6};
    auto q = mote::nn::planModel(m, 1);
    ASSERT_TRUE(q.ok()) << q.message();
    EXPECT_EQ(q->sharedWith[5], 5) << "reshaped is read after the first LOGISTIC";
    EXPECT_EQ(q->sharedWith[6], 3) << "the last reader may take its bytes";
    expectNoLiveOverlap(m, *q);
    auto none = mote::nn::planModel(m, 1, false);
    ASSERT_TRUE(none.ok());
    for (size_t t = 0; t < m.tensors.size(); ++t)
        if (none->offsets[t] >= 0) {
            EXPECT_EQ(none->sharedWith[t], int(t));
        }
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
    EXPECT_GE(p->arenaBytes, p->inPlaceLowerBoundBytes);
    EXPECT_LE(p->inPlaceLowerBoundBytes, p->lowerBoundBytes);
    // Issue 8 target: model RAM <= 1.05x the liveness lower bound.
    EXPECT_LE(double(p->arenaBytes), 1.05 * double(p->lowerBoundBytes)) << GetParam();
    auto separate = mote::nn::planModel(*m, 4, false);
    ASSERT_TRUE(separate.ok());
    EXPECT_GE(separate->arenaBytes, separate->lowerBoundBytes);
    EXPECT_LE(p->arenaBytes, separate->arenaBytes);
    const auto report = mote::nn::inspectModel(*m, p->alignment);
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

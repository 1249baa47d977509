// LiveInference / LabelSmoother: label names, majority vote with recency
// tie-break, EMA scores, "uncertain" below the threshold, bounded queue.
#include <gtest/gtest.h>

#include "device/live_inference.h"

using namespace mote;
using namespace mote::device;

namespace {
protocol::InferenceResultMessage result(uint8_t top, std::vector<float> scores, uint64_t t = 0) {
    protocol::InferenceResultMessage m;
    m.topIndex = top;
    m.scores = std::move(scores);
    m.timestampUs = t;
    m.dspCycles = 10;
    m.modelCycles = 20;
    return m;
}
}  // namespace

TEST(LabelSmoother, MajorityOfRecentTopLabelsWithEmaThreshold) {
    LiveOptions o;
    o.majorityWindow = 3;
    o.emaAlpha = 0.5;
    o.minScore = 0.5;
    LabelSmoother s(2, o);
    EXPECT_EQ(s.add(0, {0.9f, 0.1f}), 0);
    EXPECT_EQ(s.add(1, {0.2f, 0.8f}), -1) << "a tie goes to the most recent label, whose EMA (0.45) is below 0.5";
    EXPECT_NEAR(s.smoothedScores()[0], 0.55f, 1e-6);
    EXPECT_NEAR(s.smoothedScores()[1], 0.45f, 1e-6);
    EXPECT_EQ(s.add(1, {0.1f, 0.9f}), 1) << "two of three votes, EMA 0.675";
    EXPECT_EQ(s.add(1, {0.1f, 0.9f}), 1);
    s.reset();
    EXPECT_EQ(s.add(0, {0.4f, 0.3f}), -1) << "below minScore: uncertain";
}

TEST(LiveInference, NamesLabelsQueuesAndCallsBack) {
    int called = 0;
    LiveOptions o;
    o.maxQueued = 3;
    LiveInference live({"idle", "wave"}, o, [&](const LiveResult&) { ++called; });
    for (int i = 0; i < 5; ++i)
        live.push(result(1, {0.1f, 0.9f}, 1000u * static_cast<uint64_t>(i)));
    live.push(result(3, {0.1f, 0.2f, 0.3f, 0.4f}));
    EXPECT_EQ(called, 6);
    EXPECT_EQ(live.count(), 6u);
    auto drained = live.drain();
    ASSERT_EQ(drained.size(), 3u) << "bounded queue keeps the newest";
    EXPECT_EQ(drained[0].index, 3u);
    EXPECT_EQ(drained[0].topLabel, "wave");
    EXPECT_EQ(drained[0].smoothedLabel, "wave");
    EXPECT_EQ(drained[0].modelCycles, 20u);
    EXPECT_EQ(drained[2].topLabel, "class 3") << "an index past the labels is named, not dropped";
    EXPECT_TRUE(live.drain().empty());
    ASSERT_TRUE(live.latest().has_value());
    EXPECT_EQ(live.latest()->index, 5u);
    live.reset();
    EXPECT_EQ(live.count(), 0u);
    EXPECT_FALSE(live.latest().has_value());
}

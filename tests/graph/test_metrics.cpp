#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "nn/graph/graph.h"
#include "nn/graph/metrics.h"

using namespace mote::nn;

TEST(Metrics, ConfusionPrecisionRecallF1) {
    // class 0: 3 true, predicted 0,0,1; class 1: 2 true, predicted 1,1; class 2: 1 true, predicted 0.
    const std::vector<int64_t> truth = {0, 0, 0, 1, 1, 2};
    const std::vector<int64_t> pred = {0, 0, 1, 1, 1, 0};
    auto m = computeMetrics(truth, pred, 3);
    EXPECT_EQ(m.total, 6);
    EXPECT_EQ(m.correct, 4);
    EXPECT_DOUBLE_EQ(m.accuracy, 4.0 / 6.0);
    EXPECT_EQ(m.confusion, (std::vector<std::vector<int64_t>>{{2, 1, 0}, {0, 2, 0}, {1, 0, 0}}));
    EXPECT_DOUBLE_EQ(m.perClass[0].precision, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.perClass[0].recall, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.perClass[1].precision, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(m.perClass[1].recall, 1.0);
    EXPECT_DOUBLE_EQ(m.perClass[1].f1, 0.8);
    EXPECT_DOUBLE_EQ(m.perClass[2].precision, 0.0);  // never predicted
    EXPECT_DOUBLE_EQ(m.perClass[2].f1, 0.0);
    EXPECT_EQ(m.perClass[2].support, 1);

    auto j = metricsToJson(m, {"idle", "wave", "circle"});
    EXPECT_EQ(j["per_class"][1]["class"], "wave");
    EXPECT_EQ(j["confusion"][0][1], 1);
}

TEST(Metrics, AgreementAndArgmax) {
    const std::vector<int64_t> a = {0, 1, 2, 3}, b = {0, 1, 0, 3};
    EXPECT_DOUBLE_EQ(agreement(a, b), 0.75);
    EXPECT_DOUBLE_EQ(agreement(a, std::vector<int64_t>{0}), 0.0);
    EXPECT_EQ(argmax(std::vector<float>{0.1f, 0.7f, 0.7f, 0.2f}), 1);
    auto empty = computeMetrics({}, {}, 2);
    EXPECT_EQ(empty.accuracy, 0.0);
}

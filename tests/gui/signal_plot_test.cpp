// The scope's plot: min/max decimation keeps every peak, the live ring buffer
// keeps exactly the newest window, pause freezes it, a drag selects a range.
#include <QElapsedTimer>
#include <QTest>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "gui_test_env.h"
#include "plot_decimator.h"
#include "signal_plot.h"
#include "spectrogram.h"

using namespace mote::studio;

TEST(PlotDecimator, KeepsSinglePeaksThatAStrideWouldDrop) {
    std::vector<float> data(10000, 0.0f);
    data[4321] = 7.5f;  // one-sample spike
    data[9999] = -3.0f;
    const auto cols = decimateMinMax(data.data(), 1, 0, 0, data.size(), 100);
    ASSERT_EQ(cols.size(), 100u);
    EXPECT_FLOAT_EQ(cols[43].max, 7.5f);
    EXPECT_FLOAT_EQ(cols[99].min, -3.0f);
    float highest = 0.0f;
    for (const auto& c : cols)
        highest = std::max(highest, c.max);
    EXPECT_FLOAT_EQ(highest, 7.5f);
}

TEST(PlotDecimator, ReadsTheRequestedChannelOfInterleavedFrames) {
    // 3 channels: channel 1 is 10 + frame index.
    std::vector<float> data;
    for (int i = 0; i < 30; ++i)
        data.insert(data.end(), {0.0f, 10.0f + i, -1.0f});
    const auto cols = decimateMinMax(data.data(), 3, 1, 0, 30, 3);
    ASSERT_EQ(cols.size(), 3u);
    EXPECT_FLOAT_EQ(cols[0].min, 10.0f);
    EXPECT_FLOAT_EQ(cols[0].max, 19.0f);
    EXPECT_FLOAT_EQ(cols[2].max, 39.0f);
    // Fewer frames than columns: every column still shows data.
    const auto wide = decimateMinMax(data.data(), 3, 1, 0, 2, 8);
    for (const auto& c : wide)
        EXPECT_FALSE(c.empty);
    // Bad arguments give empty columns, not a crash.
    EXPECT_TRUE(decimateMinMax(data.data(), 3, 5, 0, 30, 4)[0].empty);
    EXPECT_TRUE(decimateMinMax(nullptr, 3, 0, 0, 30, 4)[0].empty);
}

TEST(SignalPlot, LiveWindowKeepsTheNewestFramesAndPauseFreezesIt) {
    SignalPlot plot;
    plot.setChannels({"x", "y"});
    plot.setLiveWindow(1.0, 100.0);  // 100 frames
    std::vector<float> chunk;
    for (int i = 0; i < 250; ++i)
        chunk.insert(chunk.end(), {static_cast<float>(i), static_cast<float>(-i)});
    // Append in uneven pieces to cross the compaction boundary several times.
    std::size_t at = 0;
    for (std::size_t piece : {7u, 60u, 1u, 90u, 92u}) {
        plot.appendFrames(chunk.data() + at * 2, piece);
        at += piece;
    }
    ASSERT_EQ(at, 250u);
    EXPECT_EQ(plot.frameCount(), 100u);
    EXPECT_EQ(plot.totalFrames(), 250);
    auto held = plot.heldFrames();
    ASSERT_EQ(held.size(), 200u);
    EXPECT_FLOAT_EQ(held[0], 150.0f);
    EXPECT_FLOAT_EQ(held[199], -249.0f);

    plot.setPaused(true);
    const float more[2] = {1000.0f, 1000.0f};
    plot.appendFrames(more, 1);
    EXPECT_EQ(plot.totalFrames(), 250);
    plot.setPaused(false);
    plot.appendFrames(more, 1);
    EXPECT_EQ(plot.heldFrames().back(), 1000.0f);

    // A chunk bigger than the window keeps only its tail.
    std::vector<float> big(2 * 500);
    for (int i = 0; i < 500; ++i)
        big[static_cast<std::size_t>(2 * i)] = static_cast<float>(i);
    plot.appendFrames(big.data(), 500);
    EXPECT_EQ(plot.frameCount(), 100u);
    EXPECT_FLOAT_EQ(plot.heldFrames()[0], 400.0f);
}

TEST(SignalPlot, AutoscaleFollowsVisibleChannelsAndDragSelectsFrames) {
    SignalPlot plot;
    plot.resize(600, 240);
    plot.setChannels({"small", "big"}, "units");
    std::vector<float> data;
    for (int i = 0; i < 1000; ++i)
        data.insert(data.end(), {std::sin(i * 0.05f), 50.0f * std::sin(i * 0.01f)});
    plot.setSignal(data, 100.0);
    auto [lo, hi] = plot.yRange();
    EXPECT_LT(lo, -49.0);
    EXPECT_GT(hi, 49.0);
    plot.setChannelVisible(1, false);
    std::tie(lo, hi) = plot.yRange();
    EXPECT_GT(lo, -2.0);
    EXPECT_LT(hi, 2.0);

    plot.setSelectable(true);
    plot.show();
    qint64 first = -1;
    qint64 last = -1;
    QObject::connect(&plot, &SignalPlot::selectionChanged, [&](qint64 f, qint64 l) {
        first = f;
        last = l;
    });
    // Plot area spans x = 58 … 588 (530 px) for 1000 frames.
    QTest::mousePress(&plot, Qt::LeftButton, {}, QPoint(58 + 53, 120));
    QTest::mouseMove(&plot, QPoint(58 + 265, 120));
    QTest::mouseRelease(&plot, Qt::LeftButton, {}, QPoint(58 + 265, 120));
    EXPECT_NEAR(static_cast<double>(first), 100.0, 3.0);
    EXPECT_NEAR(static_cast<double>(last), 500.0, 3.0);
    EXPECT_TRUE(plot.hasSelection());
}

TEST(SignalPlot, RepaintOf16kHzWindowIsFast) {
    SignalPlot plot;
    plot.resize(1200, 300);
    plot.setChannels({"audio"});
    plot.setLiveWindow(5.0, 16000.0);
    std::vector<float> audio(16000 * 5);
    for (std::size_t i = 0; i < audio.size(); ++i)
        audio[i] = static_cast<float>(std::sin(2 * std::numbers::pi * 440.0 * i / 16000.0));
    plot.appendFrames(audio.data(), audio.size());
    plot.show();
    (void)plot.grab();  // first paint pays for font and backing-store setup
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 10; ++i)
        (void)plot.grab();
    EXPECT_GE(plot.paintCount(), 11);
    // 80,000 frames decimated to ~1,130 columns: on average far below one
    // 30 fps frame (the CI machine is shared, so no single-paint bound).
    EXPECT_LT(static_cast<double>(timer.elapsed()) / 10.0, 33.0);
    mote::test::saveScreenshot(&plot, "plot_audio");
}

TEST(Spectrogram, SinePeaksInItsBin) {
    const double rate = 16000.0;
    std::vector<float> tone(16000);
    for (std::size_t i = 0; i < tone.size(); ++i)
        tone[i] = static_cast<float>(std::sin(2 * std::numbers::pi * 1000.0 * i / rate));
    const auto s = computeSpectrogram(tone.data(), tone.size(), rate, 256, 128);
    ASSERT_EQ(s.bins, 129);
    ASSERT_GT(s.frames, 100);
    const float* row = s.db.data() + 50 * s.bins;
    const int peak = static_cast<int>(std::max_element(row, row + s.bins) - row);
    EXPECT_EQ(peak, 16);  // 1000 Hz / (16000/256) = bin 16
    const auto image = renderSpectrogram(s);
    EXPECT_EQ(image.width(), s.frames);
    EXPECT_EQ(image.height(), s.bins);
    // Capped columns for long signals.
    std::vector<float> longSignal(16000 * 60, 0.1f);
    EXPECT_LE(computeSpectrogram(longSignal.data(), longSignal.size(), rate, 256, 128, 500).frames, 500);
}

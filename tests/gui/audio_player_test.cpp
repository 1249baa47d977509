// The Dataset page's audio playback: PCM conversion, and a clear refusal on
// machines without a sound device (CI) rather than a silent failure.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "audio_player.h"
#include "gui_test_env.h"

using mote::dataset::DataType;
using mote::dataset::Sample;
using mote::studio::AudioPlayer;

namespace {

Sample int16Stereo() {
    Sample s;
    s.label = "yes";
    s.sensor = "microphone";
    s.axisNames = {"left", "right"};
    s.units = {"fs", "fs"};
    s.sampleRateHz = 16000;
    s.dataType = DataType::Int16;
    const int16_t frames[] = {100, -1, -200, -2, 32767, -3};
    s.frameCount = 3;
    s.data.resize(sizeof frames);
    std::memcpy(s.data.data(), frames, sizeof frames);
    return s;
}

}  // namespace

TEST(AudioPlayer, Int16DataPlaysTheFirstAxisAsRecorded) {
    const QByteArray pcm = AudioPlayer::pcm16(int16Stereo());
    ASSERT_EQ(pcm.size(), 6);
    const auto* v = reinterpret_cast<const int16_t*>(pcm.constData());
    EXPECT_EQ(v[0], 100);
    EXPECT_EQ(v[1], -200);
    EXPECT_EQ(v[2], 32767);
}

TEST(AudioPlayer, FloatDataIsScaledSoItsPeakIsNinetyPercent) {
    Sample s;
    s.axisNames = {"audio"};
    s.units = {"fs"};
    s.sampleRateHz = 8000;
    s.setFloatData({0.0f, 0.25f, -0.5f, 0.125f});
    const QByteArray pcm = AudioPlayer::pcm16(s);
    ASSERT_EQ(pcm.size(), 8);
    const auto* v = reinterpret_cast<const int16_t*>(pcm.constData());
    EXPECT_EQ(v[0], 0);
    EXPECT_EQ(v[2], -29490);  // peak |-0.5| -> 0.9 * 32767
    EXPECT_EQ(v[1], 14745);
}

TEST(AudioPlayer, PlayEitherStartsOrSaysWhyNot) {
    AudioPlayer player;
    QString error;
    const bool started = player.play(int16Stereo(), &error);
    if (!player.available()) {
        std::fprintf(stderr, "NOTE: no sound output device here; checking the refusal path only\n");
        EXPECT_FALSE(started);
        EXPECT_TRUE(error.contains("sound")) << error.toStdString();
        EXPECT_FALSE(player.isPlaying());
    } else if (started) {
        EXPECT_TRUE(player.isPlaying());
        player.stop();
        EXPECT_FALSE(player.isPlaying());
    } else {
        EXPECT_FALSE(error.isEmpty());
    }
}

// The simulator's recorded-signal sources, end to end through the real
// binary and pty: WAV folder playback on the microphone, CSV and WAV replay.
#include <cmath>
#include <filesystem>
#include <fstream>

#include "agent_test_util.h"
#include "board_sim_process.h"

using namespace mote;
using namespace mote::agent::test;
using protocol::AnyMessage;

namespace {

namespace fs = std::filesystem;

fs::path scratchDir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("mote-wire-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void writeWav(const fs::path& path, const std::vector<int16_t>& samples, uint32_t rate) {
    std::ofstream out(path, std::ios::binary);
    auto u32 = [&](uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](uint16_t v) { out.write(reinterpret_cast<const char*>(&v), 2); };
    const uint32_t bytes = static_cast<uint32_t>(samples.size() * 2);
    out.write("RIFF", 4); u32(36 + bytes); out.write("WAVE", 4);
    out.write("fmt ", 4); u32(16); u16(1); u16(1); u32(rate); u32(rate * 2); u16(2); u16(16);
    out.write("data", 4); u32(bytes);
    out.write(reinterpret_cast<const char*>(samples.data()), bytes);
}

std::vector<int16_t> sine(size_t n, double hz, double amplitude) {
    std::vector<int16_t> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = static_cast<int16_t>(std::lround(amplitude * std::sin(2 * M_PI * hz * i / 16000.0)));
    return v;
}

std::vector<int16_t> recordValues(PtyClient& client, uint8_t sensor, float rate, uint32_t length) {
    client.messages.clear();
    client.send(protocol::HelloMessage{1, 0, "t"});
    client.pump([](const AnyMessage& m) { return std::holds_alternative<protocol::CapabilitiesMessage>(m); }, 3000);
    client.send(protocol::StartSamplingMessage{sensor, rate, length});
    client.pump([](const AnyMessage& m) {
        const auto* c = std::get_if<protocol::SampleChunkMessage>(&m);
        return c && c->last;
    }, 10000);
    std::vector<int16_t> values;
    for (const auto& c : only<protocol::SampleChunkMessage>(client.messages))
        values.insert(values.end(), c.values.begin(), c.values.end());
    return values;
}

}  // namespace

TEST(BoardSimSources, MicrophonePlaysTheWavFolder) {
    const auto dir = scratchDir("wav");
    const auto clip = sine(8000, 440, 8000);
    writeWav(dir / "a_tone.wav", clip, 16000);
    writeWav(dir / "b_wrong_rate.wav", sine(100, 440, 100), 8000);  // skipped with a warning
    BoardSimProcess sim({"--fast", "--wav-dir", dir.string()});
    ASSERT_FALSE(sim.ptyPath().empty());
    PtyClient client(sim.ptyPath());
    const auto values = recordValues(client, 2, 16000, 8000);
    ASSERT_EQ(values.size(), 8000u);
    double maxError = 0;
    for (size_t i = 0; i < values.size(); ++i)
        maxError = std::max(maxError, std::abs(double(values[i]) - clip[i]));
    // The clip plus the microphone's noise floor (~20 LSB rms).
    EXPECT_LT(maxError, 150.0);
    EXPECT_GT(maxError, 0.0);
    fs::remove_all(dir);
}

TEST(BoardSimSources, CsvReplayStreamsTheRecordingAndLoops) {
    const auto dir = scratchDir("csv");
    std::ofstream csv(dir / "rec.csv");
    csv << "timestamp,accX,accY,accZ,gyrX,gyrY,gyrZ\n";
    for (int i = 0; i < 50; ++i)
        csv << i * 10 << "," << 0.01 * i << ",-1.5," << 9.81 << "," << i << ",0.5,-" << i * 2 << "\n";
    csv.close();
    BoardSimProcess sim({"--fast", "--replay", (dir / "rec.csv").string()});
    ASSERT_FALSE(sim.ptyPath().empty());
    PtyClient client(sim.ptyPath());
    const auto values = recordValues(client, 1, 100, 120);
    ASSERT_EQ(values.size(), 120u * 6);
    for (int i = 0; i < 120; ++i) {
        const int row = i % 50;  // loops at the end
        EXPECT_EQ(values[i * 6 + 0], std::lround(0.01 * row / 0.001)) << i;
        EXPECT_EQ(values[i * 6 + 1], -1500);
        EXPECT_EQ(values[i * 6 + 2], 9810);
        EXPECT_EQ(values[i * 6 + 3], row * 10);
        EXPECT_EQ(values[i * 6 + 5], -row * 20);
    }
    // In replay the IMU has no motion patterns to switch.
    client.send(protocol::SetPatternMessage{wire::MotionPattern::Wave});
    EXPECT_TRUE(client.pump([](const AnyMessage& m) {
        const auto* e = std::get_if<protocol::ErrorReportMessage>(&m);
        return e && e->code == wire::ErrorCode::NotSupported;
    }, 2000));
    fs::remove_all(dir);
}

TEST(BoardSimSources, WavReplayFeedsTheMicrophone) {
    const auto dir = scratchDir("wavreplay");
    std::vector<int16_t> ramp(1000);
    for (size_t i = 0; i < ramp.size(); ++i)
        ramp[i] = static_cast<int16_t>(i * 30 - 15000);
    writeWav(dir / "ramp.wav", ramp, 16000);
    BoardSimProcess sim({"--fast", "--replay", (dir / "ramp.wav").string()});
    PtyClient client(sim.ptyPath());
    const auto values = recordValues(client, 2, 16000, 1500);
    ASSERT_EQ(values.size(), 1500u);
    for (size_t i = 0; i < values.size(); ++i)
        ASSERT_EQ(values[i], ramp[i % ramp.size()]) << i;  // exact: replay adds no noise
    fs::remove_all(dir);
}

TEST(BoardSimSources, BadRecordingsAreRefusedAtStart) {
    const auto dir = scratchDir("bad");
    std::ofstream(dir / "short.csv") << "1,2,3\n4,5,6\n";
    std::ofstream(dir / "junk.wav") << "not a wav at all";
    BoardSimProcess shortCsv({"--replay", (dir / "short.csv").string()});
    EXPECT_TRUE(shortCsv.ptyPath().empty());
    EXPECT_EQ(shortCsv.waitExit(5000), 2);
    BoardSimProcess junkWav({"--replay", (dir / "junk.wav").string()});
    EXPECT_EQ(junkWav.waitExit(5000), 2);
    fs::remove_all(dir);
}

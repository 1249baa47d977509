// DeviceSession against the REAL mote-board-sim over a REAL pty: handshake,
// capabilities, complete recordings at full rate, real-time pacing, bad
// requests, silent/foreign/dying boards, reconnect.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "device/device_session.h"
#include "device/fault_proxy.h"
#include "device/sim_process.h"
#include "protocol/frame_decoder.h"
#include "protocol/messages.h"
#include "serial/pty_pair.h"

using namespace std::chrono_literals;
using mote::device::DeviceSession;
using mote::device::SampleBatch;
using mote::device::SessionCallbacks;
using mote::device::SessionState;
using mote::test::SimProcess;
using Clock = std::chrono::steady_clock;

namespace {

// Collects what a session delivers (callbacks come on the worker thread).
struct Collector {
    std::mutex mutex;
    std::vector<SampleBatch> batches;
    std::vector<std::pair<SessionState, std::string>> states;
    std::atomic<bool> last{false};
    std::atomic<uint64_t> samples{0};

    SessionCallbacks callbacks() {
        SessionCallbacks cb;
        cb.onSamples = [this](const SampleBatch& b) {
            samples += b.sampleCount();
            if (b.last)
                last = true;
            std::lock_guard lock(mutex);
            batches.push_back(b);
        };
        cb.onState = [this](SessionState s, const std::string& m) {
            std::lock_guard lock(mutex);
            states.emplace_back(s, m);
        };
        return cb;
    }
    bool waitLast(std::chrono::milliseconds timeout) {
        auto deadline = Clock::now() + timeout;
        while (!last && Clock::now() < deadline)
            std::this_thread::sleep_for(5ms);
        return last;
    }
};

// Checks the delivered batches of one sensor tile [0, n) exactly.
void expectContiguous(const std::vector<SampleBatch>& batches, const std::string& sensor, uint64_t n) {
    uint64_t next = 0;
    for (const auto& b : batches) {
        if (b.sensor != sensor)
            continue;
        ASSERT_EQ(b.firstIndex, next);
        EXPECT_EQ(b.missingBefore, 0u);
        next += b.sampleCount();
    }
    EXPECT_EQ(next, n);
}

}  // namespace

TEST(DeviceSession, HandshakeReportsCapabilities) {
    SimProcess sim({"--fast", "--seed", "7"});
    ASSERT_TRUE(sim.ok());
    Collector c;
    DeviceSession session(sim.pty(), {}, c.callbacks());
    ASSERT_TRUE(session.start().ok());
    auto caps = session.waitConnected(3s);
    ASSERT_TRUE(caps.ok()) << caps.message();
    EXPECT_EQ(session.state(), SessionState::Connected);
    EXPECT_EQ(caps->protocolMajor, 1);
    EXPECT_FALSE(caps->boardName.empty());
    EXPECT_EQ(caps->firmwareVersion.rfind("sim-", 0), 0u) << caps->firmwareVersion;
    EXPECT_EQ(caps->deviceId.rfind("SIM-", 0), 0u) << caps->deviceId;
    const auto* imu = caps->findSensor("imu");
    ASSERT_NE(imu, nullptr);
    EXPECT_EQ(imu->axes, (std::vector<std::string>{"accX", "accY", "accZ", "gyrX", "gyrY", "gyrZ"}));
    EXPECT_EQ(imu->units.size(), 6u);
    EXPECT_EQ(imu->scales.size(), 6u);
    EXPECT_NE(std::find(imu->ratesHz.begin(), imu->ratesHz.end(), 1000.0f), imu->ratesHz.end());
    const auto* mic = caps->findSensor("microphone");
    ASSERT_NE(mic, nullptr);
    EXPECT_EQ(mic->axes.size(), 1u);
    EXPECT_NE(std::find(mic->ratesHz.begin(), mic->ratesHz.end(), 16000.0f), mic->ratesHz.end());

    // A second seed is a different device.
    SimProcess other({"--fast", "--seed", "8"});
    ASSERT_TRUE(other.ok());
    DeviceSession s2(other.pty());
    ASSERT_TRUE(s2.start().ok());
    auto caps2 = s2.waitConnected(3s);
    ASSERT_TRUE(caps2.ok()) << caps2.message();
    EXPECT_NE(caps2->deviceId, caps->deviceId);

    session.stop();
    EXPECT_EQ(session.state(), SessionState::Stopped);
}

TEST(DeviceSession, Imu1kHzFor10sIsComplete) {
    SimProcess sim({"--fast", "--pattern", "wave"});
    ASSERT_TRUE(sim.ok());
    Collector c;
    DeviceSession session(sim.pty(), {}, c.callbacks());
    ASSERT_TRUE(session.start().ok());
    ASSERT_TRUE(session.waitConnected(3s).ok());
    auto seq = session.startSampling("imu", 1000, 10000);
    ASSERT_TRUE(seq.ok()) << seq.message();
    ASSERT_TRUE(session.waitReply(*seq, 2s).ok());
    ASSERT_TRUE(c.waitLast(60s)) << "no final chunk; got " << c.samples << " samples";
    auto counters = session.counters();
    EXPECT_EQ(c.samples.load(), 10000u);
    EXPECT_EQ(counters.samples, 10000u);
    EXPECT_EQ(counters.lostSamples, 0u);
    EXPECT_EQ(counters.droppedFrames(), 0u);
    EXPECT_EQ(counters.boardOverrunSamples, 0u);
    std::lock_guard lock(c.mutex);
    expectContiguous(c.batches, "imu", 10000);
    // Device timestamps advance 1 ms per sample.
    const auto& b0 = c.batches.front();
    const auto& b1 = c.batches[1];
    EXPECT_NEAR(static_cast<double>(b1.deviceTimestampUs - b0.deviceTimestampUs),
                1000.0 * static_cast<double>(b0.sampleCount()), 5.0 * static_cast<double>(b0.sampleCount()));
    // Moving ("wave"): the values are not constant.
    int16_t lo = INT16_MAX, hi = INT16_MIN;
    for (size_t i = 0; i < b0.values.size(); i += 6) {
        lo = std::min(lo, b0.values[i]);
        hi = std::max(hi, b0.values[i]);
    }
    EXPECT_LT(lo, hi);
}

TEST(DeviceSession, Audio16kHzFor10sIsComplete) {
    SimProcess sim({"--fast"});
    ASSERT_TRUE(sim.ok());
    Collector c;
    DeviceSession session(sim.pty(), {}, c.callbacks());
    ASSERT_TRUE(session.start().ok());
    ASSERT_TRUE(session.waitConnected(3s).ok());
    auto seq = session.startSampling("microphone", 16000, 160000);
    ASSERT_TRUE(seq.ok()) << seq.message();
    ASSERT_TRUE(c.waitLast(60s)) << "no final chunk; got " << c.samples << " samples";
    auto counters = session.counters();
    EXPECT_EQ(c.samples.load(), 160000u);
    EXPECT_EQ(counters.lostSamples, 0u);
    EXPECT_EQ(counters.droppedFrames(), 0u);
    EXPECT_EQ(counters.boardOverrunSamples, 0u);
    std::lock_guard lock(c.mutex);
    expectContiguous(c.batches, "microphone", 160000);
}

TEST(DeviceSession, RealTimePacingAndDrift) {
    SimProcess sim({"--seed", "3"});  // real time: samples come at the declared rate
    ASSERT_TRUE(sim.ok());
    Collector c;
    DeviceSession session(sim.pty(), {}, c.callbacks());
    ASSERT_TRUE(session.start().ok());
    ASSERT_TRUE(session.waitConnected(3s).ok());
    const auto t0 = Clock::now();
    auto seq = session.startSampling("imu", 200, 600);  // 3 s
    ASSERT_TRUE(seq.ok()) << seq.message();
    ASSERT_TRUE(c.waitLast(10s));
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    EXPECT_EQ(c.samples.load(), 600u);
    EXPECT_GT(wall, 2.8);
    EXPECT_LT(wall, 4.5);
    auto drift = session.drift();
    EXPECT_TRUE(drift.valid);
    // The simulator's clock drifts by at most 40 ppm; latency noise on a
    // loaded CI machine is what limits this over 3 s.
    EXPECT_LT(std::fabs(drift.ppm), 2000.0) << drift.ppm;
    auto counters = session.counters();
    EXPECT_GT(counters.bytes, 600u * 12u);
}

TEST(DeviceSession, BadRequestsAreRefusedWithReasons) {
    SimProcess sim({"--fast"});
    ASSERT_TRUE(sim.ok());
    DeviceSession session(sim.pty());
    ASSERT_TRUE(session.start().ok());
    ASSERT_TRUE(session.waitConnected(3s).ok());
    auto noSensor = session.startSampling("barometer", 0, 10);
    ASSERT_FALSE(noSensor.ok());
    EXPECT_NE(noSensor.message().find("imu"), std::string::npos) << noSensor.message();
    auto badRate = session.startSampling("imu", 333, 10);
    ASSERT_FALSE(badRate.ok());
    EXPECT_NE(badRate.message().find("333"), std::string::npos) << badRate.message();
    // Stop on an idle sensor: the board answers (Ack or ErrorReport), never silence.
    auto stop = session.stopSampling("imu");
    ASSERT_TRUE(stop.ok());
    auto reply = session.waitReply(*stop, 2s);
    if (!reply.ok()) {
        EXPECT_NE(reply.message().find("refused"), std::string::npos) << reply.message();
    }
    auto pattern = session.setPattern(mote::protocol::MotionPattern::Shake);
    ASSERT_TRUE(pattern.ok());
    EXPECT_TRUE(session.waitReply(*pattern, 2s).ok());
}

TEST(DeviceSession, SilentBoardFailsAfterRetries) {
    mote::test::PtyPair pty;  // nobody answers on the other end
    ASSERT_TRUE(pty.ok());
    Collector c;
    DeviceSession session(pty.slavePath(), {}, c.callbacks());
    const auto t0 = Clock::now();
    ASSERT_TRUE(session.start().ok());
    auto caps = session.waitConnected(5s);
    const auto elapsed = Clock::now() - t0;
    ASSERT_FALSE(caps.ok());
    EXPECT_NE(caps.message().find("no answer"), std::string::npos) << caps.message();
    EXPECT_NE(caps.message().find("3 Hello attempts"), std::string::npos) << caps.message();
    EXPECT_EQ(session.state(), SessionState::Failed);
    EXPECT_GE(elapsed, 850ms);
    EXPECT_LT(elapsed, 3s);
    // The three Hellos really went out on the wire.
    auto bytes = pty.readSome(1 << 16, 200ms);
    mote::protocol::FrameDecoder decoder;
    size_t hellos = decoder.push(bytes.data(), bytes.size(), [](const mote::protocol::Frame& f) {
        EXPECT_EQ(f.type, mote::protocol::MessageType::Hello);
    });
    EXPECT_EQ(hellos, 3u);
}

TEST(DeviceSession, TextPrintingBoardIsNotMistakenForMote) {
    mote::test::PtyPair pty;
    ASSERT_TRUE(pty.ok());
    std::atomic<bool> done{false};
    std::thread printer([&] {
        while (!done) {
            pty.writeAll("12,34,56\r\n");
            std::this_thread::sleep_for(10ms);
        }
    });
    DeviceSession session(pty.slavePath());
    ASSERT_TRUE(session.start().ok());
    auto caps = session.waitConnected(5s);
    done = true;
    printer.join();
    ASSERT_FALSE(caps.ok());
    EXPECT_NE(caps.message().find("--forwarder"), std::string::npos) << caps.message();
}

TEST(DeviceSession, ForeignProtocolMajorIsAClearError) {
    mote::test::PtyPair pty;
    ASSERT_TRUE(pty.ok());
    std::atomic<bool> done{false};
    std::thread board([&] {
        // Answers every Hello with Capabilities framed as protocol v2.
        mote::protocol::FrameDecoder decoder;
        mote::protocol::FrameEncoder encoder;
        while (!done) {
            auto in = pty.readSome(1, 20ms);
            decoder.push(in.data(), in.size(), [&](const mote::protocol::Frame&) {
                mote::protocol::CapabilitiesMessage caps;
                caps.boardName = "future board";
                auto payload = mote::protocol::buildPayload(caps);
                uint8_t out[mote::protocol::kMaxEncodedFrame];
                size_t n = encoder.encodeWithMajor(2, mote::protocol::MessageType::Capabilities, payload.data(),
                                                   payload.size(), out, sizeof out);
                pty.writeAll(out, n);
            });
        }
    });
    DeviceSession session(pty.slavePath());
    ASSERT_TRUE(session.start().ok());
    auto caps = session.waitConnected(5s);
    done = true;
    board.join();
    ASSERT_FALSE(caps.ok());
    EXPECT_NE(caps.message().find("protocol v2"), std::string::npos) << caps.message();
}

TEST(DeviceSession, BoardDyingMidRecordingIsADisconnectThenReconnects) {
    const auto link = std::filesystem::temp_directory_path() / ("mote-sim-link-" + std::to_string(::getpid()));
    auto sim = std::make_unique<SimProcess>(std::vector<std::string>{"--link", link.string()});
    ASSERT_TRUE(sim->ok());
    Collector c;
    DeviceSession session(link.string(), {}, c.callbacks());
    ASSERT_TRUE(session.start().ok());
    ASSERT_TRUE(session.waitConnected(3s).ok());
    ASSERT_TRUE(session.startSampling("imu", 1000, 0).ok());  // continuous, real time
    auto deadline = Clock::now() + 5s;
    while (c.samples < 200 && Clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    ASSERT_GE(c.samples.load(), 200u);
    sim->kill9();
    deadline = Clock::now() + 3s;
    while (session.state() == SessionState::Connected && Clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    EXPECT_EQ(session.state(), SessionState::Disconnected);
    EXPECT_NE(session.lastError().find("disconnected"), std::string::npos) << session.lastError();
    EXPECT_FALSE(session.startSampling("imu", 1000, 10).ok());

    // The board comes back (same stable link path): reconnect() works.
    sim = std::make_unique<SimProcess>(std::vector<std::string>{"--fast", "--link", link.string()});
    ASSERT_TRUE(sim->ok());
    ASSERT_TRUE(session.reconnect().ok());
    ASSERT_TRUE(session.waitConnected(3s).ok()) << session.lastError();
    c.last = false;
    ASSERT_TRUE(session.startSampling("imu", 1000, 500).ok());
    EXPECT_TRUE(c.waitLast(10s));
    EXPECT_EQ(session.counters().samples, 500u);
    EXPECT_EQ(session.counters().lostSamples, 0u);
}

TEST(DeviceSession, MissingPortFailsClearly) {
    DeviceSession session("/dev/pts/nonexistent-mote");
    ASSERT_TRUE(session.start().ok());
    auto caps = session.waitConnected(2s);
    ASSERT_FALSE(caps.ok());
    EXPECT_NE(caps.message().find("/dev/pts/nonexistent-mote"), std::string::npos) << caps.message();
    EXPECT_EQ(session.state(), SessionState::Failed);
}

// The command deadline (SessionOptions::commandTimeout, 5 s by default):
// a board that answers after the old 2 s deadline is fine; one that never
// answers fails with a message that names the command and the deadline,
// and the session stays usable for the next command.
TEST(DeviceSession, CommandAnsweredLateSucceedsWithinTheCommandDeadline) {
    SimProcess sim({"--fast"});
    ASSERT_TRUE(sim.ok());
    mote::test::FaultProxy proxy(sim.pty(), {});
    ASSERT_TRUE(proxy.ok());
    DeviceSession session(proxy.hostPath());
    ASSERT_TRUE(session.start().ok());
    ASSERT_TRUE(session.waitConnected(3s).ok()) << session.lastError();
    proxy.delayCommands(2500ms);
    const auto t0 = Clock::now();
    auto pattern = session.setPattern(mote::protocol::MotionPattern::Wave);
    ASSERT_TRUE(pattern.ok()) << pattern.message();
    auto reply = session.waitReply(*pattern);
    EXPECT_TRUE(reply.ok()) << reply.message();
    EXPECT_GE(Clock::now() - t0, 2500ms) << "the proxy did not hold the command back";
}

TEST(DeviceSession, CommandNeverAnsweredFailsClearlyAndTheSessionGoesOn) {
    SimProcess sim({"--fast"});
    ASSERT_TRUE(sim.ok());
    mote::test::FaultProxy proxy(sim.pty(), {});
    ASSERT_TRUE(proxy.ok());
    mote::device::SessionOptions options;
    options.commandTimeout = 600ms;
    DeviceSession session(proxy.hostPath(), options);
    ASSERT_TRUE(session.start().ok());
    ASSERT_TRUE(session.waitConnected(3s).ok()) << session.lastError();
    proxy.dropCommands();
    auto lost = session.setPattern(mote::protocol::MotionPattern::Shake);
    ASSERT_TRUE(lost.ok()) << lost.message();
    auto reply = session.waitReply(*lost);
    ASSERT_FALSE(reply.ok());
    EXPECT_NE(reply.message().find("did not answer command #" + std::to_string(*lost)), std::string::npos)
        << reply.message();
    EXPECT_NE(reply.message().find("within 600 ms"), std::string::npos) << reply.message();
    EXPECT_NE(reply.message().find(proxy.hostPath()), std::string::npos) << reply.message();
    // One unanswered command does not end the session: the next one goes through.
    EXPECT_EQ(session.state(), SessionState::Connected);
    proxy.delayCommands(0ms);
    auto next = session.setPattern(mote::protocol::MotionPattern::Idle);
    ASSERT_TRUE(next.ok()) << next.message();
    EXPECT_TRUE(session.waitReply(*next).ok());
}

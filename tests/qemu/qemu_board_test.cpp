// Boots the real Cortex-M4 agent firmware on QEMU mps2-an386 and talks to it
// over the pty: handshake, sampling, ping, and death detection.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "board_link.h"
#include "firmware/qemu_launcher.h"
#include "serial/transport.h"

using namespace std::chrono_literals;
using mote::firmware::QemuInstance;
using mote::firmware::QemuOptions;
namespace proto = mote::protocol;

namespace {

QemuOptions boardOptions() {
    QemuOptions options;
    options.elf = MOTE_QEMU_FIRMWARE_ELF;
    return options;
}

struct RunningBoard {
    std::unique_ptr<QemuInstance> qemu;
    std::unique_ptr<mote::test::BoardLink> link;
};

RunningBoard boot() {
    RunningBoard board;
    auto qemu = QemuInstance::launch(boardOptions());
    EXPECT_TRUE(qemu.ok()) << (qemu ? "" : qemu.message());
    if (!qemu)
        return board;
    board.qemu = std::move(*qemu);
    auto transport = mote::serial::openTransport(board.qemu->ptyPath());
    EXPECT_TRUE(transport.ok()) << (transport ? "" : transport.message());
    if (!transport)
        return board;
    auto resumed = board.qemu->resume();
    EXPECT_TRUE(resumed.ok()) << (resumed ? "" : resumed.message());
    board.link = std::make_unique<mote::test::BoardLink>(std::move(*transport));
    return board;
}

}  // namespace

TEST(QemuArgv, StartsPausedWithPtyQmpAndIcount) {
    QemuOptions options;
    options.elf = "/tmp/fw.elf";
    const auto argv = mote::firmware::qemuArgv(options, "/tmp/q.sock");
    const std::vector<std::string> expected = {
        "qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "pty",
        "-kernel", "/tmp/fw.elf", "-S", "-qmp", "unix:/tmp/q.sock,server=on,wait=off", "-icount", "shift=0"};
    EXPECT_EQ(argv, expected);
}

TEST(QemuArgv, ParsesPtyAnnouncement) {
    EXPECT_EQ(mote::firmware::parsePtyLine("QEMU 7.2\nchar device redirected to /dev/pts/17 (label serial0)\n"),
              std::optional<std::string>("/dev/pts/17"));
    EXPECT_FALSE(mote::firmware::parsePtyLine("qemu-system-arm: -kernel x: No such file").has_value());
}

TEST(QemuLaunch, MissingElfIsAClearError) {
    QemuOptions options;
    options.elf = "/nonexistent/fw.elf";
    auto qemu = QemuInstance::launch(options);
    ASSERT_FALSE(qemu.ok());
    EXPECT_NE(qemu.message().find("/nonexistent/fw.elf"), std::string::npos) << qemu.message();
}

TEST(QemuLaunch, MissingProgramIsAClearError) {
    QemuOptions options = boardOptions();
    options.program = "qemu-system-does-not-exist";
    auto qemu = QemuInstance::launch(options);
    ASSERT_FALSE(qemu.ok());
    EXPECT_NE(qemu.message().find("qemu-system-does-not-exist"), std::string::npos) << qemu.message();
}

TEST(QemuLaunch, ExitBeforePtyReportsQemusMessage) {
    QemuOptions options = boardOptions();
    options.machine = "no-such-machine";
    auto qemu = QemuInstance::launch(options);
    ASSERT_FALSE(qemu.ok());
    EXPECT_NE(qemu.message().find("unsupported machine type"), std::string::npos) << qemu.message();
}

TEST(QemuBoard, BootsAndHandshakes) {
    auto board = boot();
    ASSERT_TRUE(board.link);
    ASSERT_TRUE(board.link->send(proto::HelloMessage{proto::kProtocolMajor, proto::kProtocolMinor, "qemu-test"}).ok());
    auto caps = board.link->waitFor<proto::CapabilitiesMessage>(5s);
    ASSERT_TRUE(caps.ok()) << caps.message();
    EXPECT_EQ(caps->boardName, "qemu-mps2-an386");
    EXPECT_EQ(caps->protocolMajor, proto::kProtocolMajor);
    EXPECT_EQ(caps->clockHz, 25000000u);
    EXPECT_EQ(caps->ramBytes, 4u * 1024 * 1024);
    ASSERT_NE(caps->findSensor("imu"), nullptr);
    EXPECT_EQ(caps->findSensor("imu")->axes.size(), 6u);
    ASSERT_NE(caps->findSensor("microphone"), nullptr);
    EXPECT_FALSE(caps->model.has_value());
    EXPECT_EQ(board.link->counters().crcErrors, 0u);
}

TEST(QemuBoard, StreamsImuSamplesWithDeviceTimestamps) {
    auto board = boot();
    ASSERT_TRUE(board.link);
    ASSERT_TRUE(board.link->send(proto::HelloMessage{}).ok());
    auto caps = board.link->waitFor<proto::CapabilitiesMessage>(5s);
    ASSERT_TRUE(caps.ok()) << caps.message();
    const auto* imu = caps->findSensor("imu");
    ASSERT_NE(imu, nullptr);

    ASSERT_TRUE(board.link->send(proto::SetPatternMessage{proto::MotionPattern::Wave}).ok());
    constexpr uint32_t kSamples = 200;
    ASSERT_TRUE(board.link->send(proto::StartSamplingMessage{imu->id, 100.0f, kSamples}).ok());
    uint32_t received = 0;
    uint64_t firstTs = 0, lastTs = 0;
    bool sawLast = false;
    int nonzero = 0;
    while (!sawLast) {
        auto chunk = board.link->waitFor<proto::SampleChunkMessage>(10s);
        ASSERT_TRUE(chunk.ok()) << chunk.message() << " after " << received << " samples";
        ASSERT_EQ(chunk->sensor, imu->id);
        ASSERT_EQ(chunk->axisCount, 6);
        EXPECT_EQ(chunk->firstIndex, received);
        if (received == 0)
            firstTs = chunk->timestampUs;
        lastTs = chunk->timestampUs + (chunk->sampleCount() - 1) * 10000ull;
        for (int16_t v : chunk->values)
            nonzero += v != 0;
        received += static_cast<uint32_t>(chunk->sampleCount());
        sawLast = chunk->last;
    }
    EXPECT_EQ(received, kSamples);
    // 200 samples at 100 Hz span 1.99 s of device time (SysTick-derived).
    EXPECT_NEAR(static_cast<double>(lastTs - firstTs), 1990000.0, 1000.0);
    EXPECT_GT(nonzero, static_cast<int>(kSamples));  // a real signal, not zeros
    EXPECT_EQ(board.link->counters().crcErrors, 0u);
}

TEST(QemuBoard, AnswersPingWithDeviceClock) {
    auto board = boot();
    ASSERT_TRUE(board.link);
    ASSERT_TRUE(board.link->send(proto::PingMessage{0x1234abcd}).ok());
    auto pong = board.link->waitFor<proto::PongMessage>(5s);
    ASSERT_TRUE(pong.ok()) << pong.message();
    EXPECT_EQ(pong->token, 0x1234abcdu);
    std::this_thread::sleep_for(200ms);
    ASSERT_TRUE(board.link->send(proto::PingMessage{7}).ok());
    auto pong2 = board.link->waitFor<proto::PongMessage>(5s);
    ASSERT_TRUE(pong2.ok()) << pong2.message();
    EXPECT_GT(pong2->timestampUs, pong->timestampUs + 100000);
}

TEST(QemuBoard, DeathIsDetectedOnTheLinkAndByTheLauncher) {
    auto board = boot();
    ASSERT_TRUE(board.link);
    ASSERT_TRUE(board.qemu->running());
    ::kill(board.qemu->pid(), SIGKILL);
    // The pty reports EOF/EIO once QEMU is gone.
    bool lost = false;
    for (int i = 0; i < 50 && !lost; ++i)
        lost = !board.link->pump(100ms).ok();
    EXPECT_TRUE(lost);
    EXPECT_TRUE(board.link->transport().disconnected());
    for (int i = 0; i < 50 && board.qemu->running(); ++i)
        std::this_thread::sleep_for(20ms);
    EXPECT_FALSE(board.qemu->running());
    EXPECT_EQ(board.qemu->exitStatus(), std::optional<int>(128 + SIGKILL));
    auto resumed = board.qemu->resume();
    ASSERT_FALSE(resumed.ok());
    EXPECT_NE(resumed.message().find("not running"), std::string::npos);
}

TEST(QemuBoard, IdlesWithWfiInsteadOfSpinning) {
    auto board = boot();
    ASSERT_TRUE(board.link);
    // Let it run idle for a while, then compare QEMU's CPU time to wall time.
    auto cpuTicks = [&]() -> long {
        std::ifstream stat("/proc/" + std::to_string(board.qemu->pid()) + "/stat");
        std::string text((std::istreambuf_iterator<char>(stat)), {});
        auto close = text.rfind(')');
        std::istringstream rest(text.substr(close + 2));
        std::string field;
        long utime = 0, stime = 0;
        for (int i = 3; i <= 15 && rest >> field; ++i) {
            if (i == 14) utime = std::stol(field);
            if (i == 15) stime = std::stol(field);
        }
        return utime + stime;
    };
    std::this_thread::sleep_for(300ms);
    const long before = cpuTicks();
    std::this_thread::sleep_for(1500ms);
    const long used = cpuTicks() - before;
    const long hz = ::sysconf(_SC_CLK_TCK);
    // A busy-polling firmware keeps QEMU at ~100 % of a core (150 ticks).
    EXPECT_LT(used, hz * 3 / 4) << "QEMU used " << used << " ticks of CPU in 1.5 s idle";
}

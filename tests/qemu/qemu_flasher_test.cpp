// The qemu flasher: boots an ELF on the emulated board, leaves it running
// with a state record, re-flashing replaces the emulator (new pty), and
// stopping removes it. Talks to the real firmware over the real pty.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "board_link.h"
#include "common/shared_dir.h"
#include "firmware/board_profile.h"
#include "firmware/flasher.h"
#include "serial/transport.h"

using namespace std::chrono_literals;
using namespace mote::firmware;
namespace proto = mote::protocol;

namespace {

class QemuFlasherTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_state = std::filesystem::temp_directory_path() / ("mote-flasher-test-" + std::to_string(::getpid()));
        auto profile = findBoardProfile(mote::test::sourceDir() / "templates" / "boards", "qemu-mps2-an386");
        ASSERT_TRUE(profile.ok()) << profile.message();
        m_profile = *profile;
    }
    void TearDown() override {
        (void)stopRunningBoard(m_state, m_profile.name);
        std::filesystem::remove_all(m_state);
    }

    mote::Result<proto::CapabilitiesMessage> handshake(const std::string& path) {
        auto transport = mote::serial::openTransport(path);
        if (!transport)
            return transport.error();
        mote::test::BoardLink link(std::move(*transport));
        if (auto sent = link.send(proto::HelloMessage{}); !sent)
            return sent.error();
        return link.waitFor<proto::CapabilitiesMessage>(5s);
    }

    std::filesystem::path m_state;
    BoardProfile m_profile;
};

}  // namespace

TEST_F(QemuFlasherTest, FlashBootsReflashReplacesStopRemoves) {
    FlasherOptions options;
    options.stateDir = m_state;
    auto flasher = makeFlasher(m_profile, options);
    ASSERT_TRUE(flasher.ok()) << flasher.message();
    std::vector<std::string> log;
    auto first = (*flasher)->flash({MOTE_QEMU_FIRMWARE_ELF, ""}, [&](const std::string& l) { log.push_back(l); });
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_FALSE(log.empty());
    auto running = findRunningBoard(m_state, m_profile.name);
    ASSERT_TRUE(running.has_value());
    EXPECT_EQ(running->connectionPath, first->connectionPath);
    const pid_t firstPid = running->pid;

    auto caps = handshake(first->connectionPath);
    ASSERT_TRUE(caps.ok()) << caps.message();
    EXPECT_EQ(caps->boardName, "qemu-mps2-an386");

    // Re-flash: the old emulator is stopped, a new one answers on a new pty.
    auto second = (*flasher)->flash({MOTE_QEMU_FIRMWARE_ELF, ""}, nullptr);
    ASSERT_TRUE(second.ok()) << second.message();
    EXPECT_NE(::kill(firstPid, 0), 0) << "the previous emulator is still running";
    running = findRunningBoard(m_state, m_profile.name);
    ASSERT_TRUE(running.has_value());
    EXPECT_NE(running->pid, firstPid);
    caps = handshake(second->connectionPath);
    ASSERT_TRUE(caps.ok()) << caps.message();

    ASSERT_TRUE(stopRunningBoard(m_state, m_profile.name).ok());
    EXPECT_FALSE(findRunningBoard(m_state, m_profile.name).has_value());
    EXPECT_NE(::kill(running->pid, 0), 0);
}

TEST_F(QemuFlasherTest, MissingImageFailsAndLeavesNoRecord) {
    FlasherOptions options;
    options.stateDir = m_state;
    auto flasher = makeFlasher(m_profile, options);
    ASSERT_TRUE(flasher.ok());
    auto result = (*flasher)->flash({m_state / "missing.elf", ""}, nullptr);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.message().find("missing.elf"), std::string::npos) << result.message();
    EXPECT_FALSE(findRunningBoard(m_state, m_profile.name).has_value());
}

TEST_F(QemuFlasherTest, DeadEmulatorRecordIsStale) {
    FlasherOptions options;
    options.stateDir = m_state;
    auto flasher = makeFlasher(m_profile, options);
    ASSERT_TRUE(flasher.ok());
    auto flashed = (*flasher)->flash({MOTE_QEMU_FIRMWARE_ELF, ""}, nullptr);
    ASSERT_TRUE(flashed.ok()) << flashed.message();
    auto running = findRunningBoard(m_state, m_profile.name);
    ASSERT_TRUE(running.has_value());
    ::kill(running->pid, SIGKILL);
    // The detached emulator is not our child: init reaps it.
    for (int i = 0; i < 100 && findRunningBoard(m_state, m_profile.name); ++i)
        std::this_thread::sleep_for(20ms);
    EXPECT_FALSE(findRunningBoard(m_state, m_profile.name).has_value());
}

#pragma once
// Set-up shared by the tests that deploy to a board (by default the
// emulated qemu-mps2-an386): a private work folder (per process and test
// suite), the board profile from templates/boards, and flasher options whose
// state folder (which boards run, on which pty) lives inside that work
// folder, so a test never sees or stops another test's board. TearDown stops
// the board this test started and removes the folder.
//
// Use: `using MyQemuTest = mote::test::BoardFixture;` then TEST_F(MyQemuTest, ...);
// another board: `struct MyTest : mote::test::BoardFixture { MyTest() : BoardFixture("host-sim") {} };`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "common/shared_dir.h"
#include "firmware/board_profile.h"
#include "firmware/flasher.h"

namespace mote::test {

inline std::vector<uint8_t> readFileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

class BoardFixture : public ::testing::Test {
protected:
    explicit BoardFixture(std::string boardName = "qemu-mps2-an386") : m_boardName(std::move(boardName)) {}

    void SetUp() override {
        const std::string suite = ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name();
        m_work = std::filesystem::temp_directory_path() / ("mote-" + suite + "-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_work);
        auto profile = firmware::findBoardProfile(sourceDir() / "templates" / "boards", m_boardName);
        ASSERT_TRUE(profile.ok()) << profile.message();
        m_board = *profile;
        m_flasher.stateDir = m_work / "state";
    }
    void TearDown() override {
        (void)firmware::stopRunningBoard(m_flasher.stateDir, m_board.name);
        std::filesystem::remove_all(m_work);
    }

    const std::string m_boardName;
    std::filesystem::path m_work;
    firmware::BoardProfile m_board;
    firmware::FlasherOptions m_flasher;
};

}  // namespace mote::test

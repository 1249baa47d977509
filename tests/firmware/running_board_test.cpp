// Running-board records (firmware/flasher.h): a board is recognised by its
// pid and start time, so one started through a wrapper script that execs the
// real program is still found and stopped, and a recycled pid is never
// mistaken for the board (nor killed).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "firmware/flasher.h"

using namespace mote::firmware;
namespace fs = std::filesystem;

namespace {

// A child that, like a wrapper script, execs a program of another name.
pid_t startWrapped() {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execlp("sh", "sh", "-c", "exec sleep 60", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

bool alive(pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) == 0; }

fs::path freshStateDir() {
    const fs::path dir = fs::temp_directory_path() / ("mote-running-board-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir;
}

}  // namespace

TEST(RunningBoard, AWrappedBoardIsFoundAndStoppedByItsStartTime) {
    const fs::path state = freshStateDir();
    const pid_t pid = startWrapped();
    ASSERT_GT(pid, 0);
    ::usleep(200 * 1000);  // let the wrapper exec
    RunningBoard board{"wrapped-board", "host", pid, "/dev/null", "image", state.string(), "wrapper-script"};
    ASSERT_TRUE(recordRunningBoard(state, board).ok());
    auto found = findRunningBoard(state, "wrapped-board");
    ASSERT_TRUE(found.has_value()) << "the exec'd program is still the recorded process";
    EXPECT_GT(found->startTicks, 0u);
    ASSERT_TRUE(stopRunningBoard(state, "wrapped-board").ok());
    EXPECT_FALSE(alive(pid));
    EXPECT_FALSE(findRunningBoard(state, "wrapped-board").has_value());
    fs::remove_all(state);
}

TEST(RunningBoard, ARecycledPidIsAStaleRecordAndIsNotKilled) {
    const fs::path state = freshStateDir();
    const pid_t pid = startWrapped();
    ASSERT_GT(pid, 0);
    ::usleep(200 * 1000);
    RunningBoard first{"old-board", "host", pid, "/dev/null", "image", state.string(), "sleep"};
    ASSERT_TRUE(recordRunningBoard(state, first).ok());
    auto recorded = findRunningBoard(state, "old-board");
    ASSERT_TRUE(recorded.has_value());
    // The same pid with another start time: what a board that ended and
    // whose pid went to an unrelated process looks like.
    RunningBoard recycled = *recorded;
    recycled.startTicks = recorded->startTicks + 1;
    ASSERT_TRUE(recordRunningBoard(state, recycled).ok());
    EXPECT_FALSE(findRunningBoard(state, "old-board").has_value());
    ASSERT_TRUE(stopRunningBoard(state, "old-board").ok());
    EXPECT_TRUE(alive(pid)) << "an unrelated process must survive";
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    fs::remove_all(state);
}

// Board > Run the Demo: the dialog drives the same pipeline as `mote demo`
// on a worker thread. Here: a missing board image fails at the first stage
// with a message that says what to do, and a run cancelled while it records
// stops cleanly, keeping the project it created.
#include <gtest/gtest.h>

#include <QDir>
#include <QListWidget>

#include <chrono>

#include "demo_dialog.h"
#include "firmware/flasher.h"
#include "gui_test_env.h"

using namespace mote::studio;
using namespace std::chrono_literals;
using mote::test::waitUntil;

TEST(DemoDialog, MissingBoardImageFailsAtTheBoardStageWithAHint) {
    const QString dir = mote::test::tempDir();
    DemoDialog dialog(dir + "/demo");
    dialog.setStockImage("/nonexistent/mote-agent.elf");
    ASSERT_TRUE(dialog.start());
    ASSERT_TRUE(waitUntil([&] { return !dialog.isRunning(); }, 20s));
    EXPECT_FALSE(dialog.summary());
    EXPECT_TRUE(dialog.error().startsWith("board:")) << dialog.error().toStdString();
    EXPECT_TRUE(dialog.error().contains("build")) << dialog.error().toStdString();
    EXPECT_EQ(dialog.currentStage(), "board");
}

TEST(DemoDialog, CancelWhileCollectingStopsAndKeepsTheProject) {
    const QString dir = mote::test::tempDir();
    const QString state = dir + "/state";
    qputenv("MOTE_STATE_DIR", state.toUtf8());
    DemoDialog dialog(dir + "/demo");
    dialog.resize(760, 620);
    dialog.show();
    ASSERT_TRUE(dialog.start());
    ASSERT_TRUE(waitUntil([&] { return dialog.currentStage() == "collect" || !dialog.isRunning(); }, 60s));
    ASSERT_TRUE(dialog.isRunning()) << dialog.error().toStdString();
    waitUntil([] { return false; }, 1500ms);
    mote::test::saveScreenshot(&dialog, "demo");
    dialog.cancel();
    ASSERT_TRUE(waitUntil([&] { return !dialog.isRunning(); }, 30s));
    EXPECT_FALSE(dialog.summary());
    EXPECT_TRUE(dialog.error().contains("cancelled")) << dialog.error().toStdString();
    EXPECT_TRUE(QDir(dir + "/demo").exists("project.mote.db"));
    (void)mote::firmware::stopRunningBoard(state.toStdString(), "qemu-mps2-an386");
    qunsetenv("MOTE_STATE_DIR");
}

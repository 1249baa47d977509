// Forwarder mode through the real window: a "board" that prints CSV lines
// on a real pty (the test plays it), chosen on the Devices page with the
// forwarder checkbox, recorded on the Acquisition page into the project's
// SQLite file, with the axis names from the board's header line.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include "acquisition_page.h"
#include "board_link.h"
#include "devices_page.h"
#include "gui_test_env.h"
#include "main_window.h"
#include "serial/pty_pair.h"
#include "studio_context.h"
#include "studio_settings.h"

using namespace mote::studio;
using namespace std::chrono_literals;
using mote::test::waitUntil;

TEST(StudioForwarder, RecordsCsvLinesFromAPtyBoard) {
    mote::test::PtyPair pty;
    ASSERT_TRUE(pty.ok());
    const QString dir = mote::test::tempDir();
    StudioSettings settings(dir + "/settings.ini");
    MainWindow window(settings);
    window.resize(1360, 860);
    ASSERT_TRUE(window.startUp({dir + "/fwd.mote", false}));
    auto* store = window.context().store();
    ASSERT_NE(store, nullptr);

    // The board: a header, then 3 axes at 100 Hz, in real time, until told to stop.
    std::atomic<bool> stop{false};
    std::thread board([&] {
        pty.writeAll("ax,ay,az\r\n");
        for (int i = 0; !stop; ++i) {
            const double t = i * 0.01;
            pty.writeAll(std::to_string(std::sin(t * 6)) + "," + std::to_string(std::cos(t * 6)) + ",9.81\r\n");
            std::this_thread::sleep_for(10ms);
        }
    });

    window.showPage(MainWindow::DevicesIndex);
    window.devicesPage()->setForwarderMode(true, 115200);
    window.devicesPage()->connectToPort(QString::fromStdString(pty.slavePath()));
    ASSERT_TRUE(waitUntil([&] { return window.board().isConnected(); }, 5s));
    EXPECT_EQ(window.board().mode(), BoardLink::Mode::Forwarder);
    EXPECT_EQ(window.board().forwarderBaud(), 115200);

    window.showPage(MainWindow::AcquisitionIndex);
    auto* acquisition = window.acquisitionPage();
    ASSERT_TRUE(waitUntil([&] { return acquisition->sensorNames().contains("forwarder"); }, 3s));
    acquisition->setSensor("forwarder");
    acquisition->setLength(1.0);
    acquisition->setLabel("tilt");
    ASSERT_TRUE(acquisition->record()) << acquisition->statusText().toStdString();
    ASSERT_TRUE(waitUntil([&] { return !acquisition->isRecording(); }, 15s));
    stop = true;
    board.join();
    EXPECT_TRUE(acquisition->statusText().startsWith("Recorded 1 sample")) << acquisition->statusText().toStdString();

    auto rows = store->query();
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows.value().size(), 1u);
    const auto& s = rows.value()[0];
    EXPECT_EQ(s.label, "tilt");
    EXPECT_EQ(s.sensor, "forwarder");
    EXPECT_EQ(s.axisNames, (std::vector<std::string>{"ax", "ay", "az"}));
    // ~1 s at a rate measured from the data (nominally 100 Hz; a loaded machine stretches it).
    EXPECT_GT(s.sampleRateHz, 50.0);
    EXPECT_LT(s.sampleRateHz, 150.0);
    EXPECT_GT(s.frameCount, 40);
    auto full = store->load(s.id);
    ASSERT_TRUE(full);
    const auto values = full.value().values();
    ASSERT_GE(values.size(), 3u);
    EXPECT_NEAR(values[2], 9.81f, 1e-3f);
    window.board().disconnectBoard();
}

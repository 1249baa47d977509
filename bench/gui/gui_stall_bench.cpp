// Longest GUI-thread stall while the studio streams 16 kHz audio from the
// virtual board into the live scope AND the dataset table scrolls through
// 100,000 samples (paged fetches). A 2 ms heartbeat QTimer records the gap
// between its ticks; any gap is time the event loop could not run.
//
// Usage: gui_stall_bench [seconds=10] [samples=100000]
#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <vector>

#include "acquisition_page.h"
#include "board_link.h"
#include "dataset_page.h"
#include "sample_table_model.h"
#include "signal_plot.h"
#include "studio_context.h"
#include "studio_settings.h"
#include "virtual_board.h"

using namespace mote::studio;

namespace {

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double loadAverage() {
    double load[1] = {0};
    return getloadavg(load, 1) == 1 ? load[0] : -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const double seconds = argc > 1 ? std::atof(argv[1]) : 10.0;
    const int sampleCount = argc > 2 ? std::atoi(argv[2]) : 100000;

    QTemporaryDir dir;
    StudioSettings settings(dir.path() + "/settings.ini");
    StudioContext context(settings);
    if (!context.createProject(dir.path() + "/bench.mote", "bench")) {
        std::fprintf(stderr, "cannot create project\n");
        return 1;
    }
    // 100k tiny samples in one transaction (metadata is what the table shows).
    {
        std::vector<mote::dataset::Sample> batch;
        batch.reserve(static_cast<std::size_t>(sampleCount));
        const char* labels[] = {"idle", "wave", "circle", "shake", "updown"};
        for (int i = 0; i < sampleCount; ++i) {
            mote::dataset::Sample s;
            s.label = labels[i % 5];
            s.split = i % 5 == 0 ? mote::dataset::Split::Test : mote::dataset::Split::Train;
            s.sensor = "imu";
            s.axisNames = {"accX"};
            s.units = {"m/s2"};
            s.sampleRateHz = 100;
            s.captureTimeMs = 1700000000000LL + i;
            s.setFloatData({static_cast<float>(i), 1.0f, 2.0f, 3.0f});
            batch.push_back(std::move(s));
        }
        QElapsedTimer t;
        t.start();
        if (auto ids = context.store()->insertAll(batch); !ids) {
            std::fprintf(stderr, "insert failed: %s\n", ids.message().c_str());
            return 1;
        }
        std::printf("inserted %d samples in %.0f ms\n", sampleCount, static_cast<double>(t.elapsed()));
    }

    BoardLink board;
    VirtualBoard sim;
    AcquisitionPage acquisition(context, board);
    DatasetPage dataset(context);
    acquisition.resize(1100, 700);
    dataset.resize(1100, 700);
    acquisition.show();
    dataset.show();
    QObject::connect(&sim, &VirtualBoard::ready, &board, [&](const QString& pty) { board.connectTo(pty); });
    QObject::connect(&sim, &VirtualBoard::failed, [&](const QString& m) {
        std::fprintf(stderr, "virtual board: %s\n", m.toUtf8().constData());
        app.exit(1);
    });
    sim.start();

    QElapsedTimer clock;
    std::vector<double> gaps;
    double last = 0;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(2);
    QTimer scroller;
    scroller.setInterval(16);
    bool measuring = false;
    // The same gaps in GUI-thread CPU time: the work our code did between two
    // ticks. On a loaded machine the wall-clock gap also contains time the
    // scheduler gave to other processes; the CPU figure does not.
    std::vector<double> cpuGaps;
    double lastCpu = 0;
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const double now = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        const double cpu = threadCpuMs();
        if (measuring) {
            gaps.push_back(now - last);
            cpuGaps.push_back(cpu - lastCpu);
        }
        last = now;
        lastCpu = cpu;
    });
    QObject::connect(&scroller, &QTimer::timeout, [&] {
        auto* bar = dataset.table()->verticalScrollBar();
        bar->setValue(std::min(bar->maximum(), bar->value() + bar->pageStep()));
    });
    QObject::connect(&board, &BoardLink::capabilitiesChanged, [&] {
        if (measuring)
            return;
        acquisition.setSensor("microphone");
        acquisition.setRate(16000);
        clock.start();
        last = 0;
        lastCpu = threadCpuMs();
        measuring = true;
        heartbeat.start();
        scroller.start();
        QTimer::singleShot(static_cast<int>(seconds * 1000), &app, [&] { app.quit(); });
    });
    QTimer::singleShot(20000 + static_cast<int>(seconds * 1000), &app, [&] {
        std::fprintf(stderr, "timed out waiting for the virtual board\n");
        app.exit(1);
    });
    const int rc = app.exec();
    heartbeat.stop();
    scroller.stop();
    if (rc != 0 || gaps.empty())
        return rc ? rc : 1;
    std::sort(gaps.begin(), gaps.end());
    const double longest = gaps.back();
    const double p99 = gaps[gaps.size() * 99 / 100];
    std::printf("streamed microphone at 16 kHz for %.1f s: %llu scope samples, scope repaints %d (%.1f /s), "
                "longest scope paint %.2f ms\n",
                seconds, static_cast<unsigned long long>(acquisition.scope()->totalFrames()),
                acquisition.scope()->paintCount(), acquisition.scope()->paintCount() / seconds,
                acquisition.scope()->longestPaintMs());
    std::printf("dataset table: %d of %lld rows fetched while scrolling\n", dataset.model()->rowCount(),
                static_cast<long long>(dataset.model()->totalCount()));
    std::printf("GUI heartbeat (2 ms): %zu ticks, median gap %.2f ms, p99 %.2f ms, LONGEST STALL %.2f ms\n",
                gaps.size(), gaps[gaps.size() / 2], p99, longest);
    std::sort(cpuGaps.begin(), cpuGaps.end());
    std::printf("GUI-thread CPU between ticks: p99 %.2f ms, LONGEST BUSY %.2f ms (load average %.1f)\n",
                cpuGaps[cpuGaps.size() * 99 / 100], cpuGaps.back(), loadAverage());
    board.disconnectBoard();
    sim.stop();
    return 0;
}

// The studio's worker jobs (WorkerJob base): one run at a time, finished()
// once on the GUI thread after the outcome is stored, cancel honoured,
// destruction while running is safe. Driven through the real ImportJob and
// ExportJob on a real SQLite project file and the repo's example dataset.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>

#include "common/shared_dir.h"
#include "dataset/sample_store.h"
#include "export_job.h"
#include "gui_test_env.h"
#include "import_job.h"

using namespace std::chrono_literals;
using mote::studio::ExportJob;
using mote::studio::ImportJob;

namespace {

QString exampleFolder() {
    return QString::fromStdString(
        (mote::test::sourceDir() / "datasets" / "motion-gestures" / "data" / "training").string());
}

QString newProject() {
    const QString file = mote::test::tempDir() + "/project.mote.db";
    auto store = mote::dataset::SampleStore::create(file.toStdString());
    EXPECT_TRUE(store.ok()) << store.message();
    return file;
}

// Counts finished() and checks it arrives on the GUI thread with the job idle.
struct FinishedProbe {
    int count = 0;
    bool onGuiThread = true;
    bool idleWhenEmitted = true;
    template <typename Job>
    void watch(Job& job) {
        QObject::connect(&job, &Job::finished, [this, &job] {
            ++count;
            onGuiThread = onGuiThread && QThread::currentThread() == QCoreApplication::instance()->thread();
            idleWhenEmitted = idleWhenEmitted && !job.isRunning();
        });
    }
};

}  // namespace

TEST(WorkerJobs, ImportRunsOnceReportsOnTheGuiThreadAndRefusesASecondStart) {
    const QString db = newProject();
    const QString bad = mote::test::tempDir() + "/notes.txt";  // no importer reads .txt
    QFile f(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("not a sample");
    f.close();

    ImportJob job;
    FinishedProbe probe;
    probe.watch(job);
    int lastDone = -1, lastTotal = -1;
    QObject::connect(&job, &ImportJob::progress, [&](int done, int total, const QString&) {
        lastDone = done;
        lastTotal = total;
    });
    ASSERT_TRUE(job.start(db, {exampleFolder(), bad}, {}));
    EXPECT_TRUE(job.isRunning());
    EXPECT_FALSE(job.start(db, {exampleFolder()}, {})) << "a second start while running must be refused";
    ASSERT_TRUE(mote::test::waitUntil([&] { return probe.count > 0; }, 60s));
    mote::test::pumpEvents(50ms);
    EXPECT_EQ(probe.count, 1);
    EXPECT_TRUE(probe.onGuiThread);
    EXPECT_TRUE(probe.idleWhenEmitted);

    const auto& out = job.outcome();
    EXPECT_TRUE(out.fatal.isEmpty()) << out.fatal.toStdString();
    EXPECT_FALSE(out.cancelled);
    EXPECT_EQ(out.filesTotal, 49);
    EXPECT_EQ(out.filesImported, 48);
    EXPECT_EQ(out.samplesImported, 48);
    EXPECT_EQ(out.importedIds.size(), 48u);
    ASSERT_EQ(out.failures.size(), 1);
    EXPECT_EQ(out.failures[0].first, bad);
    EXPECT_EQ(lastDone, 49);
    EXPECT_EQ(lastTotal, 49);
    auto store = mote::dataset::SampleStore::open(db.toStdString());
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(store->count().value(), 48);

    // The job is reusable once finished; a project that cannot be opened is an outcome, not a crash.
    ASSERT_TRUE(job.start(mote::test::tempDir() + "/missing/nothing.db", {exampleFolder()}, {}));
    ASSERT_TRUE(mote::test::waitUntil([&] { return probe.count == 2; }, 30s));
    EXPECT_FALSE(job.outcome().fatal.isEmpty());
    EXPECT_EQ(job.outcome().filesImported, 0);
}

TEST(WorkerJobs, ExportWritesEverySampleAndCancelStopsIt) {
    const QString db = newProject();
    {
        ImportJob import;
        ASSERT_TRUE(import.start(db, {exampleFolder()}, {}));
        ASSERT_TRUE(mote::test::waitUntil([&] { return !import.isRunning(); }, 60s));
        ASSERT_EQ(import.outcome().samplesImported, 48);
    }
    ExportJob job;
    FinishedProbe probe;
    probe.watch(job);
    const QString folder = mote::test::tempDir() + "/export";
    ASSERT_TRUE(job.start(db, folder, std::nullopt));
    ASSERT_TRUE(mote::test::waitUntil([&] { return probe.count == 1; }, 60s));
    EXPECT_TRUE(probe.onGuiThread);
    EXPECT_TRUE(probe.idleWhenEmitted);
    EXPECT_TRUE(job.error().isEmpty()) << job.error().toStdString();
    EXPECT_EQ(job.samplesWritten(), 48);
    EXPECT_TRUE(QFile::exists(folder + "/manifest.json"));

    // Same folder again: it is not empty, the job reports why.
    ASSERT_TRUE(job.start(db, folder, std::nullopt));
    ASSERT_TRUE(mote::test::waitUntil([&] { return probe.count == 2; }, 30s));
    EXPECT_FALSE(job.error().isEmpty());
    EXPECT_EQ(job.samplesWritten(), 0);

    // Cancelled at once: finished still comes, with the cancel as the error.
    ASSERT_TRUE(job.start(db, mote::test::tempDir() + "/cancelled", std::nullopt));
    job.cancel();
    ASSERT_TRUE(mote::test::waitUntil([&] { return probe.count == 3; }, 30s));
    EXPECT_EQ(job.samplesWritten(), 0);
    EXPECT_NE(job.error().indexOf("cancelled"), -1) << job.error().toStdString();
}

TEST(WorkerJobs, DestroyingARunningJobCancelsAndJoins) {
    const QString db = newProject();
    bool finished = false;
    {
        ImportJob job;
        QObject::connect(&job, &ImportJob::finished, [&] { finished = true; });
        ASSERT_TRUE(job.start(db, {exampleFolder()}, {}));
    }  // the destructor cancels and joins; the queued finish is dropped with the object
    mote::test::pumpEvents(100ms);
    EXPECT_FALSE(finished);
    auto store = mote::dataset::SampleStore::open(db.toStdString());
    ASSERT_TRUE(store.ok());
    EXPECT_LE(store->count().value(), 48) << "whatever was imported is whole files";
}

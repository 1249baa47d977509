// The first-ten-minutes flow through the real window: start the virtual
// board from the Devices page (real mote-board-sim process, real pty),
// record three labeled samples on the Acquisition page, see them in the
// Dataset table, relabel two, undo, delete one, import a WAV and a CSV
// through the import dialog's job — and save a screenshot of every page.
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTreeWidget>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <numbers>

#include "about_dialog.h"
#include "acquisition_page.h"
#include "board_link.h"
#include "dataset_page.h"
#include "devices_page.h"
#include "gui_test_env.h"
#include "import_dialog.h"
#include "main_window.h"
#include "sample_table_model.h"
#include "signal_plot.h"
#include "spectrogram_view.h"
#include "studio_context.h"
#include "studio_settings.h"
#include "virtual_board.h"

using namespace mote::studio;
using namespace std::chrono_literals;
using mote::test::waitUntil;

namespace {

// A 16-bit PCM mono WAV, written byte by byte (what a recorder would save).
void writeWav(const QString& path, int rate, const std::vector<int16_t>& samples) {
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    auto u32 = [&](uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
    const uint32_t dataBytes = static_cast<uint32_t>(samples.size() * 2);
    f.write("RIFF");
    u32(36 + dataBytes);
    f.write("WAVEfmt ");
    u32(16);
    u16(1);
    u16(1);
    u32(static_cast<uint32_t>(rate));
    u32(static_cast<uint32_t>(rate * 2));
    u16(2);
    u16(16);
    f.write("data");
    u32(dataBytes);
    f.write(reinterpret_cast<const char*>(samples.data()), dataBytes);
}

std::vector<std::string> labelsOf(mote::dataset::SampleStore& store, const std::vector<int64_t>& ids) {
    std::vector<std::string> out;
    for (int64_t id : ids) {
        auto s = store.metadata(id);
        out.push_back(s ? s.value().label : std::string("<missing>"));
    }
    return out;
}

}  // namespace

TEST(StudioWindow, NavigationMenusAboutAndSettings) {
    const QString dir = mote::test::tempDir();
    StudioSettings settings(dir + "/settings.ini");
    {
        MainWindow window(settings);
        window.resize(1360, 860);
        ASSERT_TRUE(window.startUp({dir + "/first.mote", false}));
        EXPECT_EQ(window.projectStatusText(), "Project: first");
        // Eight steps, every one implemented and enabled.
        ASSERT_EQ(window.navigation()->count(), 8);
        for (int i = 0; i < 8; ++i) {
            const bool enabled = window.navigation()->item(i)->flags() & Qt::ItemIsEnabled;
            EXPECT_TRUE(enabled) << i;
        }
        EXPECT_FALSE(window.navigation()->item(MainWindow::ImpulseIndex)->toolTip().isEmpty());
        window.close();
    }
    // Last project and recent list persist.
    EXPECT_EQ(settings.lastProject(), dir + "/first.mote");
    EXPECT_TRUE(settings.recentProjects().contains(dir + "/first.mote"));
    EXPECT_FALSE(settings.windowGeometry().isEmpty());
    {
        MainWindow again(settings);
        ASSERT_TRUE(again.startUp({}));
        EXPECT_EQ(again.context().projectDir(), dir + "/first.mote");
    }
    // A folder that exists but is not a project is refused with a message.
    QDir().mkpath(dir + "/not-a-project");
    QFile junk(dir + "/not-a-project/notes.txt");
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write("hello");
    junk.close();
    MainWindow third(settings);
    EXPECT_FALSE(third.startUp({dir + "/not-a-project", false}));

    const auto versions = AboutDialog::libraryVersions();
    ASSERT_EQ(versions.size(), 4);
    for (const auto& [name, version] : versions)
        EXPECT_TRUE(version.contains('.')) << name.toStdString() << " " << version.toStdString();
}

TEST(StudioWindow, DefaultProjectIsCreatedOnFirstRun) {
    const QString dir = mote::test::tempDir();
    StudioSettings settings(dir + "/fresh.ini");
    MainWindow window(settings);
    ASSERT_TRUE(window.startUp({}));
    EXPECT_EQ(window.context().projectDir(), StudioContext::defaultProjectDir());
    EXPECT_TRUE(QFile::exists(StudioContext::defaultProjectDir() + "/project.mote.db"));
}

TEST(StudioFlow, VirtualBoardRecordRelabelUndoDeleteImport) {
    const QString dir = mote::test::tempDir();
    StudioSettings settings(dir + "/settings.ini");
    MainWindow window(settings);
    window.resize(1360, 860);
    window.virtualBoard().setProgram(QStringLiteral(MOTE_BOARD_SIM_PATH));
    window.show();
    ASSERT_TRUE(window.startUp({dir + "/flow.mote", false}));
    auto& context = window.context();
    auto* store = context.store();
    ASSERT_NE(store, nullptr);
    QStringList errors;
    QObject::connect(&context, &StudioContext::errorOccurred, [&](const QString& e) { errors << e; });

    // ---- Devices: start the virtual board ----
    window.showPage(MainWindow::DevicesIndex);
    window.devicesPage()->startVirtualBoard();
    ASSERT_TRUE(waitUntil([&] { return window.board().isConnected() && window.board().capabilities(); }, 15s))
        << window.devicesPage()->stateText().toStdString() << " " << window.board().lastError().toStdString();
    const auto caps = window.board().capabilities();
    ASSERT_TRUE(caps->findSensor("imu"));
    ASSERT_TRUE(caps->findSensor("microphone"));
    // The page and the status bar follow through queued calls.
    EXPECT_TRUE(waitUntil([&] { return window.devicesPage()->sensorsView()->topLevelItemCount() >= 2; }, 3s));
    EXPECT_TRUE(window.boardStatusText().contains(QString::fromStdString(caps->boardName)));
    window.showPage(MainWindow::DevicesIndex);
    waitUntil([&] { return window.board().counters().frames > 0; }, 3s);
    mote::test::saveScreenshot(&window, "devices");

    // ---- Acquisition: three labeled one-second IMU samples ----
    window.showPage(MainWindow::AcquisitionIndex);
    auto* acquisition = window.acquisitionPage();
    acquisition->setSensor("imu");
    acquisition->setRate(100.0);
    acquisition->setLength(1.0);
    // The preview stream feeds the live scope before anything is recorded.
    ASSERT_TRUE(waitUntil([&] { return acquisition->scope()->totalFrames() > 50; }, 5s));
    EXPECT_FALSE(acquisition->linkBudgetText().isEmpty());
    EXPECT_EQ(acquisition->record(), false) << "recording without a label must be refused";
    EXPECT_TRUE(acquisition->statusText().contains("label"));
    for (const char* label : {"wave", "idle", "shake"}) {
        acquisition->setLabel(label);
        ASSERT_TRUE(acquisition->record()) << acquisition->statusText().toStdString();
        ASSERT_TRUE(waitUntil([&] { return !acquisition->isRecording(); }, 15s));
        EXPECT_TRUE(acquisition->statusText().startsWith("Recorded 1 sample")) << acquisition->statusText().toStdString();
    }
    const auto recent = acquisition->recentIds();
    ASSERT_EQ(recent.size(), 3u);
    EXPECT_EQ(labelsOf(*store, recent), (std::vector<std::string>{"shake", "idle", "wave"}));
    for (int64_t id : recent) {
        auto s = store->metadata(id);
        ASSERT_TRUE(s);
        EXPECT_NEAR(static_cast<double>(s.value().frameCount), 100.0, 2.0);
        EXPECT_EQ(s.value().axisCount(), 6);
    }
    EXPECT_TRUE(acquisition->completionLabels().contains("wave"));
    acquisition->selectRecent(0);
    EXPECT_GT(acquisition->recentPlot()->frameCount(), 90u);
    waitUntil([] { return false; }, 1500ms);  // let the scope fill for the screenshot
    mote::test::saveScreenshot(&window, "acquisition");

    // ---- Dataset: the three samples are there ----
    window.showPage(MainWindow::DatasetIndex);
    auto* dataset = window.datasetPage();
    EXPECT_EQ(dataset->model()->totalCount(), 3);
    EXPECT_EQ(dataset->model()->rowCount(), 3);

    // Relabel two, then undo.
    const std::vector<int64_t> two = {recent[1], recent[2]};  // idle, wave
    dataset->selectIds(two);
    ASSERT_EQ(dataset->selectedIds().size(), 2u);
    ASSERT_TRUE(dataset->relabelSelected("circle"));
    EXPECT_EQ(labelsOf(*store, two), (std::vector<std::string>{"circle", "circle"}));
    context.undoStack()->undo();
    EXPECT_EQ(labelsOf(*store, two), (std::vector<std::string>{"idle", "wave"}));
    context.undoStack()->redo();
    EXPECT_EQ(labelsOf(*store, two), (std::vector<std::string>{"circle", "circle"}));
    context.undoStack()->undo();

    // Delete one; undo brings it back (under a new id the page follows).
    dataset->selectIds({recent[0]});
    ASSERT_TRUE(dataset->deleteSelected());
    EXPECT_EQ(store->count().value(), 2);
    EXPECT_EQ(dataset->model()->totalCount(), 2);
    context.undoStack()->undo();
    EXPECT_EQ(store->count().value(), 3);
    EXPECT_EQ(labelsOf(*store, {context.resolveId(recent[0])}), (std::vector<std::string>{"shake"}));
    context.undoStack()->redo();
    EXPECT_EQ(store->count().value(), 2);

    // ---- Import a WAV, a CSV and a broken file through the dialog's job ----
    const QString files = dir + "/files";
    QDir().mkpath(files);
    std::vector<int16_t> tone(16000);
    for (std::size_t i = 0; i < tone.size(); ++i)
        tone[i] = static_cast<int16_t>(8000 * std::sin(2 * std::numbers::pi * 880.0 * static_cast<double>(i) / 16000.0) *
                                       (0.5 + 0.5 * std::sin(static_cast<double>(i) / 1600.0)));
    writeWav(files + "/yes.1.wav", 16000, tone);
    {
        QFile csv(files + "/updown.7.csv");
        ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
        csv.write("timestamp,accX,accY,accZ\n");
        for (int i = 0; i < 200; ++i)
            csv.write(QStringLiteral("%1,%2,%3,9.81\n").arg(i * 10).arg(std::sin(i * 0.2)).arg(std::cos(i * 0.2)).toUtf8());
    }
    {
        QFile bad(files + "/broken.wav");
        ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
        bad.write("RIFF\x10\x00\x00\x00WAVE", 12);
    }
    ImportDialog importDialog(context, &window);
    importDialog.addPaths({files});
    ASSERT_TRUE(importDialog.startImport());
    ASSERT_TRUE(waitUntil([&] { return !importDialog.job().isRunning(); }, 20s));
    const auto& outcome = importDialog.job().outcome();
    EXPECT_EQ(outcome.filesTotal, 3);
    EXPECT_EQ(outcome.filesImported, 2);
    ASSERT_EQ(outcome.failures.size(), 1);
    EXPECT_TRUE(outcome.failures[0].first.endsWith("broken.wav"));
    EXPECT_FALSE(outcome.failures[0].second.isEmpty());
    EXPECT_TRUE(importDialog.summary().contains("1 file(s) skipped")) << importDialog.summary().toStdString();
    importDialog.resize(720, 520);
    mote::test::saveScreenshot(&importDialog, "import");
    EXPECT_EQ(store->count().value(), 4);
    EXPECT_EQ(dataset->model()->totalCount(), 4);
    // The import is one undoable edit: undo removes both files' samples, redo restores them.
    ASSERT_TRUE(context.undoStack()->canUndo());
    EXPECT_TRUE(context.undoStack()->undoText().contains("Import")) << context.undoStack()->undoText().toStdString();
    context.undoStack()->undo();
    EXPECT_EQ(store->count().value(), 2);
    EXPECT_EQ(dataset->model()->totalCount(), 2);
    context.undoStack()->redo();
    EXPECT_EQ(store->count().value(), 4);
    EXPECT_EQ(dataset->model()->totalCount(), 4);

    // The WAV shows as audio: waveform + spectrogram.
    mote::dataset::SampleFilter yes;
    yes.label = "yes";
    auto yesRows = store->query(yes);
    ASSERT_TRUE(yesRows);
    ASSERT_EQ(yesRows.value().size(), 1u);
    EXPECT_EQ(yesRows.value()[0].frameCount, 16000);
    dataset->selectIds({yesRows.value()[0].id});
    EXPECT_EQ(dataset->shownSampleId(), yesRows.value()[0].id);
    EXPECT_FALSE(dataset->spectrogramView()->isHidden());
    EXPECT_FALSE(dataset->spectrogramView()->isEmpty());
    EXPECT_EQ(dataset->samplePlot()->frameCount(), 16000u);
    // Class balance lists every label plus the total row.
    EXPECT_EQ(dataset->balanceTable()->rowCount(), 5);
    mote::test::saveScreenshot(&window, "dataset");

    // Filter by label narrows the table.
    dataset->setFilter("updown", std::nullopt, {}, {});
    EXPECT_EQ(dataset->model()->totalCount(), 1);
    dataset->setFilter({}, std::nullopt, {}, {});

    // Crop the CSV sample to a dragged range, then undo.
    mote::dataset::SampleFilter updown;
    updown.label = "updown";
    const int64_t csvId = store->query(updown).value()[0].id;
    dataset->selectIds({csvId});
    dataset->samplePlot()->setSelection(50, 150);
    ASSERT_TRUE(dataset->cropShownToSelection());
    EXPECT_EQ(store->metadata(csvId).value().frameCount, 100);
    context.undoStack()->undo();
    EXPECT_EQ(store->metadata(context.resolveId(csvId)).value().frameCount, 200);

    // Move to test, then a rebalance; each undo restores every sample's split.
    auto splitsOf = [&] {
        std::vector<std::pair<std::string, mote::dataset::Split>> out;
        for (const auto& s : store->query({}, {0, 0}).value())
            out.emplace_back(s.label, s.split);
        return out;
    };
    const auto splitsBefore = splitsOf();
    dataset->selectIds({context.resolveId(csvId)});
    ASSERT_TRUE(dataset->moveSelected(mote::dataset::Split::Test));
    EXPECT_EQ(store->metadata(context.resolveId(csvId)).value().split, mote::dataset::Split::Test);
    context.undoStack()->undo();
    EXPECT_EQ(splitsOf(), splitsBefore);
    ASSERT_TRUE(dataset->rebalance(0.5, 7));
    context.undoStack()->undo();
    EXPECT_EQ(splitsOf(), splitsBefore);

    // Split into 4 windows, undo.
    dataset->selectIds({context.resolveId(csvId)});
    ASSERT_TRUE(dataset->splitSelected(4)) << errors.join("; ").toStdString();
    EXPECT_EQ(store->count(updown).value(), 4);
    context.undoStack()->undo();
    EXPECT_EQ(store->count(updown).value(), 1);

    window.board().disconnectBoard();
    window.virtualBoard().stop();
}

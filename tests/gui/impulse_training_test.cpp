// Impulse and Training pages through the real window (offscreen): a project
// with the shipped motion-gestures dataset, the live feature preview
// (computed off the GUI thread, checked against core/features directly),
// the impulse saved as versions with a dirty indicator, the feature
// explorer over the whole dataset (progress, cancel, PCA scatter by label),
// then training with the real torch trainer: live curves (a point per
// epoch), confusion matrix over exactly the validation windows, past runs
// from the database, and a cancelled run recorded as cancelled.
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTableWidget>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "common/shared_dir.h"
#include "confusion_matrix_view.h"
#include "dataset/importer.h"
#include "dsp_block_editor.h"
#include "feature_explorer_job.h"
#include "feature_matrix_view.h"
#include "features/impulse_request.h"
#include "features/sample_features.h"
#include "gui_test_env.h"
#include "impulse_page.h"
#include "layer_list_editor.h"
#include "main_window.h"
#include "studio_context.h"
#include "studio_settings.h"
#include "train/dataset_features.h"
#include "train/project_training.h"
#include "training_curves.h"
#include "training_page.h"
#include "training_settings_form.h"
#include "training_worker.h"

using namespace mote;
using namespace mote::studio;
using namespace std::chrono_literals;
using mote::test::waitUntil;

namespace {

// Opens a fresh project in the window and imports datasets/motion-gestures.
void openGestureProject(MainWindow& window, const QString& dir) {
    ASSERT_TRUE(window.startUp({dir + "/gestures.mote", false}));
    auto* store = window.context().store();
    ASSERT_NE(store, nullptr);
    const auto data = test::sourceDir() / "datasets" / "motion-gestures" / "data";
    auto report = dataset::importFolder(*store, data, {}, true);
    ASSERT_TRUE(report) << report.message();
    ASSERT_TRUE(report->failures.empty()) << report->failures.front().reason;
    ASSERT_GE(report->samplesImported, 40);
    window.context().notifyDatasetChanged();
}

bool previewDone(ImpulsePage* page) {
    return !page->previewPending() && !page->previewStatus().isEmpty();
}

}  // namespace

TEST(ImpulsePage, LivePreviewVersionsAndFeatureExplorer) {
    const QString dir = test::tempDir();
    StudioSettings settings(dir + "/settings.ini");
    MainWindow window(settings);
    window.resize(1440, 900);
    ASSERT_NO_FATAL_FAILURE(openGestureProject(window, dir));
    for (int index : {MainWindow::ImpulseIndex, MainWindow::TrainingIndex})
        EXPECT_TRUE(window.navigation()->item(index)->flags() & Qt::ItemIsEnabled) << index;
    window.show();
    window.showPage(MainWindow::ImpulseIndex);
    ImpulsePage* page = window.impulsePage();
    ASSERT_NE(page, nullptr);

    // Live preview of the selected sample: the default motion impulse (spectral) as bars,
    // the same numbers core/features computes for that sample.
    ASSERT_TRUE(waitUntil([&] { return previewDone(page); }, 10s)) << page->previewStatus().toStdString();
    ASSERT_EQ(page->previewStatus().toStdString(), "ok");
    const int64_t sampleId = page->selectedSampleId();
    ASSERT_GT(sampleId, 0);
    auto sample = window.context().store()->load(sampleId);
    ASSERT_TRUE(sample);
    auto request = features::requestFromImpulse(page->editedConfig());
    ASSERT_TRUE(request) << request.message();
    auto expected = features::computeSampleFeatures(*sample, *request);
    ASSERT_TRUE(expected) << expected.message();
    EXPECT_EQ(page->featureView()->mode(), FeatureMatrixView::Mode::Bars);
    const auto perWindow = expected->windowShape.size();
    ASSERT_EQ(page->featureView()->values().size(), perWindow);
    for (size_t i = 0; i < perWindow; ++i)
        ASSERT_FLOAT_EQ(page->featureView()->values()[i], expected->values[i]) << i;

    // Not saved yet (default impulse) -> Save stores version 1 and clears the dirty mark.
    EXPECT_EQ(page->storedVersion(), 0);
    EXPECT_TRUE(page->isDirty());
    ASSERT_TRUE(page->save());
    EXPECT_EQ(page->storedVersion(), 1);
    EXPECT_FALSE(page->isDirty());

    // Switching the block to raw updates the preview live (lines, window frames x axes).
    QComboBox* block = page->dspEditor()->blockBox();
    block->setCurrentIndex(block->findData(QStringLiteral("raw")));
    EXPECT_TRUE(page->isDirty());
    ASSERT_TRUE(waitUntil([&] { return previewDone(page) && page->featureView()->mode() == FeatureMatrixView::Mode::Lines; }, 10s));
    EXPECT_EQ(page->featureView()->cols(), static_cast<int>(sample->axisCount()));
    EXPECT_EQ(page->featureView()->rows(),
              static_cast<int>(features::windowFrames(request->window, sample->sampleRateHz)));
    page->reload();
    EXPECT_FALSE(page->isDirty());
    EXPECT_EQ(block->currentData().toString(), "spectral");
    ASSERT_TRUE(waitUntil([&] { return previewDone(page) && page->featureView()->mode() == FeatureMatrixView::Mode::Bars; }, 10s));

    // Layer list editing: add (after the selection), move, remove; the shape column knows the input.
    LayerListEditor* layers = page->layerEditor();
    const size_t before = layers->layers().size();
    ASSERT_GE(before, 1u);
    layers->selectLayer(0);
    layers->addLayer(nn::LayerType::Dropout);
    ASSERT_EQ(layers->layers().size(), before + 1);
    EXPECT_EQ(layers->layers()[1].type, nn::LayerType::Dropout);
    layers->moveSelected(-1);
    EXPECT_EQ(layers->layers()[0].type, nn::LayerType::Dropout);
    EXPECT_TRUE(page->isDirty());
    layers->removeSelected();
    EXPECT_EQ(layers->layers().size(), before);
    EXPECT_TRUE(layers->shapeMessage().isEmpty()) << layers->shapeMessage().toStdString();
    layers->addLayer(nn::LayerType::Conv2D);  // conv2d on 1-D spectral features cannot work: named
    EXPECT_FALSE(layers->shapeMessage().isEmpty());
    layers->removeSelected();
    EXPECT_FALSE(page->isDirty());

    // Window change -> save -> version 2.
    page->windowStrideBox()->setValue(page->windowStrideBox()->value() + 250);
    EXPECT_TRUE(page->isDirty());
    ASSERT_TRUE(page->save());
    EXPECT_EQ(page->storedVersion(), 2);
    auto stored = train::currentImpulse(*window.context().project());
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->version, 2);
    EXPECT_EQ(stored->config, page->editedConfig());

    // Explorer cancelled right away (cache empty): reported cancelled, nothing shown.
    std::filesystem::remove_all(window.context().project()->artifactsDir() / "features");
    page->computeExplorer();
    page->cancelExplorer();
    ASSERT_TRUE(waitUntil([&] { return !page->explorerJob()->isRunning(); }, 30s));
    EXPECT_EQ(page->explorerStatus(), "cancelled");

    // Whole dataset: progress to the end, PCA scatter with one series per class.
    int lastDone = 0, lastTotal = 0;
    QObject::connect(page->explorerJob(), &FeatureExplorerJob::progress, [&](int d, int t) { lastDone = d, lastTotal = t; });
    page->computeExplorer();
    ASSERT_TRUE(waitUntil([&] { return !page->explorerJob()->isRunning(); }, 60s));
    ASSERT_EQ(page->explorerStatus(), "ok");
    const auto& outcome = page->explorerJob()->outcome();
    EXPECT_GT(lastTotal, 0);
    EXPECT_EQ(lastDone, lastTotal);
    EXPECT_EQ(static_cast<size_t>(page->pcaPointCount()), outcome.set.windows());
    EXPECT_EQ(page->pcaChart()->chart()->series().size(), 4);
    EXPECT_EQ(page->distributionChart()->chart()->series().size(), 4);
    EXPECT_GT(outcome.exploration.nearestCentroidAccuracy, 0.8);  // the gestures separate
    test::pumpEvents(300ms);
    EXPECT_FALSE(test::saveScreenshot(&window, "impulse").isEmpty());
}

TEST(TrainingPage, TrainsWithLiveCurvesConfusionPastRunsAndCancel) {
    const QString dir = test::tempDir();
    StudioSettings settings(dir + "/settings.ini");
    MainWindow window(settings);
    window.resize(1440, 900);
    ASSERT_NO_FATAL_FAILURE(openGestureProject(window, dir));
    window.show();
    window.showPage(MainWindow::TrainingIndex);
    TrainingPage* page = window.trainingPage();
    ASSERT_NE(page, nullptr);

    constexpr int kEpochs = 4;
    page->settingsForm()->epochsBox()->setValue(kEpochs);
    std::vector<int> pointsAtEpoch;  // curve points right after each epoch signal
    QObject::connect(page->worker(), &TrainingWorker::epoch, page, [&] {
        pointsAtEpoch.push_back(page->curves()->trainLossPoints());
    }, Qt::DirectConnection);  // after the page's own slot: it has drawn this epoch
    ASSERT_TRUE(page->startTraining());
    EXPECT_TRUE(page->isTraining());
    ASSERT_TRUE(waitUntil([&] { return !page->isTraining(); }, 150s));
    ASSERT_EQ(page->state(), "succeeded") << page->logView()->toPlainText().toStdString();
    EXPECT_EQ(page->epochsSeen(), kEpochs);
    ASSERT_EQ(pointsAtEpoch.size(), static_cast<size_t>(kEpochs));
    for (int e = 0; e < kEpochs; ++e)
        EXPECT_EQ(pointsAtEpoch[static_cast<size_t>(e)], e + 1);  // curves grew during the run
    EXPECT_EQ(page->curves()->trainLossPoints(), kEpochs);
    EXPECT_EQ(page->curves()->valLossPoints(), kEpochs);
    EXPECT_EQ(page->curves()->trainAccuracyPoints(), kEpochs);
    EXPECT_EQ(page->curves()->valAccuracyPoints(), kEpochs);

    // The confusion matrix covers exactly the validation windows, computed
    // here independently (same features, same seeded stratified split).
    auto* project = window.context().project();
    auto impulse = train::currentImpulse(*project);
    ASSERT_TRUE(impulse);
    EXPECT_EQ(impulse->version, 1);  // the default impulse was saved by the run
    auto data = train::computeDatasetFeatures(*project, impulse->config);
    ASSERT_TRUE(data) << data.message();
    size_t windowSize = 1;
    for (int d : data->windowShape)
        windowSize *= static_cast<size_t>(d);
    train::FeatureSet trainPart, validation;
    const auto s = page->settingsForm()->settings();
    train::splitValidation(data->train, windowSize, s.validationFraction, s.seed, trainPart, validation);
    ASSERT_GT(validation.windows(), 0u);
    EXPECT_EQ(page->confusion()->total(), static_cast<long long>(validation.windows()));
    EXPECT_EQ(page->confusion()->matrix()->rowCount(), 4);
    EXPECT_EQ(page->confusion()->perClass()->rowCount(), 4);
    EXPECT_TRUE(page->summaryLabel()->text().contains("agreement"));

    // Recorded in the database and listed.
    ASSERT_TRUE(page->lastRunId());
    const int64_t firstRun = *page->lastRunId();
    auto run = window.context().store()->trainingRun(firstRun);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, "succeeded");
    ASSERT_EQ(page->runsTable()->rowCount(), 1);
    EXPECT_EQ(page->runsTable()->item(0, 8)->text(), "succeeded");
    EXPECT_FALSE(page->logView()->toPlainText().isEmpty());
    test::pumpEvents(300ms);
    EXPECT_FALSE(test::saveScreenshot(&window, "training").isEmpty());

    // A long run cancelled after its first epoch ends "cancelled", never done.
    page->settingsForm()->epochsBox()->setValue(500);
    ASSERT_TRUE(page->startTraining());
    ASSERT_TRUE(waitUntil([&] { return page->epochsSeen() >= 1 || !page->isTraining(); }, 90s));
    page->cancelTraining();
    ASSERT_TRUE(waitUntil([&] { return !page->isTraining(); }, 30s));
    EXPECT_EQ(page->state(), "cancelled");
    ASSERT_TRUE(page->lastRunId());
    auto cancelled = window.context().store()->trainingRun(*page->lastRunId());
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->status, "cancelled");
    EXPECT_LT(page->epochsSeen(), 500);
    ASSERT_EQ(page->runsTable()->rowCount(), 2);
    EXPECT_EQ(page->runsTable()->item(0, 8)->text(), "cancelled");

    // Selecting the first run shows its curves and metrics from the database.
    page->runsTable()->selectRow(1);
    EXPECT_EQ(page->curves()->valAccuracyPoints(), kEpochs);
    EXPECT_EQ(page->confusion()->total(), static_cast<long long>(validation.windows()));
}

// The Model, Deployment and Live pages through their real back ends:
//   - Model page: a shared TFLM .tflite is imported and inspected; an LSTM
//     model is refused naming its unsupported op; a broken file is refused;
//     a run trained with the real torch trainer is quantized from the page
//     (worker thread) and its report shown (accuracies, both confusion
//     matrices, per-layer chart, size bars).
//   - Deployment page: hello_world_int8 goes through generate -> build ->
//     flash -> verify to the emulated Cortex-M4 (real arm-none-eabi build,
//     real QEMU), the history (from the project DB) shows it verified, and
//     the board link reconnects to the new board; a model too big for a
//     board is refused before building and recorded as failed.
//   - Live page: against the freshly flashed board. hello_world has no
//     impulse, so the board refuses live inference and the page says so;
//     then the motion default impulse, trained briefly (torch) on this
//     project and int8-quantized by the project's quantize path, is
//     redeployed through the Deployment page and the Live page shows the
//     board's InferenceResults: a score line per label, the imu signal, the
//     smoothed label, DSP/model µs and cycles marked as emulated, the
//     deployment's flash/RAM; switching the board's simulated motion from
//     idle to wave moves the scores; Stop leaves the board idle (no more
//     results, it runs its model once on request, a new handshake works).
// Screenshots: model.png, model_import.png, deployment.png, live.png.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QListWidget>
#include <QLineSeries>
#include <QPushButton>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "board_link.h"
#include "common/shared_dir.h"
#include "confusion_grid.h"
#include "dataset/sha256.h"
#include "deployment_page.h"
#include "firmware/deploy_lineage.h"
#include "firmware/flasher.h"
#include "gui_test_env.h"
#include "layer_error_chart.h"
#include "live_page.h"
#include "main_window.h"
#include "nn/tflite/reader.h"
#include "protocol/motion_patterns.h"
#include "memory_bar.h"
#include "model_page.h"
#include "score_chart.h"
#include "signal_plot.h"
#include "studio_context.h"
#include "studio_settings.h"
#include "train/dataset_features.h"
#include "train/motion_patterns.h"
#include "train/project_quantization.h"
#include "train/project_training.h"

using namespace mote::studio;
using namespace std::chrono_literals;
using mote::test::waitUntil;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Registers `tflite` as an int8 model row of the project (impulse config ->
// training run -> model), the way quantization records its output.
int64_t addModelRow(mote::project::Project& project, const fs::path& tflite, const std::vector<std::string>& classes) {
    const fs::path target = project.modelsDir() / tflite.filename();
    fs::create_directories(target.parent_path());
    fs::copy_file(tflite, target, fs::copy_options::overwrite_existing);
    auto& store = project.store();
    auto impulse = store.addImpulseConfig("default", "{}");
    EXPECT_TRUE(impulse) << impulse.message();
    auto version = store.datasetVersion();
    EXPECT_TRUE(version) << version.message();
    auto run = store.addTrainingRun(*impulse, *version, "{}");
    EXPECT_TRUE(run) << run.message();
    EXPECT_TRUE(store.finishTrainingRun(*run, "succeeded", "{}"));
    auto model = store.addModel(*run, "int8", "artifacts/models/" + tflite.filename().string(),
                                mote::dataset::sha256Hex(readFile(tflite)),
                                nlohmann::json({{"classes", classes}}).dump());
    EXPECT_TRUE(model) << model.message();
    return *model;
}

// A small motion dataset (the simulated board's four patterns, 8 recordings
// of 4 s each, a quarter in the test split) and a short real (torch)
// training run of the project's default impulse. Returns the run id.
mote::Result<int64_t> trainMotionRun(mote::project::Project& project, int epochs) {
    std::vector<mote::dataset::Sample> samples;
    uint32_t seed = 11;
    for (const char* pattern : mote::test::kMotionPatterns)
        for (int i = 0; i < 8; ++i)
            samples.push_back(mote::test::motionSample(pattern, 4, seed++,
                                                       i % 4 == 3 ? mote::dataset::Split::Test
                                                                  : mote::dataset::Split::Train));
    if (auto st = project.store().insertAll(samples); !st)
        return st.error();
    auto impulse = mote::train::currentImpulse(project);
    if (!impulse)
        return impulse.error();
    // The recordings' axes by name, as on the Impulse page: the boards'
    // 6-axis "imu" then feeds the impulse its accelerometer axes.
    mote::impulse::ImpulseConfig config = impulse->config;
    config.input.axes = {"accX", "accY", "accZ"};
    if (auto saved = mote::train::saveImpulse(project, config); !saved)
        return saved.error();
    mote::impulse::TrainingSettings quick = config.training;
    quick.epochs = epochs;
    mote::train::TrainerOptions trainer;
    trainer.resourcesDir = mote::test::sourceDir() / "resources";
    trainer.timeLimit = 120s;
    mote::train::TrainingRunner runner;
    auto trained = mote::train::trainProject(project, config, &mote::train::computeDatasetFeatures, runner,
                                             trainer, {}, &quick);
    if (!trained)
        return trained.error();
    if (!trained->outcome.ok())
        return mote::Error{"training failed: " + trained->outcome.error + "\n" + trained->outcome.log};
    return trained->runId;
}

// The newest point of each score line as drawn, by label.
std::map<QString, double> latestScores(const ScoreChart& chart) {
    std::map<QString, double> out;
    for (auto* series : chart.chart()->series())
        if (auto* line = qobject_cast<QLineSeries*>(series); line && line->count() > 0)
            out[line->name()] = line->points().last().y();
    return out;
}

class PagesTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = mote::test::tempDir();
        m_settings = std::make_unique<StudioSettings>(m_dir + "/settings.ini");
        m_context = std::make_unique<StudioContext>(*m_settings);
        auto st = m_context->createProject(m_dir + "/pages.mote", "pages");
        ASSERT_TRUE(st) << st.message();
    }
    QString m_dir;
    std::unique_ptr<StudioSettings> m_settings;
    std::unique_ptr<StudioContext> m_context;
};

}  // namespace

TEST(StudioPages, ModelDeploymentAndLiveAreEnabledInTheWindow) {
    const QString dir = mote::test::tempDir();
    StudioSettings settings(dir + "/settings.ini");
    MainWindow window(settings);
    for (int page : {MainWindow::ModelIndex, MainWindow::DeploymentIndex, MainWindow::LiveIndex}) {
        auto* item = window.navigation()->item(page);
        ASSERT_NE(item, nullptr);
        EXPECT_TRUE(item->flags() & Qt::ItemIsEnabled) << item->text().toStdString();
        window.showPage(page);
        EXPECT_EQ(window.currentPage(), page);
    }
    EXPECT_NE(window.modelPage(), nullptr);
    EXPECT_NE(window.deploymentPage(), nullptr);
    EXPECT_NE(window.livePage(), nullptr);
}

TEST_F(PagesTest, ModelPageInspectsSharedTfliteAndRefusesUnsupportedOps) {
    MOTE_REQUIRE_SHARED("models/tflm/hello_world_int8.tflite");
    MOTE_REQUIRE_SHARED("models/tflm/mnist_lstm_int8.tflite");
    ModelPage page(*m_context);
    page.resize(1280, 820);
    page.show();
    ASSERT_TRUE(page.selectBoard("qemu-mps2-an386"));
    QString deployRequested;
    QObject::connect(&page, &ModelPage::deployFileRequested, [&](const QString& p) { deployRequested = p; });

    const QString good = QString::fromStdString((mote::test::sharedDir() / "models/tflm/person_detect.tflite").string());
    const auto& ok = page.importTflite(good);
    ASSERT_TRUE(ok.readable) << ok.error.toStdString();
    EXPECT_TRUE(ok.supported) << ok.error.toStdString();
    EXPECT_TRUE(ok.unsupportedOps.isEmpty());
    EXPECT_TRUE(ok.ops.contains("CONV_2D")) << ok.ops.join(",").toStdString();
    EXPECT_TRUE(ok.ops.contains("DEPTHWISE_CONV_2D"));
    EXPECT_GT(ok.macs, 1000000);
    ASSERT_TRUE(ok.arenaBytes.has_value());
    EXPECT_GE(*ok.arenaBytes, ok.arenaLowerBoundBytes.value_or(0));
    EXPECT_TRUE(page.verdictText().contains("can run")) << page.verdictText().toStdString();
    // One row per operator, each with its kernel.
    const QStringList rows = page.inspectedOps();
    EXPECT_EQ(rows.size(), static_cast<int>(ok.report["operators"].size()));
    EXPECT_TRUE(rows.first().startsWith("0 ")) << rows.first().toStdString();
    // The flash bar is the model file against the board's 4 MiB.
    const auto* flash = page.externalFlashBar();
    EXPECT_EQ(flash->usedBytes(), ok.fileBytes);
    EXPECT_EQ(flash->limitBytes(), 4u * 1024 * 1024);
    for (auto* button : page.findChildren<QPushButton*>())
        if (button->text().startsWith("Deploy this model"))
            button->click();
    EXPECT_EQ(deployRequested, good);
    mote::test::pumpEvents(200ms);
    mote::test::saveScreenshot(&page, "model_import");

    // LSTM: readable, but the unsupported op is named and the model refused.
    const QString lstm = QString::fromStdString((mote::test::sharedDir() / "models/tflm/mnist_lstm_int8.tflite").string());
    const auto& refused = page.importTflite(lstm);
    ASSERT_TRUE(refused.readable) << refused.error.toStdString();
    EXPECT_FALSE(refused.supported);
    EXPECT_TRUE(refused.unsupportedOps.contains("UNIDIRECTIONAL_SEQUENCE_LSTM"))
        << refused.unsupportedOps.join(",").toStdString();
    EXPECT_TRUE(page.verdictText().contains("Refused")) << page.verdictText().toStdString();
    EXPECT_TRUE(page.verdictText().contains("UNIDIRECTIONAL_SEQUENCE_LSTM")) << page.verdictText().toStdString();
    bool redRow = false;
    for (const QString& row : page.inspectedOps())
        redRow |= row.contains("UNIDIRECTIONAL_SEQUENCE_LSTM") && !row.endsWith("()");
    EXPECT_TRUE(redRow) << page.inspectedOps().join("\n").toStdString();

    // Not a model at all: refused by the reader, no crash, no stale figures.
    const QString junk = m_dir + "/junk.tflite";
    QFile f(junk);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("definitely not a flatbuffer");
    f.close();
    const auto& broken = page.importTflite(junk);
    EXPECT_FALSE(broken.readable);
    EXPECT_FALSE(broken.error.isEmpty());
    EXPECT_TRUE(page.verdictText().contains("Not a valid")) << page.verdictText().toStdString();
    EXPECT_TRUE(page.inspectedOps().isEmpty());
}

TEST_F(PagesTest, ModelPageQuantizesATrainedRunAndShowsTheReport) {
    auto* project = m_context->project();
    const auto trained = trainMotionRun(*project, 15);
    ASSERT_TRUE(trained) << trained.message();

    ModelPage page(*m_context);
    page.resize(1360, 860);
    page.show();
    page.refresh();
    ASSERT_TRUE(page.selectBoard("qemu-mps2-an386"));
    int64_t quantized = 0;
    QObject::connect(&page, &ModelPage::modelQuantized, [&](int64_t id) { quantized = id; });
    ASSERT_TRUE(page.quantize(*trained));
    EXPECT_TRUE(page.isQuantizing());
    EXPECT_FALSE(page.quantize(*trained)) << "one quantization at a time";
    ASSERT_TRUE(waitUntil([&] { return !page.isQuantizing(); }, 120s)) << page.statusText().toStdString();
    ASSERT_GT(quantized, 0) << page.statusText().toStdString();
    ASSERT_TRUE(page.report().has_value());
    const auto& report = *page.report();
    EXPECT_EQ(report.modelId, quantized);
    EXPECT_EQ(report.labels, (std::vector<std::string>{"circle", "idle", "shake", "wave"}));

    // Accuracies and both confusion matrices, over the same windows.
    EXPECT_TRUE(page.accuracyText().contains(QString::number(report.int8Accuracy * 100, 'f', 1)))
        << page.accuracyText().toStdString();
    const auto& floatMatrix = page.floatConfusion()->matrix();
    const auto& int8Matrix = page.int8Confusion()->matrix();
    ASSERT_EQ(floatMatrix.size(), 4u);
    ASSERT_EQ(int8Matrix.size(), 4u);
    int64_t floatTotal = 0, int8Total = 0, int8Diagonal = 0;
    for (size_t r = 0; r < 4; ++r)
        for (size_t c = 0; c < 4; ++c) {
            floatTotal += floatMatrix[r][c];
            int8Total += int8Matrix[r][c];
            if (r == c)
                int8Diagonal += int8Matrix[r][c];
        }
    EXPECT_EQ(floatTotal, report.evaluatedWindows);
    EXPECT_EQ(int8Total, report.evaluatedWindows);
    EXPECT_NEAR(static_cast<double>(int8Diagonal) / static_cast<double>(int8Total), report.int8Accuracy, 1e-9);

    // Per-layer chart: one bar per op output, the lowest-SNR ones highlighted.
    const auto* chart = page.layerChart();
    ASSERT_EQ(chart->categories().size(), static_cast<int>(report.layers.size()));
    const size_t expectedWorst = LayerErrorChart::highlightCount(report.layers.size());
    const auto worst = mote::train::worstLayers(report, expectedWorst);
    const auto highlighted = chart->highlighted();
    int count = 0;
    for (size_t i = 0; i < report.layers.size(); ++i) {
        bool isWorst = false;
        for (const auto& w : worst)
            isWorst |= w.opIndex == report.layers[i].opIndex;
        EXPECT_EQ(highlighted[i], isWorst) << "layer " << i;
        count += highlighted[i] ? 1 : 0;
    }
    EXPECT_EQ(count, static_cast<int>(expectedWorst));

    // Size bars: weights + model against the board, arena in RAM.
    EXPECT_EQ(page.flashBar()->usedBytes(), report.flashBytes);
    EXPECT_EQ(page.ramBar()->usedBytes(), report.arenaBytes);
    EXPECT_TRUE(page.flashBar()->fits());
    page.showTab(ModelPage::QuantizedTab);
    mote::test::pumpEvents(300ms);
    mote::test::saveScreenshot(&page, "model");

    // A new page finds the stored report again (from the DB).
    ModelPage again(*m_context);
    ASSERT_TRUE(again.showReport(quantized));
    EXPECT_NEAR(again.report()->int8Accuracy, report.int8Accuracy, 1e-12);
}

namespace {

// Board profiles for the deployment test: the real ones plus a copy of the
// emulated board with 32 KiB of flash (nothing fits on it).
QString makeBoardsDir(const QString& root) {
    const QString dir = root + "/boards";
    QDir().mkpath(dir);
    const fs::path real = mote::test::sourceDir() / "templates" / "boards";
    for (const auto& entry : fs::directory_iterator(real))
        if (entry.path().extension() == ".json")
            fs::copy_file(entry.path(), fs::path(dir.toStdString()) / entry.path().filename());
    auto tiny = nlohmann::json::parse(readFile(real / "qemu-mps2-an386.json"));
    tiny["name"] = "qemu-tiny";
    tiny["display_name"] = "Emulated Cortex-M4F with 32 KiB flash";
    tiny["flash_bytes"] = 32 * 1024;
    std::ofstream(dir.toStdString() + "/qemu-tiny.json") << tiny.dump(2);
    return dir;
}

}  // namespace

TEST_F(PagesTest, DeploymentPageDeploysToTheEmulatedBoardAndLivePageFollows) {
#ifndef MOTE_HAVE_QEMU_TOOLCHAIN
    GTEST_SKIP() << "NOT RUN: qemu-system-arm and arm-none-eabi-gcc are needed to deploy to the emulated board";
#endif
    MOTE_REQUIRE_SHARED("models/tflm/hello_world_int8.tflite");
    // The model with an impulse the Live page runs at the end: the motion
    // default impulse, trained briefly on this project's samples and
    // int8-quantized by the project's quantize path (it records the model
    // row and stamps the impulse into the .tflite).
    const auto run = trainMotionRun(*m_context->project(), 8);
    ASSERT_TRUE(run) << run.message();
    mote::train::QuantizeRunOptions quantizeOptions;
    quantizeOptions.runId = *run;
    quantizeOptions.calibrationWindows = 50;
    const auto motion = mote::train::quantizeRun(*m_context->project(), quantizeOptions);
    ASSERT_TRUE(motion) << motion.message();

    const fs::path model = mote::test::sharedDir() / "models/tflm/hello_world_int8.tflite";
    const int64_t modelId = addModelRow(*m_context->project(), model, {});
    const QString boards = makeBoardsDir(m_dir);
    qputenv("MOTE_BOARDS_DIR", boards.toLocal8Bit());
    mote::firmware::FlasherOptions flasher;
    flasher.stateDir = (m_dir + "/board-state").toStdString();
    struct Cleanup {
        fs::path state;
        ~Cleanup() {
            (void)mote::firmware::stopRunningBoard(state, "qemu-mps2-an386");
            qunsetenv("MOTE_BOARDS_DIR");
        }
    } cleanup{flasher.stateDir};

    BoardLink board;
    DeploymentPage page(*m_context, board);
    page.setFlasherOptions(flasher);
    page.resize(1360, 860);
    page.show();
    page.refresh();
    ASSERT_TRUE(page.selectModelRow(modelId));

    // Too big for the board: refused at the fit estimate, recorded as failed.
    ASSERT_TRUE(page.selectBoard("qemu-tiny"));
    EXPECT_FALSE(page.flashBar()->fits()) << page.flashBar()->caption().toStdString();
    EXPECT_TRUE(page.flashBar()->caption().contains("over by")) << page.flashBar()->caption().toStdString();
    bool finishedOk = true;
    int finishedCount = 0;
    QObject::connect(&page, &DeploymentPage::deployFinished, [&](bool ok) {
        finishedOk = ok;
        ++finishedCount;
    });
    ASSERT_TRUE(page.deploy());
    ASSERT_TRUE(waitUntil([&] { return finishedCount == 1; }, 30s));
    EXPECT_FALSE(finishedOk);
    EXPECT_TRUE(page.statusText().contains("does not fit")) << page.statusText().toStdString();
    ASSERT_EQ(page.historyRowCount(), 1);
    EXPECT_EQ(page.historyCell(0, 2), "qemu-tiny");
    EXPECT_EQ(page.historyCell(0, 4), "failed");
    EXPECT_TRUE(page.historyCell(0, 5).contains("does not fit")) << page.historyCell(0, 5).toStdString();
    EXPECT_TRUE(page.historyCell(0, 5).contains("over by")) << "the cell carries the fit report, not a dangling ':'";
    EXPECT_EQ(page.stageProgress(1), 0) << "nothing was built";

    // The real one: generate -> build -> flash -> verify on QEMU.
    ASSERT_TRUE(page.selectBoard("qemu-mps2-an386"));
    EXPECT_TRUE(page.emulatorNoteVisible());
    EXPECT_TRUE(page.flashBar()->fits());
    ASSERT_TRUE(page.deploy());
    EXPECT_TRUE(page.isDeploying());
    EXPECT_FALSE(page.deploy()) << "one deployment at a time";
    ASSERT_TRUE(waitUntil([&] { return finishedCount == 2; }, 330s)) << page.logText().toStdString();
    ASSERT_TRUE(finishedOk) << page.statusText().toStdString() << "\n" << page.logText().toStdString();
    for (int stage = 0; stage < 4; ++stage)
        EXPECT_EQ(page.stageProgress(stage), 100) << "stage " << stage;
    EXPECT_TRUE(page.logText().contains("== build")) << page.logText().toStdString();
    EXPECT_TRUE(page.statusText().startsWith("Verified")) << page.statusText().toStdString();

    // History from the DB: newest first, verified, with the ELF's hash.
    ASSERT_EQ(page.historyRowCount(), 2);
    EXPECT_EQ(page.historyCell(0, 2), "qemu-mps2-an386");
    EXPECT_EQ(page.historyCell(0, 4), "verified");
    EXPECT_TRUE(page.historyCell(0, 1).contains("hello_world_int8.tflite"));
    EXPECT_EQ(page.historyCell(1, 4), "failed") << "the failed attempt stays as it was";
    auto history = mote::firmware::deploymentHistory(*m_context->store());
    ASSERT_TRUE(history) << history.message();
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].status, "verified");
    EXPECT_EQ((*history)[0].modelId, modelId);
    EXPECT_EQ((*history)[0].firmwareHash.size(), 64u);
    EXPECT_TRUE(page.historyCell(0, 3).startsWith(QString::fromStdString((*history)[0].firmwareHash.substr(0, 16))));

    // Measured fit from the ELF replaces the estimate.
    EXPECT_TRUE(page.flashBar()->caption().contains("measured")) << page.flashBar()->caption().toStdString();
    EXPECT_GT(page.ramBar()->usedBytes(), 0u);

    // The board link reconnects to the freshly flashed board, which carries the model.
    ASSERT_FALSE(page.lastConnectionPath().isEmpty());
    EXPECT_EQ(board.port(), page.lastConnectionPath());
    ASSERT_TRUE(waitUntil([&] { return board.isConnected() && board.capabilities(); }, 30s))
        << board.lastError().toStdString();
    ASSERT_TRUE(board.capabilities()->model.has_value());
    EXPECT_EQ(board.capabilities()->model->hash, mote::dataset::sha256Hex(readFile(model)));

    // Live page on that board: it shows the board's memory and the model.
    LivePage live(*m_context, board);
    live.resize(1360, 860);
    live.show();
    mote::test::pumpEvents(200ms);
    EXPECT_TRUE(live.statusText().contains("hello_world_int8")) << live.statusText().toStdString();
    EXPECT_TRUE(live.boardMemoryText().contains("4.00 MiB")) << live.boardMemoryText().toStdString();
    // hello_world has no impulse (no DSP, no sensor): the board refuses live
    // inference and the page says why instead of waiting forever.
    ASSERT_TRUE(live.start());
    ASSERT_TRUE(waitUntil([&] { return !live.isRunning() || live.resultCount() >= 3; }, 10s));
    EXPECT_FALSE(live.isRunning());
    EXPECT_TRUE(live.statusText().contains("did not start")) << live.statusText().toStdString();
    EXPECT_EQ(live.resultCount(), 0u);

    // Redeploy, through the page, the motion model (it carries its impulse):
    // the same board now runs the DSP and the model on its accelerometer.
    page.refresh();
    ASSERT_TRUE(page.selectModelRow(motion->modelId));
    ASSERT_TRUE(page.deploy());
    ASSERT_TRUE(waitUntil([&] { return finishedCount == 3; }, 240s)) << page.logText().toStdString();
    ASSERT_TRUE(finishedOk) << page.statusText().toStdString() << "\n" << page.logText().toStdString();
    ASSERT_EQ(page.historyRowCount(), 3);
    EXPECT_EQ(page.historyCell(0, 4), "verified");
    EXPECT_EQ(page.historyCell(1, 4), "verified") << "the hello_world deployment stays as it was";
    const std::string motionHash = mote::dataset::sha256Hex(readFile(m_context->project()->dir() / motion->path));
    ASSERT_TRUE(waitUntil([&] {
        const auto caps = board.capabilities();
        return board.isConnected() && caps && caps->model && caps->model->hash == motionHash;
    }, 30s)) << board.lastError().toStdString();
    EXPECT_EQ(board.capabilities()->model->labels, motion->labels);
    mote::test::pumpEvents(300ms);
    mote::test::saveScreenshot(&page, "deployment");
    mote::test::pumpEvents(200ms);
    EXPECT_TRUE(live.statusText().startsWith("Ready")) << live.statusText().toStdString();

    // Live inference: InferenceResults stream in, the page follows them.
    int boardResults = 0;
    QObject::connect(&board, &BoardLink::inferenceArrived, [&] { ++boardResults; });
    ASSERT_TRUE(live.start()) << live.statusText().toStdString();
    ASSERT_TRUE(waitUntil([&] { return !live.isRunning() || live.resultCount() >= 4; }, 30s))
        << live.statusText().toStdString();
    ASSERT_TRUE(live.isRunning()) << live.statusText().toStdString();
    EXPECT_TRUE(live.statusText().contains("running")) << live.statusText().toStdString();
    EXPECT_TRUE(live.statusText().contains("emulated")) << live.statusText().toStdString();
    mote::test::pumpEvents(300ms);  // the chart redraws at 10 Hz

    // One score line per label, each with a point per result.
    const auto* scores = live.scoreChart();
    QStringList labels;
    for (const auto& l : motion->labels)
        labels << QString::fromStdString(l);
    EXPECT_EQ(scores->labels(), labels);
    const auto series = scores->chart()->series();
    ASSERT_EQ(series.size(), labels.size());
    for (auto* s : series) {
        const auto* line = qobject_cast<QLineSeries*>(s);
        ASSERT_NE(line, nullptr);
        EXPECT_GE(line->count(), 3) << line->name().toStdString();
        for (const QPointF& point : line->points()) {
            EXPECT_GE(point.y(), 0.0) << line->name().toStdString();
            EXPECT_LE(point.y(), 1.0) << line->name().toStdString();
        }
    }
    // The signal under them: the board's imu (the sensor the page picked), at least one window.
    const auto* signal = live.signalPlot();
    const auto caps = board.capabilities();
    ASSERT_TRUE(caps && caps->findSensor("imu"));
    QStringList imuAxes;
    for (const auto& axis : caps->findSensor("imu")->axes)
        imuAxes << QString::fromStdString(axis);
    EXPECT_EQ(signal->channels(), imuAxes);
    EXPECT_GE(signal->totalFrames(), 100) << "the 2 s window at 100 Hz was streamed";
    EXPECT_FALSE(signal->heldFrames().empty());
    // The smoothed label is one of the model's labels (or "uncertain" while
    // the vote is split), the timing is the board's own, marked as emulated.
    const QString label = live.currentLabel();
    EXPECT_TRUE(labels.contains(label) || label == "uncertain") << label.toStdString();
    const QString timing = live.timingText();
    for (const char* part : {"DSP", "Model", "µs", "cycles", "emulated", "QEMU"})
        EXPECT_TRUE(timing.contains(QString::fromUtf8(part))) << part << " in " << timing.toStdString();
    // The board's simulated motion changes from idle to wave: the (smoothed)
    // scores follow — idle falls, wave rises — once the 2 s window holds the
    // new motion (counted in results, i.e. board time, not wall time).
    EXPECT_EQ(label, "idle") << "the board starts idle";
    const auto before = latestScores(*live.scoreChart());
    auto wave = board.session()->setPattern(*mote::protocol::motionPatternFromName("wave"));
    ASSERT_TRUE(wave) << wave.message();
    EXPECT_TRUE(board.session()->waitReply(*wave, 5s));
    const uint64_t atSwitch = live.resultCount();
    ASSERT_TRUE(waitUntil([&] { return live.resultCount() >= atSwitch + 8; }, 40s)) << live.resultCount();
    mote::test::pumpEvents(300ms);
    const auto after = latestScores(*live.scoreChart());
    EXPECT_LT(after.at("idle"), before.at("idle") - 0.1) << "idle " << before.at("idle") << " -> " << after.at("idle");
    EXPECT_GT(after.at("wave"), before.at("wave")) << "wave " << before.at("wave") << " -> " << after.at("wave");
    // Board RAM/flash from the verified deployment's size report.
    EXPECT_TRUE(live.boardMemoryText().contains("of 4.00 MiB")) << live.boardMemoryText().toStdString();
    mote::test::saveScreenshot(&live, "live");

    // Stop: no more results, and the board is idle and still answering.
    live.stop();
    EXPECT_FALSE(live.isRunning());
    EXPECT_TRUE(live.statusText().startsWith("Stopped")) << live.statusText().toStdString();
    const uint64_t shown = live.resultCount();
    mote::test::pumpEvents(1s);  // a result already on the wire may still land (slow on a loaded host)
    const int sent = boardResults;
    mote::test::pumpEvents(1500ms);  // three strides of 0.5 s
    EXPECT_EQ(boardResults, sent) << "the board kept inferring after StopInference";
    EXPECT_EQ(live.resultCount(), shown) << "the page kept counting after Stop";
    // An idle board runs its model once on request; one still running live
    // inference refuses ("the model is busy").
    auto motionModel = mote::nn::readModelFile((m_context->project()->dir() / motion->path).string());
    ASSERT_TRUE(motionModel) << motionModel.message();
    const auto& input = motionModel->tensors[static_cast<size_t>(motionModel->inputs.at(0))];
    auto outputs = board.session()->runModelOnBoard({std::vector<uint8_t>(input.bytes(), 0)}, 10s);
    ASSERT_TRUE(outputs) << "after Stop: " << outputs.message();
    ASSERT_EQ(outputs->size(), 1u);
    EXPECT_EQ(outputs->front().size(), motion->labels.size());
    // A fresh handshake (Hello -> Capabilities) finds the model still there.
    board.connectTo(board.port());
    ASSERT_TRUE(waitUntil([&] {
        const auto caps = board.capabilities();
        return board.isConnected() && caps && caps->model && caps->model->hash == motionHash;
    }, 30s)) << board.lastError().toStdString();
}

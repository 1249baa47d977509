#include "model_page.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QShowEvent>
#include <QSpinBox>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "confusion_grid.h"
#include "layer_error_chart.h"
#include "memory_bar.h"
#include "quantize_job.h"
#include "studio_context.h"

namespace mote::studio {
namespace {

QString percent(double fraction) { return QStringLiteral("%1 %").arg(fraction * 100.0, 0, 'f', 1); }

QString shapeText(const nlohmann::json& shape) {
    QStringList dims;
    for (const auto& d : shape)
        dims << QString::number(d.get<int64_t>());
    return QStringLiteral("[%1]").arg(dims.join(QStringLiteral(", ")));
}

QString macsText(int64_t macs) {
    if (macs >= 1000000)
        return QObject::tr("%1 M").arg(static_cast<double>(macs) / 1e6, 0, 'f', 2);
    if (macs >= 1000)
        return QObject::tr("%1 k").arg(static_cast<double>(macs) / 1e3, 0, 'f', 1);
    return QString::number(macs);
}

QLabel* bigNumber() {
    auto* label = new QLabel(QStringLiteral("—"));
    label->setStyleSheet(QStringLiteral("font-size: 20pt; font-weight: bold; color: #22262b;"));
    return label;
}

QLabel* caption(const QString& text) {
    auto* label = new QLabel(text);
    label->setStyleSheet(QStringLiteral("color: #555b63;"));
    return label;
}

const char* kModelSegmentName = "Model (ops, quantization)";

}  // namespace

ModelPage::ModelPage(StudioContext& context, QWidget* parent) : QWidget(parent), m_context(context) {
    m_job = new QuantizeJob(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);

    auto* boardRow = new QHBoxLayout;
    boardRow->addWidget(new QLabel(tr("Target board")));
    m_boardCombo = new QComboBox;
    m_boardCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    boardRow->addWidget(m_boardCombo);
    boardRow->addWidget(caption(tr("The size bars and the latency estimate are against this board's limits.")), 1);
    auto* import = new QPushButton(tr("Import .tflite…"));
    boardRow->addWidget(import);
    layout->addLayout(boardRow);

    m_tabs = new QTabWidget;
    m_tabs->addTab(buildQuantizedTab(), tr("Quantized model"));
    m_tabs->addTab(buildExternalTab(), tr("External .tflite"));
    layout->addWidget(m_tabs, 1);

    connect(import, &QPushButton::clicked, this, &ModelPage::importInteractive);
    connect(m_boardCombo, &QComboBox::currentIndexChanged, this, &ModelPage::updateBars);
    connect(m_job, &QuantizeJob::progress, this, [this](const QString& stage, qint64 done, qint64 total) {
        m_progress->setFormat(stage + QStringLiteral(" %p%"));
        m_progress->setRange(0, total > 0 ? 100 : 0);
        if (total > 0)
            m_progress->setValue(static_cast<int>(100 * done / total));
        m_status->setText(tr("Quantizing: %1…").arg(stage));
    });
    connect(m_job, &QuantizeJob::finished, this, &ModelPage::onQuantizeFinished);
    connect(&m_context, &StudioContext::projectChanged, this, &ModelPage::refresh);
    refresh();
}

ModelPage::~ModelPage() = default;

QWidget* ModelPage::buildQuantizedTab() {
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(8, 8, 8, 8);

    // ---- quantize controls ----
    auto* controls = new QGroupBox(tr("Quantize a trained run (post-training int8)"));
    auto* grid = new QGridLayout(controls);
    grid->addWidget(new QLabel(tr("Trained run")), 0, 0);
    m_runCombo = new QComboBox;
    m_runCombo->setMinimumContentsLength(30);
    m_runCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    grid->addWidget(m_runCombo, 0, 1);
    grid->addWidget(new QLabel(tr("Calibration windows")), 0, 2);
    m_calibration = new QSpinBox;
    m_calibration->setRange(1, 100000);
    m_calibration->setValue(200);
    grid->addWidget(m_calibration, 0, 3);
    m_quantize = new QPushButton(tr("Quantize"));
    m_quantize->setStyleSheet(QStringLiteral("font-weight: bold; padding: 4px 18px;"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    grid->addWidget(m_quantize, 0, 4);
    grid->addWidget(m_cancel, 0, 5);
    grid->addWidget(new QLabel(tr("Report of")), 1, 0);
    m_modelCombo = new QComboBox;
    m_modelCombo->setMinimumContentsLength(30);
    m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    grid->addWidget(m_modelCombo, 1, 1);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    grid->addWidget(m_progress, 1, 2, 1, 4);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    grid->addWidget(m_status, 2, 0, 1, 6);
    grid->setColumnStretch(1, 1);
    layout->addWidget(controls);

    // ---- accuracy + size ----
    auto* summary = new QHBoxLayout;
    auto* accuracyBox = new QGroupBox(tr("Accuracy"));
    auto* acc = new QGridLayout(accuracyBox);
    acc->addWidget(caption(tr("float32")), 0, 0);
    acc->addWidget(caption(tr("int8")), 0, 1);
    m_floatAccuracy = bigNumber();
    m_int8Accuracy = bigNumber();
    acc->addWidget(m_floatAccuracy, 1, 0);
    acc->addWidget(m_int8Accuracy, 1, 1);
    m_accuracyNote = caption(QString());
    m_accuracyNote->setWordWrap(true);
    acc->addWidget(m_accuracyNote, 2, 0, 1, 2);
    m_figures = caption(QString());
    m_figures->setWordWrap(true);
    acc->addWidget(m_figures, 3, 0, 1, 2);
    acc->setRowStretch(4, 1);
    summary->addWidget(accuracyBox, 4);

    auto* sizeBox = new QGroupBox(tr("Size on the board"));
    auto* size = new QVBoxLayout(sizeBox);
    m_flashBar = new MemoryBar(tr("Flash (weights + model)"));
    m_ramBar = new MemoryBar(tr("RAM (tensor arena)"));
    size->addWidget(m_flashBar);
    size->addWidget(m_ramBar);
    m_latency = caption(QString());
    m_latency->setWordWrap(true);
    size->addWidget(m_latency);
    size->addStretch();
    summary->addWidget(sizeBox, 5);
    layout->addLayout(summary);

    // ---- confusion matrices + per-layer error ----
    auto* detail = new QHBoxLayout;
    auto* confusionBox = new QGroupBox(tr("Confusion matrices"));
    auto* confusion = new QHBoxLayout(confusionBox);
    m_floatConfusion = new ConfusionGrid(tr("float32"));
    m_int8Confusion = new ConfusionGrid(tr("int8"));
    confusion->addWidget(m_floatConfusion);
    confusion->addWidget(m_int8Confusion);
    detail->addWidget(confusionBox, 6);
    auto* layersBox = new QGroupBox(tr("Where the int8 error comes from"));
    auto* layers = new QVBoxLayout(layersBox);
    m_layerChart = new LayerErrorChart;
    layers->addWidget(m_layerChart);
    detail->addWidget(layersBox, 5);
    layout->addLayout(detail, 1);

    connect(m_quantize, &QPushButton::clicked, this, [this] { quantize(); });
    connect(m_cancel, &QPushButton::clicked, this, &ModelPage::cancelQuantize);
    connect(m_modelCombo, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            showReport(m_modelCombo->itemData(index).toLongLong());
    });
    return tab;
}

QWidget* ModelPage::buildExternalTab() {
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(8, 8, 8, 8);
    m_externalPath = caption(tr("Bring your own model: Import .tflite… checks whether Mote can run and deploy it."));
    m_externalPath->setWordWrap(true);
    layout->addWidget(m_externalPath);
    m_verdict = new QLabel;
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->hide();
    layout->addWidget(m_verdict);

    auto* row = new QHBoxLayout;
    auto* figuresBox = new QGroupBox(tr("Preflight"));
    auto* figures = new QVBoxLayout(figuresBox);
    m_externalFigures = new QLabel;
    m_externalFigures->setTextFormat(Qt::RichText);
    m_externalFigures->setWordWrap(true);
    figures->addWidget(m_externalFigures);
    m_externalFlash = new MemoryBar(tr("Flash (weights + model)"));
    m_externalRam = new MemoryBar(tr("RAM (tensor arena)"));
    figures->addWidget(m_externalFlash);
    figures->addWidget(m_externalRam);
    m_deployExternal = new QPushButton(tr("Deploy this model…"));
    m_deployExternal->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_deployExternal);
    figures->addLayout(buttons);
    figures->addStretch();
    row->addWidget(figuresBox, 4);

    auto* tables = new QVBoxLayout;
    auto* opsBox = new QGroupBox(tr("Operators"));
    m_opsTable = new QTreeWidget;
    m_opsTable->setHeaderLabels({tr("#"), tr("Operator"), tr("Kernel / problem"), tr("MACs")});
    m_opsTable->setRootIsDecorated(false);
    m_opsTable->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_opsTable->header()->setStretchLastSection(false);
    m_opsTable->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    (new QVBoxLayout(opsBox))->addWidget(m_opsTable);
    tables->addWidget(opsBox, 3);
    auto* ioBox = new QGroupBox(tr("Inputs and outputs"));
    m_ioTable = new QTreeWidget;
    m_ioTable->setHeaderLabels({tr("Tensor"), tr("Type"), tr("Shape"), tr("Quantization")});
    m_ioTable->setRootIsDecorated(false);
    m_ioTable->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    (new QVBoxLayout(ioBox))->addWidget(m_ioTable);
    tables->addWidget(ioBox, 1);
    row->addLayout(tables, 5);
    layout->addLayout(row, 1);

    connect(m_deployExternal, &QPushButton::clicked, this, [this] {
        if (m_inspection && m_inspection->supported)
            emit deployFileRequested(m_inspection->path);
    });
    return tab;
}

void ModelPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!isQuantizing()) {
        loadRuns();  // training may have finished meanwhile
        loadModels();
    }
}

void ModelPage::refresh() {
    loadBoards();
    loadRuns();
    loadModels();
}

void ModelPage::loadBoards() {
    const QString previous = m_boardCombo->currentData().toString();
    QSignalBlocker block(m_boardCombo);
    m_boardCombo->clear();
    auto profiles = firmware::loadBoardProfiles(firmware::defaultBoardsDir());
    m_profiles = profiles ? std::move(*profiles) : std::vector<firmware::BoardProfile>{};
    if (!profiles)
        setStatus(tr("Board profiles could not be loaded: %1").arg(QString::fromStdString(profiles.message())), true);
    for (const auto& p : m_profiles)
        m_boardCombo->addItem(QString::fromStdString(p.displayName.empty() ? p.name : p.displayName),
                              QString::fromStdString(p.name));
    QString preferred = previous;
    if (preferred.isEmpty() && m_context.project())
        preferred = QString::fromStdString(m_context.project()->settingOr(project::kSettingDefaultBoard, ""));
    int index = m_boardCombo->findData(preferred);
    if (index < 0)
        index = m_boardCombo->findData(QStringLiteral("qemu-mps2-an386"));
    m_boardCombo->setCurrentIndex(std::max(index, 0));
    updateBars();
}

void ModelPage::loadRuns() {
    const QVariant previous = m_runCombo->currentData();
    m_runCombo->clear();
    auto* store = m_context.store();
    if (!store)
        return;
    auto runs = store->trainingRuns();
    if (!runs)
        return;
    for (auto it = runs->rbegin(); it != runs->rend(); ++it) {
        if (it->status != "succeeded")
            continue;
        QString text = tr("Run #%1 · %2").arg(it->id).arg(
            QDateTime::fromMSecsSinceEpoch(it->startedMs).toString(QStringLiteral("yyyy-MM-dd hh:mm")));
        const auto metrics = nlohmann::json::parse(it->metricsJson, nullptr, false);
        if (metrics.is_object())
            for (const char* key : {"val_accuracy", "test_accuracy", "accuracy"})
                if (metrics.contains(key) && metrics[key].is_number()) {
                    text += tr(" · %1 %2").arg(QString::fromUtf8(key).replace('_', ' '),
                                               percent(metrics[key].get<double>()));
                    break;
                }
        m_runCombo->addItem(text, QVariant::fromValue<qlonglong>(it->id));
    }
    if (m_runCombo->count() == 0)
        m_runCombo->setPlaceholderText(tr("No trained run yet — train one on the Training page"));
    const int index = m_runCombo->findData(previous);
    m_runCombo->setCurrentIndex(index >= 0 ? index : (m_runCombo->count() ? 0 : -1));
    m_quantize->setEnabled(m_runCombo->count() > 0 && !isQuantizing());
}

void ModelPage::loadModels() {
    const QVariant previous = m_modelCombo->currentData();
    m_modelCombo->clear();
    auto* store = m_context.store();
    if (!store)
        return;
    auto models = store->models();
    if (!models)
        return;
    for (auto it = models->rbegin(); it != models->rend(); ++it) {
        if (it->kind != train::kModelKindInt8)
            continue;
        m_modelCombo->addItem(tr("#%1 int8 · %2 · %3")
                                  .arg(it->id)
                                  .arg(QFileInfo(QString::fromStdString(it->path)).fileName(),
                                       QDateTime::fromMSecsSinceEpoch(it->createdMs).toString("yyyy-MM-dd hh:mm")),
                              QVariant::fromValue<qlonglong>(it->id));
    }
    if (m_modelCombo->count() == 0)
        m_modelCombo->setPlaceholderText(tr("No quantized model yet"));
    const int index = m_modelCombo->findData(previous);
    m_modelCombo->setCurrentIndex(index >= 0 ? index : (m_modelCombo->count() ? 0 : -1));
    if (!m_report && m_modelCombo->count() > 0)
        showReport(m_modelCombo->currentData().toLongLong());
    else if (!m_report) {
        m_floatConfusion->clear(tr("No report yet"));
        m_int8Confusion->clear(tr("No report yet"));
        updateBars();
    }
}

bool ModelPage::quantize(std::optional<int64_t> runId) {
    if (isQuantizing() || !m_context.hasProject())
        return false;
    if (!runId && m_runCombo->currentIndex() >= 0)
        runId = m_runCombo->currentData().toLongLong();
    if (!runId) {
        setStatus(tr("No trained run to quantize: train one on the Training page first."), true);
        return false;
    }
    train::QuantizeRunOptions options;
    options.runId = runId;
    options.calibrationWindows = m_calibration->value();
    if (!m_job->start(m_context.projectDir(), options))
        return false;
    m_quantize->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, 0);
    setStatus(tr("Quantizing run #%1…").arg(*runId));
    return true;
}

void ModelPage::cancelQuantize() {
    if (isQuantizing()) {
        m_job->cancel();
        setStatus(tr("Cancelling…"));
    }
}

bool ModelPage::isQuantizing() const { return m_job->isRunning(); }

void ModelPage::onQuantizeFinished() {
    m_quantize->setEnabled(m_runCombo->count() > 0);
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 100);
    const auto& outcome = m_job->outcome();
    if (!outcome.ok) {
        m_progress->setValue(0);
        m_progress->setFormat(QStringLiteral("%p%"));
        setStatus(outcome.cancelled ? tr("Quantization cancelled; nothing was recorded.")
                                    : tr("Quantization failed: %1").arg(outcome.error),
                  !outcome.cancelled);
        return;
    }
    m_progress->setValue(100);
    m_progress->setFormat(tr("done"));
    m_report = outcome.report;
    loadModels();
    const int index = m_modelCombo->findData(QVariant::fromValue<qlonglong>(outcome.report.modelId));
    if (index >= 0)
        m_modelCombo->setCurrentIndex(index);
    showQuantizationReport(outcome.report);
    setStatus(tr("int8 model #%1 written to %2.")
                  .arg(outcome.report.modelId)
                  .arg(QString::fromStdString(outcome.report.path)));
    emit modelQuantized(outcome.report.modelId);
}

bool ModelPage::showReport(int64_t modelId) {
    auto* project = m_context.project();
    if (!project)
        return false;
    auto report = train::loadReport(*project, modelId);
    if (!report) {
        setStatus(tr("No report for model #%1: %2").arg(modelId).arg(QString::fromStdString(report.message())), true);
        return false;
    }
    showQuantizationReport(*report);
    return true;
}

void ModelPage::showQuantizationReport(const train::QuantizationReport& report) {
    m_report = report;
    m_floatAccuracy->setText(percent(report.floatAccuracy));
    m_int8Accuracy->setText(percent(report.int8Accuracy));
    const bool bigDrop = report.accuracyDropPp > 2.0;
    m_int8Accuracy->setStyleSheet(QStringLiteral("font-size: 20pt; font-weight: bold; color: %1;")
                                      .arg(bigDrop ? QStringLiteral("#c0392b") : QStringLiteral("#2c7a3f")));
    QString note = tr("%1 %2 pp after quantization, on %3 %4 windows.")
                       .arg(report.accuracyDropPp > 0 ? tr("Lost") : tr("Changed by"))
                       .arg(std::abs(report.accuracyDropPp), 0, 'f', 2)
                       .arg(report.evaluatedWindows)
                       .arg(QString::fromStdString(report.evaluatedOn));
    for (const auto& w : report.warnings)
        note += QStringLiteral("\n⚠ ") + QString::fromStdString(w);
    m_accuracyNote->setText(note);
    m_figures->setText(tr("%1 MACs per inference · calibrated on %2 windows (%3) · input q = x / %4 + %5")
                           .arg(macsText(report.macs))
                           .arg(report.calibrationWindows)
                           .arg(report.percentile >= 100.0 ? tr("min/max")
                                                           : tr("%1th percentile").arg(report.percentile))
                           .arg(static_cast<double>(report.inputScale), 0, 'g', 4)
                           .arg(report.inputZeroPoint));
    QStringList labels;
    for (const auto& l : report.labels)
        labels << QString::fromStdString(l);
    m_floatConfusion->setMatrix(labels, report.floatMetrics.confusion, report.floatAccuracy);
    m_int8Confusion->setMatrix(labels, report.int8Metrics.confusion, report.int8Accuracy);
    m_layerChart->setLayers(report.layers);
    updateBars();
}

const firmware::BoardProfile* ModelPage::currentBoard() const {
    const QString name = m_boardCombo->currentData().toString();
    for (const auto& p : m_profiles)
        if (QString::fromStdString(p.name) == name)
            return &p;
    return nullptr;
}

bool ModelPage::selectBoard(const QString& profileName) {
    const int index = m_boardCombo->findData(profileName);
    if (index >= 0)
        m_boardCombo->setCurrentIndex(index);
    return index >= 0;
}

void ModelPage::updateBars() {
    const auto* board = currentBoard();
    const uint64_t flashLimit = board ? board->flashBytes : 0;
    const uint64_t ramLimit = board ? board->ramBytes : 0;
    auto modelSegments = [](uint64_t weights, uint64_t file) {
        std::vector<MemoryBar::Segment> s;
        s.push_back({tr("Model weights"), weights, MemoryBar::categoryColor(firmware::UsageCategory::ModelWeights)});
        if (file > weights)
            s.push_back({tr(kModelSegmentName), file - weights,
                         MemoryBar::categoryColor(firmware::UsageCategory::ConstData)});
        return s;
    };
    auto arenaSegments = [](uint64_t arena) {
        return std::vector<MemoryBar::Segment>{
            {tr("Tensor arena"), arena, MemoryBar::categoryColor(firmware::UsageCategory::Arena)}};
    };
    if (m_report) {
        m_flashBar->setUsage(modelSegments(m_report->weightsBytes, m_report->flashBytes), flashLimit,
                             tr("float model %1").arg(MemoryBar::humanBytes(m_report->floatFlashBytes)));
        m_ramBar->setUsage(arenaSegments(m_report->arenaBytes), ramLimit,
                           tr("lower bound %1").arg(MemoryBar::humanBytes(m_report->arenaLowerBoundBytes)));
        QString latency;
        for (const auto& l : m_report->latency) {
            if (!board || l.board != board->name)
                continue;
            latency = l.applicable ? tr("Estimated latency on %1: %2 ms (%3 MACs × %4 cycles/MAC at %5 MHz) — an "
                                        "estimate, not a measurement.")
                                         .arg(QString::fromStdString(l.board))
                                         .arg(l.estimatedMs, 0, 'f', 2)
                                         .arg(macsText(m_report->macs))
                                         .arg(l.cyclesPerMac, 0, 'g', 3)
                                         .arg(static_cast<double>(l.clockHz) / 1e6, 0, 'f', 0)
                                   : tr("Latency on %1: %2").arg(QString::fromStdString(l.board),
                                                                 QString::fromStdString(l.note));
        }
        if (m_report->hostInferenceUs > 0)
            latency += (latency.isEmpty() ? QString() : QStringLiteral("\n")) +
                       tr("Measured on this computer: %1 µs per int8 inference.")
                           .arg(m_report->hostInferenceUs, 0, 'f', 1);
        m_latency->setText(latency);
    } else {
        m_flashBar->clearUsage(tr("no quantized model"));
        m_ramBar->clearUsage(tr("no quantized model"));
        m_latency->clear();
    }
    if (m_inspection && m_inspection->readable) {
        m_externalFlash->setUsage(modelSegments(m_inspection->weightsBytes, m_inspection->fileBytes), flashLimit);
        if (m_inspection->arenaBytes)
            m_externalRam->setUsage(arenaSegments(*m_inspection->arenaBytes), ramLimit,
                                    tr("lower bound %1").arg(MemoryBar::humanBytes(
                                        m_inspection->arenaLowerBoundBytes.value_or(0))));
        else
            m_externalRam->clearUsage(tr("the graph cannot be planned"));
    } else {
        m_externalFlash->clearUsage(tr("no model imported"));
        m_externalRam->clearUsage(tr("no model imported"));
    }
}

void ModelPage::importInteractive() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Import a TensorFlow Lite model"), QString(),
                                                      tr("TensorFlow Lite model (*.tflite);;All files (*)"));
    if (!file.isEmpty())
        importTflite(file);
}

const ModelInspection& ModelPage::importTflite(const QString& path) {
    m_inspection = inspectTfliteFile(path);
    const ModelInspection& in = *m_inspection;
    showTab(ExternalTab);
    m_externalPath->setText(tr("<b>%1</b> · %2 · %3")
                                .arg(QFileInfo(path).fileName().toHtmlEscaped(), path.toHtmlEscaped(),
                                     MemoryBar::humanBytes(in.fileBytes)));
    m_verdict->show();
    if (in.supported) {
        m_verdict->setText(tr("✔ Mote can run this model: every operator has a kernel. Deploy it to a board from "
                              "here or from the Deployment page."));
        m_verdict->setStyleSheet(QStringLiteral(
            "background: #e6f4ea; border: 1px solid #9bd3ae; border-radius: 4px; padding: 8px; color: #1e5631;"));
    } else {
        m_verdict->setText(in.readable ? tr("✘ Refused: %1").arg(in.error)
                                       : tr("✘ Not a valid .tflite model: %1").arg(in.error));
        m_verdict->setStyleSheet(QStringLiteral(
            "background: #fdecea; border: 1px solid #f1a9a0; border-radius: 4px; padding: 8px; color: #8a1f11;"));
    }
    m_deployExternal->setEnabled(in.supported);

    m_opsTable->clear();
    m_ioTable->clear();
    if (in.readable) {
        QStringList facts;
        facts << tr("<b>Operators:</b> %1").arg(in.ops.join(QStringLiteral(", ")).toHtmlEscaped());
        if (!in.unsupportedOps.isEmpty())
            facts << tr("<b style='color:#c0392b'>Unsupported:</b> <span style='color:#c0392b'>%1</span>")
                         .arg(in.unsupportedOps.join(QStringLiteral(", ")).toHtmlEscaped());
        facts << tr("<b>Weights:</b> %1 · <b>MACs:</b> %2 per inference")
                     .arg(MemoryBar::humanBytes(in.weightsBytes), macsText(in.macs));
        if (in.arenaBytes)
            facts << tr("<b>Arena:</b> %1 (liveness lower bound %2)")
                         .arg(MemoryBar::humanBytes(*in.arenaBytes),
                              MemoryBar::humanBytes(in.arenaLowerBoundBytes.value_or(0)));
        else
            facts << tr("<b>Arena:</b> cannot be planned: %1")
                         .arg(QString::fromStdString(in.report.value("plan_error", std::string())).toHtmlEscaped());
        const std::string description = in.report.value("description", std::string());
        if (!description.empty())
            facts << tr("<b>Description:</b> %1").arg(QString::fromStdString(description).toHtmlEscaped());
        m_externalFigures->setText(facts.join(QStringLiteral("<br>")));
        for (const auto& op : in.report.value("operators", nlohmann::json::array())) {
            auto* item = new QTreeWidgetItem(m_opsTable);
            item->setText(0, QString::number(op.value("index", 0)));
            item->setText(1, QString::fromStdString(op.value("op", std::string())));
            if (op.contains("error")) {
                item->setText(2, QString::fromStdString(op["error"].get<std::string>()));
                for (int c = 0; c < 4; ++c)
                    item->setForeground(c, QColor(0xc0, 0x39, 0x2b));
            } else {
                item->setText(2, QString::fromStdString(op.value("kernel", std::string())));
                item->setText(3, macsText(op.value("macs", int64_t{0})));
            }
            item->setToolTip(2, item->text(2));
        }
        auto addIo = [this](const char* kind, const nlohmann::json& tensors) {
            for (const auto& t : tensors) {
                auto* item = new QTreeWidgetItem(m_ioTable);
                item->setText(0, QStringLiteral("%1 %2").arg(QString::fromUtf8(kind),
                                                             QString::fromStdString(t.value("name", std::string()))));
                item->setText(1, QString::fromStdString(t.value("dtype", std::string())));
                item->setText(2, shapeText(t.value("shape", nlohmann::json::array())));
                if (t.contains("scale") && t["scale"].is_number())
                    item->setText(3, tr("scale %1, zero point %2")
                                         .arg(t["scale"].get<double>(), 0, 'g', 5)
                                         .arg(t.value("zero_point", 0)));
            }
        };
        addIo("in", in.report.value("inputs", nlohmann::json::array()));
        addIo("out", in.report.value("outputs", nlohmann::json::array()));
    } else {
        m_externalFigures->setText(tr("The file could not be read as a TensorFlow Lite model."));
    }
    updateBars();
    if (!in.supported)
        emit message(m_verdict->text());
    return *m_inspection;
}

void ModelPage::showTab(Tab tab) { m_tabs->setCurrentIndex(tab); }

void ModelPage::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
    if (error)
        emit message(text);
}

QString ModelPage::statusText() const { return m_status->text(); }
QString ModelPage::accuracyText() const {
    return tr("float %1, int8 %2").arg(m_floatAccuracy->text(), m_int8Accuracy->text());
}
QString ModelPage::verdictText() const { return m_verdict->isHidden() ? QString() : m_verdict->text(); }
QStringList ModelPage::inspectedOps() const {
    QStringList rows;
    for (int i = 0; i < m_opsTable->topLevelItemCount(); ++i) {
        const auto* item = m_opsTable->topLevelItem(i);
        rows << QStringLiteral("%1 %2 (%3)").arg(item->text(0), item->text(1), item->text(2));
    }
    return rows;
}

}  // namespace mote::studio

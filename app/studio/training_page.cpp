#include "training_page.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QFile>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "confusion_matrix_view.h"
#include "impulse/impulse_defaults.h"
#include "studio_context.h"
#include "train/project_training.h"
#include "training_curves.h"
#include "training_settings_form.h"
#include "training_worker.h"

namespace mote::studio {
namespace {

QString percent(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_number())
        return QStringLiteral("—");
    return QString::number(j[key].get<double>() * 100.0, 'f', 1) + QLatin1Char('%');
}

std::vector<train::EpochReport> historyFrom(const nlohmann::json& metrics) {
    std::vector<train::EpochReport> out;
    for (const auto& e : metrics.value("history", nlohmann::json::array())) {
        train::EpochReport r;
        r.epoch = e.value("epoch", 0);
        r.loss = e.value("loss", 0.0);
        r.accuracy = e.value("accuracy", 0.0);
        if (e.contains("val_loss") && e["val_loss"].is_number())
            r.valLoss = e["val_loss"].get<double>();
        if (e.contains("val_accuracy") && e["val_accuracy"].is_number())
            r.valAccuracy = e["val_accuracy"].get<double>();
        out.push_back(r);
    }
    return out;
}

enum RunColumn { ColId, ColStarted, ColImpulse, ColDataset, ColEpochs, ColTrainAcc, ColValAcc, ColCoreAcc, ColStatus, ColCount };

}  // namespace

TrainingPage::TrainingPage(StudioContext& context, QWidget* parent) : QWidget(parent), m_context(context) {
    m_worker = new TrainingWorker(this);

    auto* layout = new QVBoxLayout(this);
    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("<b style='font-size:15pt'>Training</b>"), this));
    header->addSpacing(12);
    m_impulseLabel = new QLabel(this);
    header->addWidget(m_impulseLabel, 1);
    layout->addLayout(header);

    auto* split = new QSplitter(Qt::Horizontal, this);
    // Left: settings, start/cancel, past runs.
    auto* left = new QWidget(split);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* settingsBox = new QGroupBox(tr("This run"), left);
    auto* settingsLayout = new QVBoxLayout(settingsBox);
    m_settings = new TrainingSettingsForm(settingsBox);
    m_settings->setCompact(true);
    settingsLayout->addWidget(m_settings);
    auto* buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("Start training"), settingsBox);
    m_start->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), settingsBox);
    m_cancel->setEnabled(false);
    buttons->addWidget(m_start, 1);
    buttons->addWidget(m_cancel);
    settingsLayout->addLayout(buttons);
    m_progress = new QProgressBar(settingsBox);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    settingsLayout->addWidget(m_progress);
    m_status = new QLabel(tr("Trains the saved impulse with the external PyTorch trainer."), settingsBox);
    m_status->setWordWrap(true);
    settingsLayout->addWidget(m_status);
    leftLayout->addWidget(settingsBox);

    auto* runsBox = new QGroupBox(tr("Past runs"), left);
    auto* runsLayout = new QVBoxLayout(runsBox);
    m_runs = new QTableWidget(runsBox);
    m_runs->setColumnCount(ColCount);
    m_runs->setHorizontalHeaderLabels({tr("Run"), tr("Started"), tr("Impulse"), tr("Dataset"), tr("Epochs"),
                                       tr("Train"), tr("Val"), tr("Studio"), tr("Status")});
    m_runs->verticalHeader()->hide();
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_runs->horizontalHeader()->setStretchLastSection(true);
    runsLayout->addWidget(m_runs);
    leftLayout->addWidget(runsBox, 1);
    split->addWidget(left);

    // Right: curves, then results / log.
    auto* right = new QWidget(split);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_curves = new TrainingCurves(right);
    rightLayout->addWidget(m_curves, 1);
    m_summary = new QLabel(right);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    rightLayout->addWidget(m_summary);
    m_tabs = new QTabWidget(right);
    m_confusion = new ConfusionMatrixView(m_tabs);
    m_log = new QPlainTextEdit(m_tabs);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(20000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_confusion, tr("Results"));
    m_tabs->addTab(m_log, tr("Trainer log"));
    rightLayout->addWidget(m_tabs, 1);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({470, 760});
    layout->addWidget(split, 1);

    connect(m_start, &QPushButton::clicked, this, [this] { startTraining(); });
    connect(m_cancel, &QPushButton::clicked, this, &TrainingPage::cancelTraining);
    connect(m_worker, &TrainingWorker::featureProgress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_status->setText(tr("Computing features: %1 / %2 samples").arg(done).arg(total));
    });
    connect(m_worker, &TrainingWorker::trainingStarted, this, [this] {
        setState(QStringLiteral("training"));
        m_progress->setRange(0, m_settings->settings().epochs);
        m_progress->setValue(0);
        m_status->setText(tr("Training…"));
    });
    connect(m_worker, &TrainingWorker::epoch, this, [this](const train::EpochReport& r) {
        ++m_epochsSeen;
        m_curves->addEpoch(r);
        m_progress->setRange(0, std::max(1, r.epochs));
        m_progress->setValue(r.epoch);
        m_status->setText(tr("Epoch %1 / %2 — loss %3, accuracy %4%%5")
                              .arg(r.epoch)
                              .arg(r.epochs)
                              .arg(r.loss, 0, 'f', 3)
                              .arg(r.accuracy * 100, 0, 'f', 1)
                              .arg(r.valAccuracy ? tr(", validation %1%").arg(*r.valAccuracy * 100, 0, 'f', 1) : QString()));
    });
    connect(m_worker, &TrainingWorker::logLine, this, [this](const QString& line) { m_log->appendPlainText(line); });
    connect(m_worker, &TrainingWorker::finished, this, &TrainingPage::onFinished);
    connect(m_runs, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_runs->selectionModel()->selectedRows();
        if (!rows.isEmpty() && !isTraining())
            showRun(m_runs->item(rows.first().row(), ColId)->data(Qt::UserRole).toLongLong());
    });
    connect(&m_context, &StudioContext::projectChanged, this, [this] {
        recoverRuns();
        reloadImpulse();
        reloadRuns();
    });
    recoverRuns();
    reloadImpulse();
    reloadRuns();
}

void TrainingPage::recoverRuns() {
    // Runs left "running" by a studio or CLI that died are marked failed, so
    // the list never shows a run as going when nothing runs it.
    if (auto* project = m_context.project()) {
        auto marked = train::recoverInterruptedRuns(*project);
        if (!marked)
            emit message(QString::fromStdString(marked.message()));
        else if (*marked > 0)
            emit message(tr("%1 interrupted training run(s) marked failed").arg(*marked));
    }
}

TrainingPage::~TrainingPage() = default;

bool TrainingPage::isTraining() const { return m_worker->isRunning(); }

void TrainingPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!isTraining())
        reloadImpulse();
}

void TrainingPage::reloadImpulse() {
    auto* project = m_context.project();
    if (project == nullptr || isTraining())
        return;
    auto current = train::currentImpulse(*project);
    if (!current) {
        m_impulseLabel->setText(QString::fromStdString(current.message()));
        return;
    }
    const bool changed = !(current->config == m_impulse) || current->version != m_impulseVersion;
    m_impulse = current->config;
    m_impulseVersion = current->version;
    if (changed)
        m_settings->setSettings(m_impulse.training);
    QString layers;
    for (const auto& l : m_impulse.layers)
        layers += (layers.isEmpty() ? QString() : QStringLiteral(" → ")) + QString::fromStdString(impulse::describeLayer(l));
    const std::string block = m_impulse.dsp.value("block", std::string("?"));
    m_impulseLabel->setText(
        tr("Impulse %1: %2 ms windows, %3 block, %4")
            .arg(m_impulseVersion > 0 ? tr("v%1").arg(m_impulseVersion) : tr("(default, saved on first run)"))
            .arg(m_impulse.window.sizeMs)
            .arg(QString::fromStdString(block))
            .arg(layers.isEmpty() ? tr("no hidden layers") : layers));
    m_impulseLabel->setToolTip(m_impulseLabel->text());
}

bool TrainingPage::startTraining() {
    auto* project = m_context.project();
    if (project == nullptr || isTraining()) {
        emit message(project == nullptr ? tr("Open a project first") : tr("A run is already going"));
        return false;
    }
    reloadImpulse();
    TrainingRequest request;
    request.projectDir = project->dir();
    request.config = m_impulse;
    request.settings = m_settings->settings();
    m_epochsSeen = 0;
    m_lastRunId.reset();
    m_log->clear();
    m_confusion->clear(tr("Training…"));
    m_summary->clear();
    m_curves->reset(request.settings.epochs);
    m_runs->clearSelection();
    if (!m_worker->start(std::move(request)))
        return false;
    setState(QStringLiteral("features"));
    m_progress->setRange(0, 0);
    m_status->setText(tr("Computing features…"));
    m_tabs->setCurrentWidget(m_log);
    return true;
}

void TrainingPage::cancelTraining() {
    if (!isTraining())
        return;
    m_status->setText(tr("Cancelling…"));
    m_worker->cancel();
}

void TrainingPage::setState(const QString& state) {
    m_state = state;
    const bool running = state == QLatin1String("features") || state == QLatin1String("training");
    m_start->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_settings->setEnabled(!running);
}

void TrainingPage::onFinished() {
    const TrainingDone& done = m_worker->done();
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    if (!done.result) {
        // Stopped before a run row existed (no samples, bad network, cancelled during features).
        setState(done.cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed"));
        m_status->setText(done.cancelled ? tr("Cancelled before training started")
                                         : QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(done.error.toHtmlEscaped()));
        m_confusion->clear(done.cancelled ? tr("Cancelled.") : done.error);
        emit message(done.cancelled ? tr("Training cancelled") : tr("Training failed: %1").arg(done.error));
        return;
    }
    const auto& r = *done.result;
    const QString status = QString::fromLatin1(train::runStatusName(r.outcome.status));
    setState(status);
    m_lastRunId = r.runId;
    reloadImpulse();
    reloadRuns();
    showMetrics(status, r.outcome.metricsJson(r.classes).dump(), m_log->toPlainText());
    m_tabs->setCurrentWidget(r.outcome.ok() ? static_cast<QWidget*>(m_confusion) : static_cast<QWidget*>(m_log));
    if (r.outcome.ok())
        m_status->setText(tr("Run %1 done in %2 s").arg(r.runId).arg(r.outcome.elapsed.count() / 1000.0, 0, 'f', 1));
    else
        m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>")
                              .arg(tr("Run %1 %2: %3").arg(r.runId).arg(status, done.error).toHtmlEscaped()));
    emit message(tr("Training run %1 %2").arg(r.runId).arg(status));
    emit runFinished(r.runId, status);
}

void TrainingPage::reloadRuns() {
    const QSignalBlocker block(m_runs);
    m_runs->setRowCount(0);
    auto* store = m_context.store();
    if (store == nullptr)
        return;
    auto runs = store->trainingRuns();
    if (!runs)
        return;
    std::map<int64_t, int> versions;  // impulse config id -> version
    m_runs->setRowCount(static_cast<int>(runs->size()));
    int row = 0;
    for (auto it = runs->rbegin(); it != runs->rend(); ++it, ++row) {  // newest first
        const auto& run = *it;
        nlohmann::json m = nlohmann::json::parse(run.metricsJson, nullptr, false);
        if (m.is_discarded() || !m.is_object())
            m = nlohmann::json::object();
        if (!versions.count(run.impulseConfigId)) {
            auto cfg = store->impulseConfig(run.impulseConfigId);
            versions[run.impulseConfigId] = cfg ? cfg->version : 0;
        }
        const QStringList cells = {
            QString::number(run.id),
            QDateTime::fromMSecsSinceEpoch(run.startedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
            QStringLiteral("v%1").arg(versions[run.impulseConfigId]),
            QString::fromStdString(run.datasetVersion.substr(0, 8)),
            m.contains("epochs") ? QString::number(m.value("epochs", 0)) : QStringLiteral("—"),
            percent(m, "train_accuracy"),
            percent(m, "val_accuracy"),
            percent(m, "core_val_accuracy"),
            QString::fromStdString(run.status)};
        for (int c = 0; c < ColCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == ColId)
                item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(run.id));
            if (c == ColDataset)
                item->setToolTip(QString::fromStdString(run.datasetVersion));
            if (c == ColStatus) {
                const QColor color = run.status == "succeeded" ? QColor(0x2e, 0x7d, 0x32)
                                     : run.status == "running" ? QColor(0x1f, 0x6f, 0xd1)
                                                               : QColor(0xb3, 0x26, 0x1e);
                item->setForeground(color);
                if (m.contains("error") && m["error"].is_string() && !m["error"].get<std::string>().empty())
                    item->setToolTip(QString::fromStdString(m["error"].get<std::string>()));
            }
            m_runs->setItem(row, c, item);
        }
    }
}

void TrainingPage::showRun(int64_t runId) {
    auto* store = m_context.store();
    if (store == nullptr)
        return;
    auto run = store->trainingRun(runId);
    if (!run) {
        emit message(QString::fromStdString(run.message()));
        return;
    }
    QString logText;
    if (!run->artifactsPath.empty()) {
        QFile file(QString::fromStdString((std::filesystem::path(run->artifactsPath) / "trainer.log").string()));
        if (file.open(QIODevice::ReadOnly))
            logText = QString::fromUtf8(file.readAll());
    }
    m_log->setPlainText(logText);
    showMetrics(QString::fromStdString(run->status), run->metricsJson, logText);
}

void TrainingPage::showMetrics(const QString& status, const std::string& metricsJson, const QString&) {
    nlohmann::json m = nlohmann::json::parse(metricsJson, nullptr, false);
    if (m.is_discarded() || !m.is_object())
        m = nlohmann::json::object();
    const auto history = historyFrom(m);
    m_curves->setHistory(history, std::max(m.value("epochs", 0), static_cast<int>(history.size())));
    std::vector<std::string> classes;
    for (const auto& c : m.value("classes", nlohmann::json::array()))
        if (c.is_string())
            classes.push_back(c.get<std::string>());
    if (m.contains("core") && m["core"].is_object()) {
        m_confusion->setMetrics(m["core"], classes);
        m_summary->setText(tr("<b>%1</b> · trainer: train %2, validation %3 · studio float forward pass: validation %4, "
                              "agreement with the trainer %5")
                               .arg(status, percent(m, "train_accuracy"), percent(m, "val_accuracy"),
                                    percent(m, "core_val_accuracy"), percent(m, "core_agreement")));
    } else {
        const std::string error = m.value("error", std::string());
        m_confusion->clear(error.empty() ? tr("No metrics for this run.") : QString::fromStdString(error));
        m_summary->setText(QStringLiteral("<b>%1</b> %2").arg(status, QString::fromStdString(error).toHtmlEscaped()));
    }
}

}  // namespace mote::studio

#include "deployment_page.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <fstream>
#include <nlohmann/json.hpp>

#include "board_link.h"
#include "deploy_job.h"
#include "firmware/deploy_lineage.h"
#include "firmware/model_codegen.h"
#include "memory_bar.h"
#include "studio_context.h"

namespace mote::studio {
namespace {

constexpr int kStageCount = 4;
const char* const kStageTitles[kStageCount] = {"Generate", "Build", "Flash", "Verify"};

int stageIndex(firmware::DeployStage stage) {
    switch (stage) {
    case firmware::DeployStage::Generate:
    case firmware::DeployStage::FitEstimate: return 0;
    case firmware::DeployStage::Build:
    case firmware::DeployStage::FitMeasured: return 1;
    case firmware::DeployStage::Flash: return 2;
    case firmware::DeployStage::Verify: return 3;
    case firmware::DeployStage::Done: return kStageCount;
    }
    return 0;
}

std::vector<uint8_t> readBytes(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

std::vector<std::string> classesOf(const std::string& metricsJson) {
    std::vector<std::string> out;
    const auto j = nlohmann::json::parse(metricsJson, nullptr, false);
    if (j.is_object() && j.contains("classes") && j["classes"].is_array())
        for (const auto& c : j["classes"])
            if (c.is_string())
                out.push_back(c.get<std::string>());
    return out;
}

QString clockText(uint32_t hz) {
    if (hz == 0)
        return QObject::tr("host clock");
    return QObject::tr("%1 MHz").arg(static_cast<double>(hz) / 1e6, 0, 'f', 0);
}

}  // namespace

DeploymentPage::DeploymentPage(StudioContext& context, BoardLink& board, QWidget* parent)
    : QWidget(parent), m_context(context), m_board(board) {
    m_job = new DeployJob(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(10);

    // ---- what goes where ----
    auto* top = new QHBoxLayout;
    auto* targetBox = new QGroupBox(tr("Model and board"));
    auto* target = new QGridLayout(targetBox);
    target->setColumnStretch(1, 1);
    target->addWidget(new QLabel(tr("Model")), 0, 0);
    m_modelCombo = new QComboBox;
    m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelCombo->setMinimumContentsLength(28);
    target->addWidget(m_modelCombo, 0, 1);
    m_browse = new QPushButton(tr("Other .tflite…"));
    target->addWidget(m_browse, 0, 2);
    target->addWidget(new QLabel(tr("Board")), 1, 0);
    m_boardCombo = new QComboBox;
    target->addWidget(m_boardCombo, 1, 1, 1, 2);
    m_boardInfo = new QLabel;
    m_boardInfo->setWordWrap(true);
    m_boardInfo->setStyleSheet(QStringLiteral("color: #555b63;"));
    target->addWidget(m_boardInfo, 2, 0, 1, 3);
    m_emulatorNote = new QLabel;
    m_emulatorNote->setWordWrap(true);
    m_emulatorNote->setStyleSheet(QStringLiteral(
        "background: #fff6e0; border: 1px solid #f0d28a; border-radius: 4px; padding: 6px; color: #6b4e00;"));
    target->addWidget(m_emulatorNote, 3, 0, 1, 3);
    target->setRowStretch(4, 1);
    top->addWidget(targetBox, 5);

    auto* fitBox = new QGroupBox(tr("Fit"));
    auto* fit = new QVBoxLayout(fitBox);
    m_fitTitle = new QLabel;
    m_fitTitle->setWordWrap(true);
    m_fitTitle->setStyleSheet(QStringLiteral("color: #555b63;"));
    fit->addWidget(m_fitTitle);
    m_flashBar = new MemoryBar(tr("Flash"));
    m_ramBar = new MemoryBar(tr("RAM"));
    fit->addWidget(m_flashBar);
    fit->addWidget(m_ramBar);
    fit->addStretch();
    top->addWidget(fitBox, 6);
    layout->addLayout(top);

    // ---- the button and the stages ----
    auto* runBox = new QGroupBox(tr("Deploy"));
    auto* run = new QHBoxLayout(runBox);
    m_deploy = new QPushButton(tr("Deploy"));
    m_deploy->setMinimumSize(150, 48);
    m_deploy->setStyleSheet(QStringLiteral(
        "QPushButton { font-size: 13pt; font-weight: bold; background: #2f6fde; color: white; border-radius: 6px; "
        "padding: 6px 24px; } QPushButton:disabled { background: #a9bfe8; }"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setMinimumHeight(32);
    m_cancel->setEnabled(false);
    run->addWidget(m_deploy);
    run->addWidget(m_cancel);
    auto* stages = new QGridLayout;
    stages->setHorizontalSpacing(12);
    for (int i = 0; i < kStageCount; ++i) {
        auto* title = new QLabel(tr(kStageTitles[i]));
        title->setStyleSheet(QStringLiteral("font-weight: bold;"));
        auto* bar = new QProgressBar;
        bar->setRange(0, 100);
        bar->setValue(0);
        bar->setTextVisible(true);
        bar->setMinimumWidth(110);
        stages->addWidget(title, 0, i);
        stages->addWidget(bar, 1, i);
        m_stageBars.push_back(bar);
    }
    m_status = new QLabel(tr("Choose a model and a board, then Deploy."));
    m_status->setWordWrap(true);
    stages->addWidget(m_status, 2, 0, 1, kStageCount);
    run->addSpacing(12);
    run->addLayout(stages, 1);
    layout->addWidget(runBox);

    // ---- log and history ----
    auto* split = new QSplitter(Qt::Vertical);
    m_log = new QPlainTextEdit;
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("The build log appears here while deploying."));
    auto* logBox = new QGroupBox(tr("Log"));
    (new QVBoxLayout(logBox))->addWidget(m_log);
    split->addWidget(logBox);
    m_history = new QTableWidget(0, 6);
    m_history->setHorizontalHeaderLabels(
        {tr("Time"), tr("Model"), tr("Board"), tr("Firmware (SHA-256)"), tr("Status"), tr("Reason")});
    m_history->verticalHeader()->hide();
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->horizontalHeader()->setStretchLastSection(true);
    auto* historyBox = new QGroupBox(tr("Deployment history"));
    (new QVBoxLayout(historyBox))->addWidget(m_history);
    split->addWidget(historyBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_deploy, &QPushButton::clicked, this, [this] { deploy(); });
    connect(m_cancel, &QPushButton::clicked, this, &DeploymentPage::cancel);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Choose a model"), QString(), tr("TensorFlow Lite model (*.tflite)"));
        if (!file.isEmpty())
            addModelFile(file);
    });
    connect(m_boardCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateBoardInfo();
        updateEstimate();
    });
    connect(m_modelCombo, &QComboBox::currentIndexChanged, this, &DeploymentPage::updateEstimate);
    connect(m_job, &DeployJob::stageChanged, this, &DeploymentPage::onStage);
    connect(m_job, &DeployJob::logLines, this, [this](const QStringList& lines) {
        for (const QString& line : lines)
            m_log->appendPlainText(line);
    });
    connect(m_job, &DeployJob::finished, this, &DeploymentPage::onFinished);
    connect(&m_context, &StudioContext::projectChanged, this, &DeploymentPage::refresh);
    // A board that was just booted (QEMU under load) may miss the first
    // handshake: retry a few times on the port the deployment verified.
    connect(&m_board, &BoardLink::stateChanged, this, [this](device::SessionState state, const QString&) {
        constexpr int kMaxReconnects = 4;
        if (state != device::SessionState::Failed || m_lastConnection.isEmpty() ||
            m_board.port() != m_lastConnection || m_reconnectAttempts >= kMaxReconnects)
            return;
        ++m_reconnectAttempts;
        QTimer::singleShot(500, this, [this] {
            if (m_board.port() == m_lastConnection && !m_board.isConnected())
                m_board.connectTo(m_lastConnection);
        });
    });
    refresh();
}

DeploymentPage::~DeploymentPage() = default;

void DeploymentPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!isDeploying()) {
        loadModels();  // a quantization may have added one meanwhile
        loadHistory();
    }
}

void DeploymentPage::refresh() {
    loadBoards();
    loadModels();
    loadHistory();
}

void DeploymentPage::loadBoards() {
    const QString previous = m_boardCombo->currentData().toString();
    QSignalBlocker block(m_boardCombo);
    m_boardCombo->clear();
    auto profiles = firmware::loadBoardProfiles(firmware::defaultBoardsDir());
    if (!profiles) {
        m_profiles.clear();
        setStatus(tr("Board profiles could not be loaded: %1").arg(QString::fromStdString(profiles.message())), true);
    } else {
        m_profiles = std::move(*profiles);
    }
    QString preferred = previous;
    if (preferred.isEmpty() && m_context.project())
        preferred = QString::fromStdString(m_context.project()->settingOr(project::kSettingDefaultBoard, ""));
    for (const auto& p : m_profiles)
        m_boardCombo->addItem(QStringLiteral("%1 — %2").arg(QString::fromStdString(p.name),
                                                            QString::fromStdString(p.displayName)),
                              QString::fromStdString(p.name));
    int index = m_boardCombo->findData(preferred);
    if (index < 0)
        index = m_boardCombo->findData(QStringLiteral("qemu-mps2-an386"));  // the board models can deploy to
    m_boardCombo->setCurrentIndex(std::max(index, 0));
    updateBoardInfo();
}

void DeploymentPage::loadModels() {
    const QString previousPath = currentModel() ? currentModel()->path : QString();
    std::vector<ModelChoice> files;  // keep files the user added
    for (const auto& m : m_models)
        if (!m.rowId)
            files.push_back(m);
    m_models.clear();
    if (auto* project = m_context.project()) {
        if (auto rows = project->store().models()) {
            for (auto it = rows->rbegin(); it != rows->rend(); ++it) {
                const QString path =
                    QDir(QString::fromStdString(project->dir().string())).filePath(QString::fromStdString(it->path));
                if (!path.endsWith(QLatin1String(".tflite")))
                    continue;  // float weights folders: quantize them on the Model page first
                ModelChoice choice;
                choice.path = path;
                choice.rowId = it->id;
                choice.labels = classesOf(it->metricsJson);
                if (choice.labels.empty() && it->parentModelId)
                    if (auto parent = project->store().model(*it->parentModelId))
                        choice.labels = classesOf(parent->metricsJson);
                choice.title = tr("#%1 %2 · %3 · %4")
                                   .arg(it->id)
                                   .arg(QString::fromStdString(it->kind), QFileInfo(path).fileName(),
                                        QDateTime::fromMSecsSinceEpoch(it->createdMs).toString("yyyy-MM-dd hh:mm"));
                m_models.push_back(std::move(choice));
            }
        }
    }
    for (auto& f : files)
        m_models.push_back(std::move(f));
    QSignalBlocker block(m_modelCombo);
    m_modelCombo->clear();
    int select = 0;
    for (size_t i = 0; i < m_models.size(); ++i) {
        m_modelCombo->addItem(m_models[i].title);
        if (m_models[i].path == previousPath)
            select = static_cast<int>(i);
    }
    if (m_models.empty())
        m_modelCombo->setPlaceholderText(tr("No int8 model yet — quantize one on the Model page, or choose a file"));
    m_modelCombo->setCurrentIndex(m_models.empty() ? -1 : select);
    updateEstimate();
}

void DeploymentPage::addModelFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (size_t i = 0; i < m_models.size(); ++i) {
        if (m_models[i].path == absolute) {
            m_modelCombo->setCurrentIndex(static_cast<int>(i));
            return;
        }
    }
    ModelChoice choice;
    choice.path = absolute;
    choice.title = tr("File: %1").arg(QFileInfo(absolute).fileName());
    m_models.push_back(choice);
    m_modelCombo->addItem(choice.title);
    m_modelCombo->setCurrentIndex(m_modelCombo->count() - 1);
}

bool DeploymentPage::selectBoard(const QString& profileName) {
    const int index = m_boardCombo->findData(profileName);
    if (index >= 0)
        m_boardCombo->setCurrentIndex(index);
    return index >= 0;
}

bool DeploymentPage::selectModelRow(int64_t modelId) {
    for (size_t i = 0; i < m_models.size(); ++i) {
        if (m_models[i].rowId == modelId) {
            m_modelCombo->setCurrentIndex(static_cast<int>(i));
            return true;
        }
    }
    return false;
}

const firmware::BoardProfile* DeploymentPage::currentBoard() const {
    const QString name = m_boardCombo->currentData().toString();
    for (const auto& p : m_profiles)
        if (QString::fromStdString(p.name) == name)
            return &p;
    return nullptr;
}

const DeploymentPage::ModelChoice* DeploymentPage::currentModel() const {
    const int i = m_modelCombo ? m_modelCombo->currentIndex() : -1;
    return i >= 0 && i < static_cast<int>(m_models.size()) ? &m_models[static_cast<size_t>(i)] : nullptr;
}

void DeploymentPage::updateBoardInfo() {
    const auto* b = currentBoard();
    if (!b) {
        m_boardInfo->setText(tr("No board profile selected."));
        m_emulatorNote->hide();
        return;
    }
    QStringList sensors;
    for (const auto& s : b->sensors)
        sensors << QString::fromStdString(s.name);
    m_boardInfo->setText(tr("%1 · %2 · %3 · RAM %4 · flash %5 · sensors: %6 · flasher: %7")
                             .arg(QString::fromStdString(b->mcu), QString::fromStdString(b->core),
                                  clockText(b->clockHz), MemoryBar::humanBytes(b->ramBytes),
                                  MemoryBar::humanBytes(b->flashBytes), sensors.join(QStringLiteral(", ")),
                                  QString::fromStdString(b->flasher.driver)));
    if (b->emulated) {
        // The profile's own timing note says it best; the generic line is the fallback.
        QString note = !b->timingNote.empty() ? QString::fromStdString(b->timingNote)
                       : b->toolchain.kind == "arm-none-eabi"
                           ? tr("Cycle figures come from the QEMU emulator (-icount), not silicon.")
                           : tr("Simulated board: timings are host time.");
        note = tr("Emulated board: %1").arg(note);
        m_emulatorNote->setText(note);
        m_emulatorNote->show();
    } else {
        m_emulatorNote->hide();
    }
}

void DeploymentPage::updateEstimate() {
    const auto* b = currentBoard();
    const auto* m = currentModel();
    if (!b || !m) {
        m_fitTitle->setText(tr("Choose a model and a board to see whether it fits."));
        m_flashBar->clearUsage(tr("no model selected"));
        m_ramBar->clearUsage(tr("no model selected"));
        return;
    }
    auto cached = m_estimates.find(m->path);
    if (cached == m_estimates.end()) {
        // Code generation gives the exact weights and arena the build will use.
        firmware::CodegenOptions options;
        options.labels = m->labels;
        auto generated = firmware::generateModel(readBytes(m->path), options);
        Estimate e;
        e.ok = generated.ok();
        if (generated)
            e.usage = firmware::estimateUsage(*generated);
        else
            e.error = QString::fromStdString(generated.message());
        cached = m_estimates.emplace(m->path, std::move(e)).first;
    }
    if (!cached->second.ok) {
        m_fitTitle->setText(tr("This model cannot be deployed: %1").arg(cached->second.error));
        m_fitTitle->setStyleSheet(QStringLiteral("color: #c0392b;"));
        m_flashBar->clearUsage(tr("unsupported model"));
        m_ramBar->clearUsage(tr("unsupported model"));
        return;
    }
    m_fitTitle->setStyleSheet(QStringLiteral("color: #555b63;"));
    const auto& usage = cached->second.usage;
    m_fitTitle->setText(tr("Estimate before building (agent baseline + this model's weights and arena):"));
    m_flashBar->setUsage(MemoryBar::flashSegments(usage), b->flashBytes, tr("estimate"));
    m_ramBar->setUsage(MemoryBar::ramSegments(usage), b->ramBytes, tr("estimate"));
}

void DeploymentPage::loadHistory() {
    m_history->setRowCount(0);
    auto* store = m_context.store();
    if (!store)
        return;
    auto rows = firmware::deploymentHistory(*store);
    if (!rows) {
        setStatus(tr("Deployment history unavailable: %1").arg(QString::fromStdString(rows.message())), true);
        return;
    }
    m_history->setRowCount(static_cast<int>(rows->size()));
    for (int r = 0; r < static_cast<int>(rows->size()); ++r) {
        const auto& row = (*rows)[static_cast<size_t>(r)];
        auto set = [&](int c, const QString& text, const QString& tip = {}) {
            auto* item = new QTableWidgetItem(text);
            item->setToolTip(tip.isEmpty() ? text : tip);
            m_history->setItem(r, c, item);
        };
        const QString status = QString::fromStdString(row.status);
        const QString firmwareHash = QString::fromStdString(row.firmwareHash);
        set(0, QDateTime::fromMSecsSinceEpoch(row.createdMs).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")));
        set(1, QStringLiteral("#%1 %2 · %3")
                   .arg(row.modelId)
                   .arg(QString::fromStdString(row.modelKind),
                        QFileInfo(QString::fromStdString(row.modelPath)).fileName()),
            QString::fromStdString(row.modelPath + (row.modelHash.empty() ? "" : "\nmodel SHA-256 " + row.modelHash)));
        set(2, QString::fromStdString(row.board));
        set(3, firmwareHash.isEmpty() ? tr("(not built)") : firmwareHash.left(16) + QStringLiteral("…"), firmwareHash);
        set(4, status);
        const QColor color = status == QLatin1String("verified") ? QColor(0x2c, 0x7a, 0x3f)
                             : status == QLatin1String("failed") ? QColor(0xc0, 0x39, 0x2b)
                                                                 : QColor(0x7a, 0x80, 0x88);
        m_history->item(r, 4)->setForeground(color);
        // One line for the cell (the fit report's lines follow a ':'); the
        // tooltip keeps the whole text.
        QString reason = QString::fromStdString(row.reason);
        reason.replace(QStringLiteral(":\n"), QStringLiteral(": ")).replace(QLatin1Char('\n'), QStringLiteral(" · "));
        if (!row.stage.empty() && status != QLatin1String("verified"))
            reason = tr("%1: %2").arg(QString::fromStdString(row.stage), reason);
        if (status == QLatin1String("verified"))
            reason = tr("board reports the model hash · %1 s").arg(row.seconds, 0, 'f', 1);
        set(5, reason, QString::fromStdString(row.reason));
    }
}

bool DeploymentPage::deploy() {
    if (isDeploying())
        return false;
    const auto* b = currentBoard();
    const auto* m = currentModel();
    if (!b || !m) {
        setStatus(tr("Choose a model and a board first."), true);
        return false;
    }
    firmware::DeployRequest request;
    request.model = m->path.toStdString();
    request.labels = m->labels;
    request.board = *b;
    request.flasher = m_flasherOptions;
    QString workDir = m_workDirOverride;
    if (workDir.isEmpty())
        workDir = m_context.project()
                      ? QString::fromStdString((m_context.project()->buildsDir() / b->name).string())
                      : QDir::temp().filePath(QStringLiteral("mote-deploy-") + QString::fromStdString(b->name));
    request.workDir = workDir.toStdString();

    // The flasher stops the board we may be talking to: let go of its port first.
    if (auto running = firmware::findRunningBoard(m_flasherOptions.stateDir, b->name);
        running && m_board.mode() == BoardLink::Mode::Protocol &&
        m_board.port() == QString::fromStdString(running->connectionPath))
        m_board.disconnectBoard();

    m_log->clear();
    for (auto* bar : m_stageBars) {
        bar->setValue(0);
        bar->setStyleSheet(QString());
    }
    const QString database = m_context.hasProject() ? m_context.databaseFile() : QString();
    if (!m_job->start(request, database, m->rowId))
        return false;
    setRunning(true);
    setStatus(tr("Deploying %1 to %2…").arg(QFileInfo(m->path).fileName(), QString::fromStdString(b->name)));
    return true;
}

void DeploymentPage::cancel() {
    if (!isDeploying())
        return;
    m_job->cancel();
    setStatus(tr("Cancelling…"));
}

bool DeploymentPage::isDeploying() const { return m_job->isRunning(); }

void DeploymentPage::onStage(firmware::DeployStage stage, int percent) {
    const int index = stageIndex(stage);
    for (int i = 0; i < kStageCount && i < index; ++i)
        m_stageBars[static_cast<size_t>(i)]->setValue(100);
    if (index >= kStageCount)
        return;
    int value = 0;
    switch (stage) {
    case firmware::DeployStage::Generate: value = 10; break;
    case firmware::DeployStage::FitEstimate: value = 60; break;
    case firmware::DeployStage::Build: value = std::clamp((percent - 10) * 100 / 70, 0, 99); break;
    case firmware::DeployStage::FitMeasured: value = 100; break;
    case firmware::DeployStage::Flash:
    case firmware::DeployStage::Verify: value = 50; break;
    case firmware::DeployStage::Done: value = 100; break;
    }
    m_stageBars[static_cast<size_t>(index)]->setValue(value);
    setStatus(tr("%1…").arg(QString::fromUtf8(firmware::deployStageName(stage))));
}

void DeploymentPage::onFinished() {
    setRunning(false);
    const DeployOutcome& outcome = m_job->outcome();
    if (outcome.ok) {
        for (auto* bar : m_stageBars)
            bar->setValue(100);
        const auto& r = outcome.result;
        setStatus(tr("Verified: the board runs model %1… (%2 s). Connected on %3.")
                      .arg(QString::fromStdString(r.model.hash.substr(0, 12)))
                      .arg(r.seconds, 0, 'f', 1)
                      .arg(QString::fromStdString(r.connectionPath)));
        if (const auto* b = currentBoard()) {
            m_fitTitle->setText(tr("Measured from the built firmware (%1 / nm):")
                                    .arg(QString::fromStdString(b->toolchain.sizeProgram)));
            m_flashBar->setUsage(MemoryBar::flashSegments(r.usage), b->flashBytes, tr("measured"));
            m_ramBar->setUsage(MemoryBar::ramSegments(r.usage), b->ramBytes, tr("measured"));
        }
        m_lastConnection = QString::fromStdString(r.connectionPath);
        m_reconnectAttempts = 0;
        m_board.connectTo(m_lastConnection);
    } else {
        for (auto* bar : m_stageBars)
            if (bar->value() < 100) {
                bar->setStyleSheet(QStringLiteral("QProgressBar::chunk { background: #c0392b; }"));
                if (bar->value() == 0)
                    bar->setValue(100);
                break;
            }
        setStatus(outcome.cancelled ? tr("Deployment cancelled; the board was not changed.")
                                    : tr("Deployment failed: %1").arg(outcome.error.section(QLatin1Char('\n'), 0, 0)),
                  !outcome.cancelled);
    }
    if (!outcome.recordError.isEmpty())
        emit message(tr("The deployment could not be recorded: %1").arg(outcome.recordError));
    loadHistory();
    emit deployFinished(outcome.ok);
}

void DeploymentPage::setRunning(bool running) {
    m_deploy->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_modelCombo->setEnabled(!running);
    m_boardCombo->setEnabled(!running);
    m_browse->setEnabled(!running);
}

void DeploymentPage::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
    if (error)
        emit message(text);
}

QString DeploymentPage::statusText() const { return m_status->text(); }
QString DeploymentPage::logText() const { return m_log->toPlainText(); }
int DeploymentPage::historyRowCount() const { return m_history->rowCount(); }
QString DeploymentPage::historyCell(int row, int column) const {
    auto* item = m_history->item(row, column);
    return item ? item->text() : QString();
}
bool DeploymentPage::emulatorNoteVisible() const { return !m_emulatorNote->isHidden(); }
int DeploymentPage::stageProgress(int stageIndex) const {
    return stageIndex >= 0 && stageIndex < kStageCount ? m_stageBars[static_cast<size_t>(stageIndex)]->value() : -1;
}

}  // namespace mote::studio

#include "acquisition_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStringListModel>
#include <QTimer>
#include <QVBoxLayout>

#include "board_link.h"
#include "dataset_commands.h"
#include "link_budget.h"
#include "serial/transport.h"
#include "signal_plot.h"
#include "studio_context.h"

namespace mote::studio {
namespace {

const char* kRecordStyle =
    "QPushButton { background: #c0392b; color: white; font-size: 15pt; font-weight: bold; border-radius: 6px; "
    "padding: 10px; } QPushButton:disabled { background: #d9b8b4; } QPushButton:hover { background: #a93226; }";

}  // namespace

AcquisitionPage::AcquisitionPage(StudioContext& context, BoardLink& board, QWidget* parent)
    : QWidget(parent), m_context(context), m_board(board) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(12);

    // ---- left: what to record ----
    auto* formBox = new QGroupBox(tr("Record a sample"));
    formBox->setMinimumWidth(300);
    formBox->setMaximumWidth(360);
    auto* formLayout = new QVBoxLayout(formBox);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_sensor = new QComboBox;
    form->addRow(tr("Sensor"), m_sensor);
    m_rate = new QComboBox;
    form->addRow(tr("Rate"), m_rate);
    m_length = new QDoubleSpinBox;
    m_length->setRange(0.1, 600.0);
    m_length->setDecimals(1);
    m_length->setValue(2.0);
    m_length->setSuffix(tr(" s"));
    form->addRow(tr("Length"), m_length);
    auto* continuousRow = new QHBoxLayout;
    m_continuous = new QCheckBox(tr("Continuous, cut into"));
    m_count = new QSpinBox;
    m_count->setRange(1, 1000);
    m_count->setValue(1);
    m_count->setSuffix(tr(" samples"));
    continuousRow->addWidget(m_continuous);
    continuousRow->addWidget(m_count, 1);
    form->addRow(QString(), continuousRow);
    m_label = new QLineEdit;
    m_label->setPlaceholderText(tr("e.g. wave, idle, yes"));
    m_labelModel = new QStringListModel(this);
    auto* completer = new QCompleter(m_labelModel, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_label->setCompleter(completer);
    form->addRow(tr("Label"), m_label);
    m_split = new QComboBox;
    m_split->addItem(tr("Automatic (80/20)"), QStringLiteral("auto"));
    m_split->addItem(tr("Train"), QStringLiteral("train"));
    m_split->addItem(tr("Test"), QStringLiteral("test"));
    form->addRow(tr("Split"), m_split);
    m_countdownBox = new QCheckBox(tr("3-second countdown before recording"));
    form->addRow(QString(), m_countdownBox);
    formLayout->addLayout(form);
    m_record = new QPushButton(tr("● Record"));
    m_record->setStyleSheet(QString::fromLatin1(kRecordStyle));
    m_record->setMinimumHeight(56);
    m_record->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_record->setToolTip(tr("Record (Ctrl+R)"));
    formLayout->addWidget(m_record);
    m_budget = new QLabel;
    m_budget->setWordWrap(true);
    formLayout->addWidget(m_budget);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    formLayout->addWidget(m_status);
    formLayout->addStretch();
    layout->addWidget(formBox);

    // ---- right: scope on top, recent below ----
    auto* right = new QVBoxLayout;
    auto* scopeBox = new QGroupBox(tr("Live scope"));
    auto* scopeLayout = new QVBoxLayout(scopeBox);
    m_scope = new SignalPlot;
    m_scope->setPlaceholder(tr("Connect a board on the Devices page to see its signal here"));
    scopeLayout->addWidget(m_scope, 1);
    auto* scopeControls = new QHBoxLayout;
    m_pause = new QCheckBox(tr("Pause"));
    m_pause->setShortcut(QKeySequence(Qt::Key_Space));
    m_autoscale = new QCheckBox(tr("Autoscale"));
    m_autoscale->setChecked(true);
    m_fps = new QLabel;
    m_fps->setStyleSheet(QStringLiteral("color: #555b63;"));
    scopeControls->addWidget(m_pause);
    scopeControls->addWidget(m_autoscale);
    scopeControls->addStretch();
    scopeControls->addWidget(m_fps);
    scopeLayout->addLayout(scopeControls);
    right->addWidget(scopeBox, 3);

    auto* recentBox = new QGroupBox(tr("Recorded in this session"));
    auto* recentLayout = new QHBoxLayout(recentBox);
    auto* recentLeft = new QVBoxLayout;
    m_recent = new QListWidget;
    m_recent->setMinimumWidth(220);
    m_recent->setMaximumWidth(300);
    recentLeft->addWidget(m_recent, 1);
    auto* recentButtons = new QHBoxLayout;
    m_relabelRecent = new QPushButton(tr("Relabel…"));
    m_deleteRecent = new QPushButton(tr("Delete"));
    recentButtons->addWidget(m_relabelRecent);
    recentButtons->addWidget(m_deleteRecent);
    recentLeft->addLayout(recentButtons);
    recentLayout->addLayout(recentLeft);
    m_recentPlot = new SignalPlot;
    m_recentPlot->setPlaceholder(tr("New recordings appear on the left; pick one to see it"));
    recentLayout->addWidget(m_recentPlot, 1);
    right->addWidget(recentBox, 2);
    layout->addLayout(right, 1);

    m_countdown = new QTimer(this);
    m_countdown->setInterval(1000);

    // ---- wiring ----
    connect(m_record, &QPushButton::clicked, this, [this] {
        if (m_board.isRecording() || m_countdown->isActive())
            cancelRecording();
        else
            record();
    });
    connect(m_countdown, &QTimer::timeout, this, [this] {
        if (--m_countdownLeft > 0) {
            m_record->setText(tr("Recording in %1…").arg(m_countdownLeft));
            return;
        }
        m_countdown->stop();
        beginRecording();
    });
    connect(m_sensor, &QComboBox::currentIndexChanged, this, &AcquisitionPage::onSensorChanged);
    connect(m_rate, &QComboBox::currentIndexChanged, this, [this] {
        updateLinkBudget();
        updatePreview();
    });
    connect(m_continuous, &QCheckBox::toggled, m_count, &QWidget::setEnabled);
    m_count->setEnabled(false);
    connect(m_label, &QLineEdit::textChanged, this, &AcquisitionPage::updateButtons);
    connect(m_pause, &QCheckBox::toggled, m_scope, &SignalPlot::setPaused);
    connect(m_autoscale, &QCheckBox::toggled, m_scope, &SignalPlot::setAutoscale);
    connect(m_recent, &QListWidget::currentRowChanged, this, &AcquisitionPage::showRecent);
    connect(m_relabelRecent, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString label = QInputDialog::getItem(this, tr("Relabel"), tr("New label:"), completionLabels(), 0, true, &ok);
        if (ok)
            relabelRecent(label);
    });
    connect(m_deleteRecent, &QPushButton::clicked, this, &AcquisitionPage::deleteRecent);

    connect(&m_board, &BoardLink::capabilitiesChanged, this, &AcquisitionPage::onCapabilities);
    connect(&m_board, &BoardLink::stateChanged, this, [this] {
        onCapabilities();
        updateButtons();
    });
    connect(&m_board, &BoardLink::samplesArrived, this,
            [this](const QString& sensor, int axes, const std::vector<float>& values) {
                if (sensor != m_sensor->currentText() || axes != static_cast<int>(m_scope->channels().size()))
                    return;
                m_scope->appendFrames(values.data(), values.size() / static_cast<std::size_t>(std::max(1, axes)));
            });
    connect(&m_board, &BoardLink::recordingProgress, this, [this](int done, int total) {
        if (total > 1)
            say(tr("Recording… %1 of %2 done").arg(done).arg(total));
    });
    connect(&m_board, &BoardLink::recordingFinished, this, &AcquisitionPage::onFinished);
    connect(&m_context, &StudioContext::datasetChanged, this, [this] {
        reloadLabels();
        reloadRecent();
    });
    connect(&m_context, &StudioContext::projectChanged, this, [this] {
        m_recentIds.clear();
        reloadRecent();
    });

    auto* fpsTimer = new QTimer(this);
    fpsTimer->setInterval(1000);
    connect(fpsTimer, &QTimer::timeout, this, [this] {
        m_scopeFps = m_scope->paintCount() - m_lastPaints;
        m_lastPaints = m_scope->paintCount();
        m_fps->setText(m_scope->frameCount() > 0 ? tr("%1 frames/s on screen").arg(m_scopeFps, 0, 'f', 0) : QString());
    });
    fpsTimer->start();

    reloadLabels();
    onCapabilities();
}

void AcquisitionPage::say(const QString& text) {
    m_status->setText(text);
    emit message(text);
}

QString AcquisitionPage::statusText() const { return m_status->text(); }
QString AcquisitionPage::linkBudgetText() const { return m_budget->text(); }

QStringList AcquisitionPage::completionLabels() const { return m_labelModel->stringList(); }

QStringList AcquisitionPage::sensorNames() const {
    QStringList names;
    for (int i = 0; i < m_sensor->count(); ++i)
        names << m_sensor->itemText(i);
    return names;
}

void AcquisitionPage::reloadLabels() {
    QStringList labels;
    if (auto* store = m_context.store())
        if (auto all = store->labels())
            for (const auto& l : all.value())
                labels << QString::fromStdString(l);
    m_labelModel->setStringList(labels);
}

void AcquisitionPage::onCapabilities() {
    const QString previous = m_sensor->currentText();
    QStringList sensors;
    if (m_board.mode() == BoardLink::Mode::Forwarder) {
        sensors << QStringLiteral("forwarder");
    } else if (const auto caps = m_board.capabilities(); caps && m_board.isConnected()) {
        for (const auto& s : caps->sensors)
            sensors << QString::fromStdString(s.name);
    }
    QStringList current;
    for (int i = 0; i < m_sensor->count(); ++i)
        current << m_sensor->itemText(i);
    if (current != sensors) {
        m_sensor->blockSignals(true);
        m_sensor->clear();
        m_sensor->addItems(sensors);
        if (sensors.contains(previous))
            m_sensor->setCurrentText(previous);
        m_sensor->blockSignals(false);
        onSensorChanged();
    }
    updateButtons();
}

void AcquisitionPage::onSensorChanged() {
    m_rate->blockSignals(true);
    m_rate->clear();
    QStringList axes;
    QString unit;
    const auto caps = m_board.capabilities();
    const auto* sensor = caps ? caps->findSensor(m_sensor->currentText().toStdString()) : nullptr;
    if (m_board.mode() == BoardLink::Mode::Forwarder) {
        m_rate->addItem(tr("measured from the data"), 0.0);
    } else if (sensor) {
        for (float r : sensor->ratesHz)
            m_rate->addItem(QStringLiteral("%1 Hz").arg(r, 0, 'g', 6), static_cast<double>(r));
        // Default: 100 Hz for motion if offered, else the highest rate.
        int pick = m_rate->count() - 1;
        for (int i = 0; i < m_rate->count(); ++i)
            if (qFuzzyCompare(m_rate->itemData(i).toDouble(), 100.0))
                pick = i;
        m_rate->setCurrentIndex(pick);
        for (const auto& a : sensor->axes)
            axes << QString::fromStdString(a);
        if (!sensor->units.empty())
            unit = QString::fromStdString(sensor->units.front());
        m_length->setValue(sensor->ratesHz.empty() || sensor->ratesHz.back() < 4000 ? 2.0 : 1.0);
    }
    m_rate->blockSignals(false);
    m_scope->setChannels(axes, unit);
    m_scope->setTitle(m_sensor->currentText());
    updateLinkBudget();
    updatePreview();
}

void AcquisitionPage::updatePreview() {
    if (m_board.mode() != BoardLink::Mode::Protocol || !m_board.isConnected() || m_board.isRecording())
        return;
    const double rate = m_rate->currentData().toDouble();
    if (m_sensor->currentText().isEmpty() || rate <= 0)
        return;
    // Audio: 2 s of history keeps the waveform readable; motion: 5 s.
    m_scope->setLiveWindow(rate >= 4000 ? 2.0 : 5.0, rate);
    m_board.stopStream();
    if (auto st = m_board.startStream(m_sensor->currentText(), static_cast<float>(rate)); !st)
        say(QString::fromStdString(st.message()));
}

void AcquisitionPage::updateLinkBudget() {
    const auto caps = m_board.capabilities();
    const auto* sensor = caps ? caps->findSensor(m_sensor->currentText().toStdString()) : nullptr;
    const double rate = m_rate->currentData().toDouble();
    if (!sensor || rate <= 0) {
        m_budget->clear();
        return;
    }
    const QString kind = serial::isPseudoTerminal(m_board.port().toStdString()) ? QStringLiteral("pty")
                                                                                  : QStringLiteral("usb");
    const auto budget = computeLinkBudget(static_cast<int>(sensor->axes.size()), rate, 2, kind, 115200,
                                          sensor->maxChunkSamples > 0 ? sensor->maxChunkSamples * static_cast<int>(sensor->axes.size()) : 256);
    m_budget->setText(tr("<span style='color:%1'>Link: %2</span>")
                          .arg(budget.fits ? QStringLiteral("#2c7a3f") : QStringLiteral("#c0392b"), budget.text.toHtmlEscaped()));
}

void AcquisitionPage::updateButtons() {
    const bool recording = m_board.isRecording() || m_countdown->isActive();
    m_record->setEnabled(recording || (m_board.isConnected() && m_sensor->count() > 0 && m_context.hasProject()));
    if (!recording)
        m_record->setText(tr("● Record"));
    m_relabelRecent->setEnabled(m_recent->currentRow() >= 0);
    m_deleteRecent->setEnabled(m_recent->currentRow() >= 0);
}

void AcquisitionPage::setSensor(const QString& sensor) { m_sensor->setCurrentText(sensor); }
void AcquisitionPage::setRate(double hz) {
    for (int i = 0; i < m_rate->count(); ++i)
        if (qFuzzyCompare(m_rate->itemData(i).toDouble() + 1.0, hz + 1.0))
            m_rate->setCurrentIndex(i);
}
void AcquisitionPage::setLength(double seconds) { m_length->setValue(seconds); }
void AcquisitionPage::setContinuous(bool on, int count) {
    m_continuous->setChecked(on);
    m_count->setValue(count);
}
void AcquisitionPage::setLabel(const QString& label) { m_label->setText(label); }
void AcquisitionPage::setSplit(const QString& split) {
    const int i = m_split->findData(split);
    if (i >= 0)
        m_split->setCurrentIndex(i);
}
void AcquisitionPage::setCountdown(bool on) { m_countdownBox->setChecked(on); }
bool AcquisitionPage::isRecording() const { return m_board.isRecording() || m_countdown->isActive(); }

bool AcquisitionPage::record() {
    if (isRecording())
        return false;
    if (!m_context.hasProject()) {
        say(tr("Open or create a project first (File menu)."));
        return false;
    }
    if (!m_board.isConnected()) {
        say(tr("Connect a board on the Devices page first (or start the virtual board)."));
        return false;
    }
    if (m_label->text().trimmed().isEmpty()) {
        say(tr("Type a label for this recording first (what you are doing: wave, idle, yes…)."));
        m_label->setFocus();
        return false;
    }
    if (m_countdownBox->isChecked()) {
        m_countdownLeft = 3;
        m_record->setText(tr("Recording in %1…").arg(m_countdownLeft));
        m_countdown->start();
        updateButtons();
        return true;
    }
    beginRecording();
    return m_board.isRecording();
}

void AcquisitionPage::beginRecording() {
    device::RecordRequest request;
    request.sensor = m_sensor->currentText().toStdString();
    request.label = m_label->text().trimmed().toStdString();
    request.rateHz = static_cast<float>(m_rate->currentData().toDouble());
    request.lengthSeconds = m_length->value();
    request.continuous = m_continuous->isChecked();
    request.count = m_continuous->isChecked() ? m_count->value() : 1;
    request.split = m_split->currentData().toString().toStdString();
    QString why;
    if (!m_board.startRecording(m_context.databaseFile(), request, &why)) {
        say(why);
        updateButtons();
        return;
    }
    if (request.rateHz > 0)
        m_scope->setLiveWindow(std::max(2.0, std::min(10.0, request.lengthSeconds)), request.rateHz);
    m_record->setText(tr("■ Stop"));
    say(tr("Recording %1 s of \"%2\"…").arg(request.lengthSeconds * request.count).arg(m_label->text().trimmed()));
    updateButtons();
}

void AcquisitionPage::cancelRecording() {
    if (m_countdown->isActive()) {
        m_countdown->stop();
        say(tr("Countdown cancelled."));
    } else {
        m_board.cancelRecording();
    }
    updateButtons();
}

void AcquisitionPage::onFinished(const RecordingOutcome& outcome) {
    for (int64_t id : outcome.sampleIds)
        m_recentIds.insert(m_recentIds.begin(), id);
    QString text = tr("Recorded %n sample(s).", nullptr, static_cast<int>(outcome.sampleIds.size()));
    if (outcome.lossySamples > 0)
        text += tr(" %n had lost data and are flagged in the dataset.", nullptr, outcome.lossySamples);
    if (!outcome.error.isEmpty())
        text += QLatin1Char(' ') + outcome.error;
    say(text);
    m_context.notifyDatasetChanged();
    if (!outcome.sampleIds.empty())
        selectRecent(0);
    updateButtons();
    updatePreview();
}

std::vector<int64_t> AcquisitionPage::recentIds() const {
    std::vector<int64_t> out;
    for (int64_t id : m_recentIds)
        out.push_back(m_context.resolveId(id));
    return out;
}

void AcquisitionPage::reloadRecent() {
    const int row = m_recent->currentRow();
    m_recent->blockSignals(true);
    m_recent->clear();
    std::vector<int64_t> alive;
    if (auto* store = m_context.store()) {
        for (int64_t id : m_recentIds) {
            auto s = store->metadata(m_context.resolveId(id));
            if (!s)
                continue;  // deleted (undo brings it back under a new id)
            alive.push_back(id);
            auto* item = new QListWidgetItem(QStringLiteral("%1 · %2 s · %3 · #%4")
                                                 .arg(QString::fromStdString(s.value().label))
                                                 .arg(s.value().durationMs() / 1000.0, 0, 'f', 1)
                                                 .arg(QString::fromLatin1(dataset::splitName(s.value().split)))
                                                 .arg(s.value().id));
            if (s.value().lostFrames > 0 || s.value().crcErrors > 0)
                item->setForeground(QColor(0xc0, 0x39, 0x2b));
            m_recent->addItem(item);
        }
    }
    m_recent->blockSignals(false);
    // Keep deleted ones in m_recentIds: an undo brings them back.
    if (m_recent->count() > 0)
        m_recent->setCurrentRow(std::clamp(row, 0, m_recent->count() - 1));
    else
        showRecent();
    updateButtons();
}

void AcquisitionPage::selectRecent(int row) {
    reloadRecent();
    m_recent->setCurrentRow(row);
    showRecent();
}

void AcquisitionPage::showRecent() {
    const int row = m_recent->currentRow();
    updateButtons();
    const auto ids = recentIds();
    // Map the visible row to the live id (rows skip deleted samples).
    std::vector<int64_t> visible;
    if (auto* store = m_context.store())
        for (int64_t id : ids)
            if (store->metadata(id))
                visible.push_back(id);
    if (row < 0 || row >= static_cast<int>(visible.size()) || !m_context.store()) {
        m_recentPlot->setChannels({});
        return;
    }
    auto sample = m_context.store()->load(visible[static_cast<std::size_t>(row)]);
    if (!sample)
        return;
    QStringList axes;
    for (const auto& a : sample.value().axisNames)
        axes << QString::fromStdString(a);
    m_recentPlot->setChannels(axes, sample.value().units.empty() ? QString() : QString::fromStdString(sample.value().units[0]));
    m_recentPlot->setTitle(QString::fromStdString(sample.value().label));
    m_recentPlot->setSignal(sample.value().values(), sample.value().sampleRateHz);
}

bool AcquisitionPage::relabelRecent(const QString& label) {
    const int row = m_recent->currentRow();
    std::vector<int64_t> visible;
    for (int64_t id : recentIds())
        if (m_context.store() && m_context.store()->metadata(id))
            visible.push_back(id);
    if (row < 0 || row >= static_cast<int>(visible.size()) || label.trimmed().isEmpty())
        return false;
    m_context.undoStack()->push(new RelabelCommand(m_context, {visible[static_cast<std::size_t>(row)]},
                                                   label.trimmed().toStdString()));
    return true;
}

bool AcquisitionPage::deleteRecent() {
    const int row = m_recent->currentRow();
    std::vector<int64_t> visible;
    for (int64_t id : recentIds())
        if (m_context.store() && m_context.store()->metadata(id))
            visible.push_back(id);
    if (row < 0 || row >= static_cast<int>(visible.size()))
        return false;
    m_context.undoStack()->push(new DeleteSamplesCommand(m_context, {visible[static_cast<std::size_t>(row)]}));
    return true;
}

}  // namespace mote::studio
